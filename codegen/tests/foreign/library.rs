//! Behaviour of the crate generated from `codegen/tests/data/library`: a spec that shares no
//! name with Graph. Copied into that crate as `tests/behaviour.rs` by `foreign_specs.rs`.

use library::models::{Author, Book, BookFormat, BookProperty, Genre};
use library::operations::{CreateBook, GetFeaturedBook, RemoveBook, ReplaceBookTags, UpdateBook};
use library::requests::{ApiVersion, Cloud, Operation};
use library::{Field, Flags, ViolationCode};

const BOOK: &str = r##"{"id": "b-1", "title": "Dune", "copies": 3, "genre": "space opera",
    "formats": "Paperback, Ebook", "author": {"name": "Frank", "@odata.type": "#x.author", "x": [1]},
    "lendingKey": "s3cret", "publishedOn": "1965-08-01", "shelfLife": {"years": 70}}"##;

/// Models are non-exhaustive: built from their default.
fn author(name: &str) -> Author {
    let mut author = Author::default();
    author.name = Field::Value(name.into());
    author
}

fn codes(errors: &library::ValidationErrors) -> Vec<(String, ViolationCode)> {
    errors.violations().iter().map(|v| (v.pointer.clone(), v.code)).collect()
}

#[test]
fn a_response_parses_and_writes_back_what_it_read() {
    let book: Book = library::from_json(BOOK).expect("a book");
    assert_eq!(book.copies, Field::Value(3));
    assert_eq!(book.genre, Field::Value(Genre::from("space opera")));
    let formats: Flags<BookFormat> = [BookFormat::Paperback, BookFormat::Ebook].into_iter().collect();
    assert_eq!(book.formats, Field::Value(formats));
    assert!(book.additional_properties.contains_key("shelfLife"));
    let author = book.author.value().expect("an author");
    assert!(author.additional_properties.contains_key("@odata.type"));
    assert!(!format!("{book:?}").contains("s3cret"));
    let written: serde_json::Value = serde_json::from_slice(&book.to_json()).expect("JSON");
    let read: serde_json::Value = serde_json::from_str(BOOK).expect("JSON");
    assert_eq!(written, read);
    assert_eq!(book.to_json(), serde_json::to_vec(&book).expect("JSON"));
}

#[test]
fn paths_ending_alike_have_their_own_constructors() {
    let request = UpdateBook::shelves_books("s 1", "b/2").copies(4).if_match("7").build().expect("valid");
    assert_eq!(request.method(), http::Method::PATCH);
    assert_eq!(
        request.uri().to_string(),
        "https://api.library.example.org/2024-06/shelves/s%201/books/b%2F2"
    );
    assert_eq!(request.headers()["if-match"], "W/\"7\"");
    assert_eq!(request.headers()["x-library-client"], "codegen-tests/1.0");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert!(request.headers().get("authorization").is_none());
    assert_eq!(request.body(), br#"{"copies":4}"#);

    let request = UpdateBook::books("b").copies(1).if_match("1").build_for(ApiVersion::Preview, Cloud::Sovereign);
    assert_eq!(
        request.expect("valid").uri().to_string(),
        "https://gateway.example.net:8443/library/preview/books/b"
    );
    let request = UpdateBook::at_desk("d").copies(1).if_match("1").build().expect("valid");
    assert_eq!(request.uri().path(), "/2024-06/lending/desk/d/current");
}

#[test]
fn a_required_templated_header_is_validated() {
    let errors = UpdateBook::books("b").copies(1).build().expect_err("no If-Match");
    assert_eq!(codes(&errors), [(String::new(), ViolationCode::Required)]);
    let errors = UpdateBook::books("b").copies(1).if_match("1\r\nX-Evil: 1").build().expect_err("a newline");
    assert_eq!(codes(&errors), [(String::new(), ViolationCode::InvalidHeader)]);
    assert!(!errors.to_string().contains("X-Evil"));
}

#[test]
fn every_rule_of_the_spec_is_checked_at_once() {
    let errors = UpdateBook::books("")
        .title("")
        .isbn("12345")
        .contact_mail("nobody")
        .summary("only in preview")
        .genre(Genre::UnknownFutureValue)
        .if_match("1")
        .build()
        .expect_err("invalid");
    let mut found = codes(&errors);
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        found,
        [
            (String::new(), ViolationCode::InvalidTarget),
            ("/contactMail".to_string(), ViolationCode::InvalidEmail),
            ("/genre".to_string(), ViolationCode::SentinelMember),
            ("/isbn".to_string(), ViolationCode::PatternMismatch),
            ("/summary".to_string(), ViolationCode::PropertyNotInVersion),
            ("/title".to_string(), ViolationCode::TooShort),
        ]
    );
    UpdateBook::books("b").isbn("9780441013593").if_match("1").build().expect("a valid ISBN");
}

