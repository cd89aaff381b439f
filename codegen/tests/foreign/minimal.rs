//! Behaviour of the crate generated from `codegen/tests/data/minimal`: the least a spec can be.

use minimal::models::Note;
use minimal::operations::UpdateNote;

#[test]
fn parses_builds_and_diffs() {
    let note: Note = minimal::from_json(r#"{"text": "a", "pinned": true}"#).expect("a note");
    assert_eq!(note.to_json(), br#"{"text":"a","pinned":true}"#);
    let request = UpdateNote::notes("n1").text("b").build().expect("valid");
    assert_eq!(request.uri().to_string(), "https://minimal.example/v9/notes/n1");
    let mut after = note.clone();
    after.text = minimal::Field::Null;
    let update = UpdateNote::notes("n1").diff(&note, &after).expect("a diff");
    assert_eq!(update.to_json(), br#"{"text":null}"#);
    assert!(UpdateNote::notes("n1").build().is_err(), "an empty update");
}
