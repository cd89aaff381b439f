//! Unknown JSON properties: kept as compact JSON text, in order, from any source, and edited.

use graph_education::models::{EducationUser, PhysicalAddress};
use graph_education::{AdditionalProperties, from_json};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const DOCUMENT: &str = r#"{
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#education/users/$entity",
    "id": "13020",
    "text": "quote \" backslash \\ tab \t control \u0001 non-ASCII é 🦀",
    "numbers": [0, -9223372036854775808, 18446744073709551615, 1.5, -2.5e-3, 1e3],
    "nested": {"b": null, "a": [true, false, {}, []], "é": {"\"": ""}},
    "empty": "",
    "displayName": "Rogelio"
}"#;

fn parsed() -> EducationUser {
    from_json(DOCUMENT).expect("the document parses")
}

fn names(properties: &AdditionalProperties) -> Vec<String> {
    properties
        .iter()
        .map(|(name, _)| name.into_owned())
        .collect()
}

#[test]
fn unknown_properties_are_kept_in_document_order_as_compact_json() {
    let user = parsed();
    let unknown = &user.additional_properties;
    assert_eq!(
        names(unknown),
        ["@odata.context", "text", "numbers", "nested", "empty"]
    );
    assert_eq!(unknown.len(), 5);
    let raw = |name| unknown.get_raw(name).map(|json| json.get().to_owned());
    assert_eq!(
        raw("numbers").as_deref(),
        Some("[0,-9223372036854775808,18446744073709551615,1.5,-2.5e-3,1e3]")
    );
    assert_eq!(
        raw("nested").as_deref(),
        Some(r#"{"b":null,"a":[true,false,{},[]],"é":{"\"":""}}"#)
    );
    assert_eq!(raw("empty").as_deref(), Some(r#""""#));
    assert_eq!(
        unknown.get("text"),
        Some(json!(
            "quote \" backslash \\ tab \t control \u{1} non-ASCII é 🦀"
        ))
    );
    assert_eq!(
        user.display_name.value().map(String::as_str),
        Some("Rogelio")
    );
}

#[test]
fn json_text_keeps_its_spelling_and_loses_only_whitespace_between_tokens() {
    let document = concat!(
        "{\"id\": \"1\",\n\t\"big\" :\r\n 123456789012345678901234567890 ,\n",
        r#"  "spelled": [1e3, -0.0, 1.50, "\u00e9\/"],"#,
        r#"  "spaced": {"a \" b" : "c\\" , "d": [ " e " ] }}"#,
    );
    let user: EducationUser = from_json(document).expect("parses");
    let raw = |name| {
        let json = user.additional_properties.get_raw(name);
        json.map(|json| json.get().to_owned())
    };
    assert_eq!(
        raw("big").as_deref(),
        Some("123456789012345678901234567890")
    );
    assert_eq!(
        raw("spelled").as_deref(),
        Some(r#"[1e3,-0.0,1.50,"\u00e9\/"]"#)
    );
    // Whitespace inside strings stays, also after an escaped quote or an escaped backslash.
    assert_eq!(
        raw("spaced").as_deref(),
        Some(r#"{"a \" b":"c\\","d":[" e "]}"#)
    );
    assert_eq!(user.to_json(), br#"{"id":"1","big":123456789012345678901234567890,"spelled":[1e3,-0.0,1.50,"\u00e9\/"],"spaced":{"a \" b":"c\\","d":[" e "]}}"#);

    // Read by serde from buffered values (here, for an untagged enum), not from JSON text,
    // the values are written again as JSON.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Buffered {
        User(EducationUser),
    }
    let Buffered::User(buffered) = serde_json::from_str(document).expect("parses");
    let raw = |name| {
        let json = buffered.additional_properties.get_raw(name);
        json.map(|json| json.get().to_owned())
    };
    assert_eq!(raw("big").as_deref(), Some("1.2345678901234568e+29"));
    assert_eq!(raw("spelled").as_deref(), Some(r#"[1000.0,-0.0,1.5,"é/"]"#));
    assert_eq!(
        raw("spaced").as_deref(),
        Some(r#"{"a \" b":"c\\","d":[" e "]}"#)
    );
}

#[test]
fn a_model_writes_its_unknown_properties_back() {
    let user = parsed();
    let written = serde_json::to_value(&user).expect("serializes");
    let original: Value = serde_json::from_str(DOCUMENT).expect("JSON");
    assert_eq!(written, original);
}

#[test]
fn a_reader_a_value_and_a_string_give_the_same_model() {
    let from_text = parsed();
    let from_reader: EducationUser =
        serde_json::from_reader(DOCUMENT.as_bytes()).expect("reads from a reader");
    let value: Value = serde_json::from_str(DOCUMENT).expect("JSON");
    let from_value: EducationUser = serde_json::from_value(value).expect("reads from a Value");
    assert_eq!(from_reader, from_text);
    // A `Value` holds objects sorted by key; the properties keep that order.
    assert_eq!(
        names(&from_value.additional_properties),
        ["@odata.context", "empty", "nested", "numbers", "text"]
    );
    for (name, json) in from_text.additional_properties.iter() {
        assert_eq!(
            from_value.additional_properties.get(&name),
            serde_json::from_str(json.get()).ok(),
            "{name}"
        );
    }
}

#[test]
fn broken_json_inside_an_unknown_property_keeps_serde_jsons_error() {
    let document = r#"{"id": "1", "unknown": {"a": [1, }, "displayName": "x"}"#;
    let error = from_json::<EducationUser>(document).expect_err("not JSON");
    assert_eq!((error.line(), error.column()), (1, 34));
    let message = error.to_string();
    assert_eq!(message.matches("line 1 column 34").count(), 1, "{message}");

    let truncated = r#"{"id": "1", "unknown": ["never closed"#;
    let error = serde_json::from_str::<EducationUser>(truncated).expect_err("cut short");
    assert!(error.is_eof(), "{error}");
}

#[test]
fn insert_replaces_remove_removes_and_a_failed_insert_changes_nothing() {
    let mut unknown = AdditionalProperties::default();
    assert!(unknown.is_empty());
    unknown.insert("a", &1).expect("serializes");
    unknown
        .insert("b", &json!({"x": [1, 2]}))
        .expect("serializes");
    unknown.insert("a", "replaced").expect("serializes");
    assert_eq!(names(&unknown), ["b", "a"]);
    assert_eq!(unknown.get("a"), Some(json!("replaced")));

    let before = unknown.clone();
    let not_json: BTreeMap<(u8, u8), u8> = BTreeMap::from([((1, 2), 3)]);
    assert!(unknown.insert("c", &not_json).is_err());
    assert_eq!(unknown, before);
    assert!(!unknown.contains_key("c"));

    assert!(unknown.remove("b"));
    assert!(!unknown.remove("b"));
    assert_eq!(names(&unknown), ["a"]);
    assert!(unknown.remove("a"));
    assert!(unknown.is_empty());
    assert_eq!(unknown, AdditionalProperties::default());
    unknown.insert("c", &not_json).expect_err("no string keys");
    assert!(unknown.is_empty());
}

#[test]
fn a_name_given_twice_reads_as_the_last() {
    let address: PhysicalAddress = from_json(r#"{"city": "A", "x": 1, "x": 2}"#).expect("parses");
    assert_eq!(address.additional_properties.get("x"), Some(json!(2)));
    assert_eq!(address.additional_properties.len(), 2);
}

#[test]
fn properties_compare_in_order_and_debug_as_a_map() {
    let mut ab = AdditionalProperties::default();
    ab.insert("a", &1).expect("serializes");
    ab.insert("b", &[true]).expect("serializes");
    let mut ba = AdditionalProperties::default();
    ba.insert("b", &[true]).expect("serializes");
    ba.insert("a", &1).expect("serializes");
    assert_ne!(ab, ba);
    assert_eq!(format!("{ab:?}"), r#"{"a": 1, "b": [true]}"#);
}
