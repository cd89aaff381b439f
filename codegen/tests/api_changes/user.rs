//! A user's program, written against the crate of `data/api/spec.yaml`: it uses every item a
//! spec change can touch, as code that depends on the crate would. The API change tests compile
//! it against the crate of each changed spec, and run it where a change breaks at run time.

use api::Field;
use api::models::{Book, BookFilter, BookOrderBy, BookProperty, Cover, Genre, Mood, Shelf};
use api::operations::{CreateBook, GetBook, ListBooks, UpdateBook, UpdateBookTarget};
use api::query::Direction;
use api::requests::{ApiVersion, Cloud};

/// `Genre` and `Cover` are not evolvable: a `match` may name every member.
fn genre_name(genre: &Genre) -> &str {
    match genre {
        Genre::Fiction => "fiction",
        Genre::Poetry => "poetry",
        Genre::Unrecognized(other) => other,
    }
}

fn is_hard(cover: &Cover) -> bool {
    match cover {
        Cover::Hard => true,
        Cover::Soft | Cover::Unrecognized(_) => false,
    }
}

/// `Mood` is evolvable, so non-exhaustive: a `match` needs a `_` arm.
fn is_calm(mood: &Mood) -> bool {
    match mood {
        Mood::Calm => true,
        Mood::Tense | Mood::UnknownFutureValue => false,
        _ => false,
    }
}

fn version_name(version: ApiVersion) -> &'static str {
    match version {
        ApiVersion::V1 => "v1",
        ApiVersion::V2 => "v2",
        ApiVersion::V3 => "v3",
        _ => "newer",
    }
}

fn cloud_name(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Main => "main",
        Cloud::Other => "other",
        Cloud::Third => "third",
        _ => "another",
    }
}

fn target_name(target: &UpdateBookTarget<'_>) -> String {
    match target {
        UpdateBookTarget::Books { id } => format!("book {id}"),
        UpdateBookTarget::ShelvesBooks { shelf_id, id } => format!("book {id} on {shelf_id}"),
        UpdateBookTarget::AuthorsBooks { author_id, id } => format!("book {id} by {author_id}"),
        _ => "elsewhere".into(),
    }
}

fn main() {
    let mut book = Book::default();
    book.title = Field::Value("Dune".into());
    book.subtitle = Field::Null;
    book.note = Field::Value("signed".into());
    book.pages = Field::Value(412);
    book.year = Field::Value(1965);
    book.genre = Field::Value(Genre::Fiction);
    book.mood = Field::Value(Mood::Calm);
    book.cover = Field::Value(Cover::Hard);
    let Book { id, .. } = &book;
    assert_eq!(*id, Field::Absent);
    assert_eq!(book.note.value().map(String::len), Some(6));
    let mut shelf = Shelf::default();
    shelf.label = Field::Value("A".into());
    assert_eq!(genre_name(&Genre::Poetry), "poetry");
    assert!(is_calm(&Mood::Calm) && is_hard(&Cover::Hard));
    let target = UpdateBookTarget::Books { id: "b".into() };
    assert_eq!(target_name(&target), "book b");

    // Builds in every version and cloud the operation has, with the longest valid title.
    let update = UpdateBook::books("b1")
        .title("x".repeat(20))
        .clear_subtitle()
        .note("signed")
        .pages(412)
        .year(1965)
        .genre(Genre::Poetry)
        .mood(Mood::Tense)
        .cover(Cover::Soft);
    for version in [ApiVersion::V1, ApiVersion::V2] {
        for cloud in [Cloud::Main, Cloud::Other] {
            let request = update.clone().build_for(version, cloud);
            let (version, cloud) = (version_name(version), cloud_name(cloud));
            request.unwrap_or_else(|e| panic!("the update builds in {version}, {cloud}: {e}"));
        }
    }
    for update in [
        UpdateBook::shelves_books("s1", "b1"),
        UpdateBook::authors_books("a1", "b1"),
    ] {
        let request = update.title("Dune").build();
        request.unwrap_or_else(|e| panic!("the update builds: {e}"));
    }
    let create = CreateBook::books("Dune").pages(3).note("new").build();
    create.unwrap_or_else(|e| panic!("the create builds: {e}"));
    let get = GetBook::books("b1")
        .select([BookProperty::Title])
        .build_for(ApiVersion::V3, Cloud::Third);
    get.unwrap_or_else(|e| panic!("the get builds: {e}"));
    let list = ListBooks::books()
        .select([BookProperty::Title, BookProperty::Pages])
        .filter(BookFilter::TITLE.eq("Dune"))
        .order_by(BookOrderBy::Title, Direction::Ascending)
        .top(5)
        .build();
    list.unwrap_or_else(|e| panic!("the list builds: {e}"));
    println!("ok");
}
