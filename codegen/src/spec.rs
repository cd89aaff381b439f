//! The YAML spec format: serde structs that mirror the files in `specs/`, and their loading.
//!
//! This stage only checks shape (unknown keys, wrong value kinds, duplicate keys), with the line
//! and column of each mistake. Meaning (references, names, contradictions) is checked by `ir`.
//! The structs also serialize, which gives the canonical form the spec hash is taken of: every
//! mapping is sorted, so the order of entries in a file never changes the output.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// One spec file, as written. Every section is optional so that a spec can be split over files.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    #[serde(default)]
    pub versions: Entries<VersionSpec>,
    #[serde(default)]
    pub clouds: Entries<CloudSpec>,
    #[serde(default)]
    pub types: Entries<TypeSpec>,
    #[serde(default)]
    pub enums: Entries<EnumSpec>,
    #[serde(default)]
    pub operations: Entries<OperationSpec>,
}

/// An API version, such as `v1.0`; its key is the URL segment.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VersionSpec {
    pub description: String,
}

/// A national cloud deployment and the root URL of its Graph service.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CloudSpec {
    pub description: String,
    pub root: String,
}

/// A complex type (or the resource itself): a JSON object with named properties.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TypeSpec {
    pub description: String,
    /// An open type accepts properties beyond the ones listed.
    #[serde(default)]
    pub open: bool,
    /// The API versions the type exists in; all when left out.
    pub versions: Option<Vec<String>>,
    pub properties: Entries<PropertySpec>,
}

/// A property of a complex type; its key is the JSON name.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PropertySpec {
    /// A primitive (`string`, `boolean`, `integer`, `date`, `dateTimeOffset`, `guid`) or the name
    /// of a type or enum in the spec.
    #[serde(rename = "type")]
    pub ty: String,
    /// A JSON array of `type`.
    #[serde(default)]
    pub collection: bool,
    pub description: String,
    /// Whether the service may return `null`.
    #[serde(default = "yes")]
    pub nullable: bool,
    /// Whether an update may send `null` to clear the property; defaults to `nullable`.
    pub clearable: Option<bool>,
    /// Set by the service only; never sent in an update.
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub required_on_create: bool,
    /// A secret: never shown in `Debug` output or errors.
    #[serde(default)]
    pub sensitive: bool,
    /// The API versions the property exists in; all of its type's when left out.
    pub versions: Option<Vec<String>>,
    #[serde(default)]
    pub constraints: ConstraintsSpec,
    /// Whether `$filter` can test the property: `true`, or the versions where it can.
    #[serde(default, skip_serializing_if = "Capability::is_off")]
    pub filterable: Capability,
    /// Whether `$orderby` can order by the property.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orderable: bool,
}

/// Whether the service can do something with a property: `true`/`false`, or the list of
/// versions where it can.
#[derive(Debug, Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "`true`, `false`, or a list of the versions where it holds"
)]
pub enum Capability {
    Flag(bool),
    Versions(Vec<String>),
}

impl Default for Capability {
    fn default() -> Self {
        Capability::Flag(false)
    }
}

impl Capability {
    fn is_off(&self) -> bool {
        matches!(self, Capability::Flag(false))
    }
}

/// Rules a value must follow before it may be sent.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConstraintsSpec {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A regular expression the whole string must match.
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub format: Option<Format>,
}

/// A well-known string format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// An email address (`local@domain`).
    Email,
    /// An ISO 3166-1 alpha-2 country code, such as `US`.
    CountryCode,
    /// A language tag: an ISO 639-1 language code, optionally with a region (`en`, `en-US`).
    LanguageTag,
    /// A phone number: digits, with an optional leading `+`, spaces, dashes and parentheses.
    PhoneNumber,
}

impl Format {
    /// The format's name in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::CountryCode => "countryCode",
            Format::LanguageTag => "languageTag",
            Format::PhoneNumber => "phoneNumber",
        }
    }
}

/// An enumeration; on the wire each member is its name.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnumSpec {
    pub description: String,
    /// Graph's evolvable enums end their known members with `unknownFutureValue`, which clients
    /// must never send; the service may send members added later.
    #[serde(default)]
    pub evolvable: bool,
    /// A set of members written as one string, `"A, B"`.
    #[serde(default)]
    pub flags: bool,
    pub versions: Option<Vec<String>>,
    pub members: Vec<MemberSpec>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSpec {
    pub name: String,
    pub description: Option<String>,
    pub versions: Option<Vec<String>>,
}

