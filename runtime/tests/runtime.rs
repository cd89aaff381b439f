//! The runtime's types on their own, with no generated code: what every generated crate's
//! models, validation and requests rely on.

use codegen_runtime::requests::{GivenHeaders, encode_segment};
use codegen_runtime::validation::Validator;
use codegen_runtime::{Field, Flags, Sensitive, ViolationCode, from_json, from_json_str};

#[derive(Debug, PartialEq)]
struct Letter(String);

impl From<&str> for Letter {
    fn from(text: &str) -> Self {
        Letter(text.to_string())
    }
}

impl std::fmt::Display for Letter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[test]
fn a_field_is_absent_null_or_a_value_and_says_which() {
    let read: Vec<Field<String>> = from_json(r#"[null, "x"]"#).expect("JSON");
    assert_eq!(read, [Field::Null, Field::Value("x".to_string())]);
    assert!(Field::<u8>::Absent.is_absent() && !Field::<u8>::Null.is_absent());
    assert_eq!(Field::Value(2).map(|n| n * 2).into_value(), Some(4));
    assert_eq!(
        serde_json::to_string(&Field::<u8>::Null).expect("JSON"),
        "null"
    );
}

#[test]
fn flags_read_and_write_one_comma_separated_string() {
    let flags: Flags<Letter> = from_json_str(r#""a, b,,c ""#).expect("JSON");
    let members: Vec<&str> = flags.members().iter().map(|m| m.0.as_str()).collect();
    assert_eq!(members, ["a", "b", "c"]);
    assert_eq!(serde_json::to_string(&flags).expect("JSON"), r#""a, b, c""#);
}

#[test]
fn a_wrongly_typed_value_names_its_json_pointer() {
    let error = from_json::<Vec<Field<u8>>>(r#"[1, "two"]"#).expect_err("a string is no u8");
    assert_eq!(error.pointer(), "/1");
}

#[test]
fn a_secret_is_redacted_but_serialized() {
    let secret = Sensitive::new("hunter2".to_string());
    assert!(!format!("{secret:?}").contains("hunter2"));
    assert_eq!(
        serde_json::to_string(&secret).expect("JSON"),
        r#""hunter2""#
    );
}

#[test]
fn path_segments_are_encoded_so_that_no_value_leaves_its_segment() {
    assert_eq!(encode_segment("../admin?x#y"), "..%2Fadmin%3Fx%23y");
    assert_eq!(encode_segment("zoë"), "zo%C3%AB");
}

#[test]
fn given_headers_are_checked_and_required_ones_reported() {
    let mut headers = GivenHeaders::new();
    headers.set("if-match", "W/\"1\"".into());
    headers.set("if-match", "W/\"2\"".into());
    headers.set("x-trace", "a\r\nInjected: yes".into());
    let mut v = Validator::new("v1");
    headers.check(&mut v, &["if-match", "x-needed"]);
    let errors = v.finish().expect_err("two problems");
    let codes: Vec<ViolationCode> = errors.violations().iter().map(|v| v.code).collect();
    assert_eq!(
        codes,
        [ViolationCode::InvalidHeader, ViolationCode::Required]
    );
    assert!(!errors.to_string().contains("Injected"), "{errors}");
    let sent: Vec<(&str, String)> = headers
        .values()
        .map(|(name, value)| (name, value.to_str().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(sent, [("if-match", "W/\"2\"".to_string())]);
}

/// Records the name of each property a visit hands on, and whether it is set.
#[derive(Default)]
struct Names(Vec<(&'static str, bool)>);

impl codegen_runtime::model::Properties for Names {
    fn value<T: codegen_runtime::validation::Check>(
        &mut self,
        property: &codegen_runtime::validation::Property,
        field: &Field<T>,
    ) -> &mut Self {
        self.0.push((property.name, !field.is_absent()));
        self
    }
}

/// Sixteen fields of `$fields` from `$start` on, as one tuple of borrows.
macro_rules! sixteen {
    ($fields:ident, $start:literal) => {
        (
            &$fields[$start],
            &$fields[$start + 1],
            &$fields[$start + 2],
            &$fields[$start + 3],
            &$fields[$start + 4],
            &$fields[$start + 5],
            &$fields[$start + 6],
            &$fields[$start + 7],
            &$fields[$start + 8],
            &$fields[$start + 9],
            &$fields[$start + 10],
            &$fields[$start + 11],
            &$fields[$start + 12],
            &$fields[$start + 13],
            &$fields[$start + 14],
            &$fields[$start + 15],
        )
    };
}

#[test]
fn a_visit_of_more_than_256_fields_pairs_each_with_its_own_table_entry() {
    // 272 fields as the generator nests them past 16 × 16: 17 tuples of 16, then those
    // tuples in a tuple of 16 and one of 1.
    let fields: Vec<Field<i64>> = (0..272)
        .map(|i| {
            if i % 3 == 0 {
                Field::Value(i)
            } else {
                Field::Absent
            }
        })
        .collect();
    let table: Vec<codegen_runtime::validation::Property> = (0..272)
        .map(|i| {
            let name: &'static str = Box::leak(format!("p{i}").into_boxed_str());
            codegen_runtime::validation::Property::new(name, name)
        })
        .collect();
    let nested = (
        (
            sixteen!(fields, 0),
            sixteen!(fields, 16),
            sixteen!(fields, 32),
            sixteen!(fields, 48),
            sixteen!(fields, 64),
            sixteen!(fields, 80),
            sixteen!(fields, 96),
            sixteen!(fields, 112),
            sixteen!(fields, 128),
            sixteen!(fields, 144),
            sixteen!(fields, 160),
            sixteen!(fields, 176),
            sixteen!(fields, 192),
            sixteen!(fields, 208),
            sixteen!(fields, 224),
            sixteen!(fields, 240),
        ),
        (sixteen!(fields, 256),),
    );
    let mut names = Names::default();
    codegen_runtime::model::visit(&table, nested, &mut names);
    let expected: Vec<(String, bool)> = (0..272).map(|i| (format!("p{i}"), i % 3 == 0)).collect();
    let seen: Vec<(String, bool)> = names.0.iter().map(|(n, s)| (n.to_string(), *s)).collect();
    assert_eq!(seen, expected);
}