#[test]
fn a_diff_sends_what_changed_and_apply_makes_the_same_change() {
    let before: Book = library::from_json(BOOK).expect("a book");
    let mut after = before.clone();
    after.copies = Field::Value(5);
    after.genre = Field::Null;
    after.author = Field::Value(Box::new(author("F. Herbert")));
    let update = UpdateBook::books("b-1").diff(&before, &after).expect("a diff");
    assert_eq!(
        update.to_json(),
        br#"{"author":{"name":"F. Herbert"},"copies":5,"genre":null}"#.to_vec()
    );
    let mut applied = before.clone();
    update.apply(&mut applied);
    assert_eq!(applied, after);
}

#[test]
fn recursive_types_parse_round_trip_and_diff() {
    // Known properties are written in the order of the fields: alphabetical.
    let json = r#"{"author":{"bestBook":{"author":{"name":"Frank"},"title":"Dune"},"mentor":{"mentor":{"name":"Ann"},"name":"Jack"},"name":"Frank"},"title":"Dune"}"#;
    let book: Book = library::from_json(json).expect("a book");
    let author = book.author.value().expect("an author");
    let mentor: &Author = author.mentor.value().expect("a mentor");
    assert_eq!(mentor.mentor.value().and_then(|m| m.name.value()).map(String::as_str), Some("Ann"));
    assert_eq!(book.to_json(), json.as_bytes());
    assert_eq!(serde_json::to_vec(&book).expect("JSON"), json.as_bytes());

    let mut after = book.clone();
    if let Field::Value(author) = &mut after.author {
        author.mentor = Field::Value(Box::new(self::author("Jill")));
    }
    let update = UpdateBook::books("b").diff(&book, &after).expect("a diff");
    assert_eq!(
        update.to_json(),
        br#"{"author":{"bestBook":{"author":{"name":"Frank"},"title":"Dune"},"mentor":{"name":"Jill"},"name":"Frank"}}"#.to_vec()
    );
    let mut applied = book.clone();
    update.apply(&mut applied);
    assert_eq!(applied, after);
}