/// An HTTP operation on a resource.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OperationSpec {
    pub description: String,
    pub method: Method,
    /// The type the operation acts on.
    pub resource: String,
    /// Paths relative to the version root; `{id}` stands for the resource's key.
    pub paths: Vec<PathSpec>,
    pub versions: Vec<String>,
    pub clouds: Vec<String>,
    pub permissions: PermissionsSpec,
    #[serde(default)]
    pub headers: Entries<HeaderSpec>,
    /// `none` (the default: GET and DELETE), `partialUpdate`, `create`, or `replaceCollection:`
    /// with its settings.
    #[serde(default, with = "serde_yaml::with::singleton_map")]
    pub body: BodySpec,
    /// The OData query options the request takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<QueryOption>,
    pub success: SuccessSpec,
}

/// An OData query option an operation takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum QueryOption {
    /// `$select`: the properties the response holds, typed over the resource's properties.
    Select,
    /// `$filter`: a typed expression over the resource's `filterable` properties.
    Filter,
    /// `$orderby`: the resource's `orderable` properties, each with a direction.
    OrderBy,
    /// `$top`: the size of a page.
    Top,
    /// `$count`: the size of the whole collection, on the first page.
    Count,
    /// `$search`: the service's search expression.
    Search,
}

impl QueryOption {
    /// The option's name in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryOption::Select => "select",
            QueryOption::Filter => "filter",
            QueryOption::OrderBy => "orderBy",
            QueryOption::Top => "top",
            QueryOption::Count => "count",
            QueryOption::Search => "search",
        }
    }

    /// The builder's setter of the option.
    pub fn setter(self) -> &'static str {
        match self {
            QueryOption::Select => "select",
            QueryOption::Filter => "filter",
            QueryOption::OrderBy => "order_by",
            QueryOption::Top => "top",
            QueryOption::Count => "count",
            QueryOption::Search => "search",
        }
    }
}

/// A path, as text (its constructor named after its literal segments), or with the name of its
/// constructor.
#[derive(Debug, Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "a path is text such as `/books/{id}`, or `{path: /books/{id}, name: constructorName}`"
)]
pub enum PathSpec {
    Template(String),
    Named { path: String, name: String },
}

impl PathSpec {
    pub fn template(&self) -> &str {
        match self {
            PathSpec::Template(path) | PathSpec::Named { path, .. } => path,
        }
    }

    /// The constructor's name the spec gives, if it gives one.
    pub fn name(&self) -> Option<&str> {
        match self {
            PathSpec::Template(_) => None,
            PathSpec::Named { name, .. } => Some(name),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method's name in a request line.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Permissions from least to most privileged; an empty list means not supported.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PermissionsSpec {
    pub delegated_work: Vec<String>,
    pub delegated_personal: Vec<String>,
    pub application: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSpec {
    pub value: String,
    #[serde(default)]
    pub required: bool,
}

/// What the request body of an operation holds.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub enum BodySpec {
    /// Nothing: the request has no body.
    #[default]
    #[serde(rename = "none")]
    Empty,
    /// Any writable properties; the ones left out keep their values.
    PartialUpdate,
    /// A new value of the resource: its properties required on creation, and any other
    /// writable ones.
    Create,
    /// The whole value of one collection property, replacing it.
    ReplaceCollection(ReplaceSpec),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaceSpec {
    pub property: String,
    /// The replacement must be the only property in its request.
    #[serde(default)]
    pub exclusive: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SuccessSpec {
    pub status: u16,
    /// The type of the response body when it is one value.
    pub body: Option<String>,
    /// The type of the items when the body is a page of a collection.
    pub page: Option<String>,
    /// The type of the items when the body is a page of a delta round.
    pub delta: Option<String>,
}

fn yes() -> bool {
    true
}

/// A YAML mapping that rejects a key given twice (plain maps would keep the last silently).
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Entries<V>(pub BTreeMap<String, V>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(BTreeMap::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.contains_key(&key) {
                        // serde_yaml places custom errors at the start of the mapping.
                        let message =
                            format!("duplicate key `{key}` in the mapping that starts here");
                        return Err(de::Error::custom(message));
                    }
                    let value = map.next_value()?;
                    entries.insert(key, value);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// Parses one spec file's text; `file` only names it in diagnostics.
pub fn parse(file: &Path, text: &str) -> Result<SpecFile, Diagnostic> {
    serde_yaml::from_str(text).map_err(|error| {
        let location = match error.location() {
            Some(at) => Location::LineColumn {
                line: at.line(),
                column: at.column(),
            },
            None => Location::File,
        };
        Diagnostic {
            file: file.to_path_buf(),
            location,
            message: message_without_position(&error.to_string()),
            help: None,
        }
    })
}

/// serde_yaml puts " at line L column C" into its messages; the diagnostic shows it already.
fn message_without_position(message: &str) -> String {
    let mut rest = message;
    let mut out = String::new();
    while let Some(start) = rest.find(" at line ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + " at line ".len()..];
        let line_digits =
            after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let tail = &after[line_digits..];
        match tail.strip_prefix(" column ") {
            Some(column) if line_digits > 0 => {
                rest = column.trim_start_matches(|c: char| c.is_ascii_digit());
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The spec files of a directory (`*.yaml` and `*.yml`), sorted by name.
pub fn spec_paths(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let unreadable = |error: std::io::Error| Diagnostic {
        file: dir.to_path_buf(),
        location: Location::File,
        message: format!("cannot read the spec directory: {error}"),
        help: None,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if is_yaml && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(Diagnostic {
            file: dir.to_path_buf(),
            location: Location::File,
            message: "no spec files (`*.yaml`) in this directory".into(),
            help: None,
        });
    }
    Ok(paths)
}

/// Reads and parses every spec file of `dir`, reporting the mistakes of all files together.
/// Each file is returned with the path it is named by in diagnostics.
pub fn load_dir(dir: &Path) -> Result<Vec<(PathBuf, SpecFile)>, Diagnostics> {
    let paths = spec_paths(dir).map_err(|d| Diagnostics(vec![d]))?;
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse(&path, &text) {
                Ok(spec) => files.push((path, spec)),
                Err(diagnostic) => diagnostics.push(diagnostic),
            },
            Err(error) => diagnostics.push(Diagnostic {
                file: path,
                location: Location::File,
                message: format!("cannot read the spec file: {error}"),
                help: None,
            }),
        }
    }
    diagnostics.into_result(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        parse(Path::new("spec.yaml"), text).expect_err("the spec is rejected")
    }

    #[test]
    fn an_unknown_key_is_reported_with_its_line_column_and_path() {
        let text = "types:\n  widget:\n    description: A widget.\n    propertes: {}\n";
        let diagnostic = error_of(text);
        assert_eq!(
            diagnostic.location,
            Location::LineColumn { line: 4, column: 5 }
        );
        assert!(
            diagnostic
                .message
                .starts_with("types.widget: unknown field `propertes`, expected one of"),
            "{}",
            diagnostic.message
        );
        assert!(
            !diagnostic.message.contains("at line"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn a_key_given_twice_is_an_error() {
        let text = "versions:\n  v1: {description: One.}\n  v1: {description: Two.}\n";
        let diagnostic = error_of(text);
        assert!(
            diagnostic.message.contains("duplicate key `v1`"),
            "{}",
            diagnostic.message
        );
        assert_eq!(
            diagnostic.location,
            Location::LineColumn { line: 2, column: 3 }
        );
    }

    #[test]
    fn syntax_errors_keep_their_own_words_once() {
        let diagnostic = error_of("versions: [a, {b]\n");
        assert!(matches!(
            diagnostic.location,
            Location::LineColumn { line: 1, .. }
        ));
        assert!(
            !diagnostic.message.contains(" at line "),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn the_body_kind_reads_as_a_name_or_a_single_key_mapping() {
        let operation = |body: &str| {
            format!(
                "operations:\n  op:\n    description: D.\n    method: PATCH\n    resource: r\n    paths: [/r]\n    versions: [v]\n    clouds: [c]\n    permissions: {{delegatedWork: [], delegatedPersonal: [], application: []}}\n    body: {body}\n    success: {{status: 200}}\n"
            )
        };
        let partial = parse(Path::new("s.yaml"), &operation("partialUpdate")).expect("parses");
        assert!(matches!(
            partial.operations.0["op"].body,
            BodySpec::PartialUpdate
        ));
        let replace = parse(
            Path::new("s.yaml"),
            &operation("{replaceCollection: {property: items, exclusive: true}}"),
        )
        .expect("parses");
        assert!(
            matches!(&replace.operations.0["op"].body, BodySpec::ReplaceCollection(r) if r.property == "items" && r.exclusive)
        );
        let none = parse(Path::new("s.yaml"), &operation("none")).expect("parses");
        assert!(matches!(none.operations.0["op"].body, BodySpec::Empty));
        let left_out = operation("none").replace("    body: none\n", "");
        let left_out = parse(Path::new("s.yaml"), &left_out).expect("parses");
        assert!(matches!(left_out.operations.0["op"].body, BodySpec::Empty));
    }
}