#[test]
fn a_collection_replace_answered_204_has_no_response_to_read() {
    let replace = ReplaceBookTags::tags("b", ["sci-fi".to_string(), "classic".to_string()]);
    let request = replace.build().expect("valid");
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(request.uri().path(), "/preview/books/b/tags");
    assert_eq!(request.body(), br#"{"tags":["sci-fi","classic"]}"#);
    assert_eq!(<ReplaceBookTags<'_> as Operation>::SUCCESS, 204);
    let nothing: () = ReplaceBookTags::parse_response(b"").expect("an empty body");
    assert_eq!(nothing, ());
}

#[test]
fn a_delete_sends_no_body_and_its_optional_header_only_when_given() {
    let plain = RemoveBook::books("s 1", "b").build().expect("valid");
    assert_eq!(plain.method(), http::Method::DELETE);
    assert_eq!(plain.uri(), "https://api.library.example.org/2024-06/shelves/s%201/books/b");
    assert!(plain.body().is_empty());
    assert!(plain.headers().is_empty(), "{:?}", plain.headers());
    let matched = RemoveBook::books("s", "b").if_match("7").build().expect("valid");
    assert_eq!(matched.headers()["if-match"], "W/\"7\"");
    let errors = RemoveBook::books("", "b")
        .build_for(ApiVersion::Preview, Cloud::Main)
        .expect_err("an empty shelf, and a version without the operation");
    assert_eq!(
        codes(&errors),
        [
            (String::new(), ViolationCode::UnsupportedVersion),
            (String::new(), ViolationCode::InvalidTarget),
        ]
    );
    let nothing: () = RemoveBook::parse_response(b"").expect("an empty body");
    assert_eq!(nothing, ());
}

#[test]
fn a_get_without_path_parameters_reads_the_resource() {
    let request = GetFeaturedBook::featured().build().expect("valid");
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), "https://api.library.example.org/2024-06/featured");
    assert_eq!(request.headers()["accept"], "application/json");
    assert!(request.body().is_empty());
    let book: Book = GetFeaturedBook::parse_response(br#"{"title":"Dune"}"#).expect("a book");
    assert_eq!(book.title, Field::Value("Dune".to_string()));
}

#[test]
fn select_names_the_properties_in_order_and_only_those_the_version_has() {
    let selected = GetFeaturedBook::featured().select([BookProperty::Title, BookProperty::Summary]);
    let request = selected.clone().build_for(ApiVersion::Preview, Cloud::Main).expect("valid");
    assert_eq!(request.uri().path_and_query().map(|p| p.as_str()), Some("/preview/featured?$select=title,summary"));
    let errors = selected.build().expect_err("summary is in preview only");
    assert_eq!(codes(&errors), [("/$select/1".to_string(), ViolationCode::PropertyNotInVersion)]);
    assert_eq!(BookProperty::ALL.len(), 15);
    assert_eq!(BookProperty::LendingKey.as_str(), "lendingKey");
    assert_eq!(BookProperty::Summary.versions(), ["preview"]);
}

#[test]
fn a_create_takes_the_required_title_beside_the_shelf_and_checks_nested_values() {
    let request = CreateBook::books("s 1", "Dune").copies(2).build().expect("valid");
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri().path(), "/2024-06/shelves/s%201/books");
    assert_eq!(request.body(), br#"{"copies":2,"title":"Dune"}"#);
    assert_eq!(<CreateBook<'_> as Operation>::SUCCESS, 201);
    let errors = CreateBook::books("s", "").author(Author::default()).build().expect_err("invalid");
    assert_eq!(
        codes(&errors),
        [
            ("/author/name".to_string(), ViolationCode::Required),
            ("/title".to_string(), ViolationCode::TooShort),
        ]
    );
}

#[cfg(feature = "client")]
#[tokio::test]
async fn the_client_receives_a_204_without_a_body() {
    use library::client::{AccessToken, Client};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/preview/books/b/tags"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(AccessToken::new("t"))
        .expect("a client")
        .root(server.uri().parse().expect("a URL"));
    let replace = ReplaceBookTags::tags("b", Vec::<String>::new());
    client.send(replace).await.expect("a success");
}

#[test]
fn a_list_filters_on_every_kind_of_value_and_sends_its_header_on_every_page() {
    use library::models::{BookFilter as F, BookOrderBy};
    use library::operations::ListShelfBooks;
    use library::query::Direction;

    let filter = F::COPIES
        .eq(3)
        .and(F::PUBLISHED_ON.ne(library::Date::from("1965-08-01".to_string())))
        .and(F::CATALOGUE_ID.is_in([library::Guid::from(
            "5b5b8a58-5e2d-4b7c-9f0e-0c8a2b1e6f3d".to_string(),
        )]))
        .and(F::GENRE.eq(Genre::NonFiction).or(F::TITLE.starts_with("It's")))
        .and(!F::AVAILABLE.eq(false));
    assert_eq!(
        filter.as_str(),
        "copies eq 3 and publishedOn ne 1965-08-01 \
         and catalogueId in (5b5b8a58-5e2d-4b7c-9f0e-0c8a2b1e6f3d) \
         and (genre eq 'nonFiction' or startsWith(title, 'It''s')) and not (available eq false)"
    );
    let request = ListShelfBooks::books("s 1")
        .filter(F::TITLE.is_null().or(F::COPIES.eq(0)))
        .order_by(BookOrderBy::Copies, Direction::Descending)
        .top(10)
        .build_for(ApiVersion::Preview, Cloud::Sovereign)
        .expect("valid");
    assert_eq!(
        request.uri(),
        "https://gateway.example.net:8443/library/preview/shelves/s%201/books\
         ?$filter=title%20eq%20null%20or%20copies%20eq%200&$orderby=copies%20desc&$top=10"
    );
    assert_eq!(request.headers()["consistencylevel"], "eventual");
    let next = library::paging::follow(
        "https://gateway.example.net:8443/library/preview/shelves/s%201/books?$skiptoken=2",
        &request,
    )
    .expect("the same host");
    assert_eq!(next.headers()["consistencylevel"], "eventual");
}

#[test]
fn filter_values_that_cant_be_literals_and_versions_that_cant_filter_are_reported() {
    use library::models::BookFilter as F;
    use library::operations::ListShelfBooks;

    let errors = ListShelfBooks::books("s1")
        .filter(
            F::PUBLISHED_ON
                .eq(library::Date::from("1965-08-01 or 1 eq 1".to_string()))
                .or(F::LENT_AT.is_not_null()),
        )
        .build_for(ApiVersion::V2024_06, Cloud::Main)
        .expect_err("invalid");
    assert_eq!(
        codes(&errors),
        [
            ("/$filter".to_string(), ViolationCode::PropertyNotInVersion),
            ("/$filter".to_string(), ViolationCode::InvalidQuery),
        ]
    );
    assert!(!errors.to_string().contains("1 eq 1"), "{errors}");
}

#[test]
fn a_delta_round_of_books_reads_removals_and_resumes_on_a_gateway() {
    use library::operations::BookChanges;
    use library::paging::{DeltaItem, DeltaLink, DeltaPage};

    let page: DeltaPage<Book> = BookChanges::parse_response(
        br#"{"value": [{"id": "b-1", "copies": 2}, {"id": "b-2", "@removed": {"reason": "changed"}}],
            "@odata.deltaLink": "https://gateway.example.net:8443/library/preview/books/delta?$deltatoken=Z"}"#,
    )
    .expect("a delta page");
    assert!(matches!(&page.value[0], DeltaItem::Changed(book) if book.copies == Field::Value(2)));
    assert!(matches!(&page.value[1], DeltaItem::Removed(removal) if removal.id == "b-2"));
    let link = page.delta_link.expect("the round ended");
    let resumed = BookChanges::from_link(link.clone())
        .build_for(ApiVersion::Preview, Cloud::Sovereign)
        .expect("the sovereign gateway");
    assert_eq!(resumed.uri(), link.as_str());
    let elsewhere = BookChanges::from_link(link).build_for(ApiVersion::Preview, Cloud::Main);
    assert!(elsewhere.is_err(), "a sovereign link is not sent to the main cloud");
    assert!(BookChanges::from_link(DeltaLink::new("not a url")).build().is_err());
}
