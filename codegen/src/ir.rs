//! The checked, resolved form of a spec that the emitters read.
//!
//! Everything here is valid by construction: references are indices, Rust names are final, and
//! every list is in a deterministic order (sorted by spec name, except enum members, whose
//! order is the spec's). Built by `resolve`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::spec::{Format, Method, QueryOption};

#[derive(Debug)]
pub struct Api {
    pub versions: Vec<Version>,
    pub clouds: Vec<Cloud>,
    pub types: Vec<ComplexType>,
    pub enums: Vec<Enum>,
    pub operations: Vec<Operation>,
    /// Every distinct `pattern` constraint, sorted; the generated crate compiles each once.
    pub patterns: Vec<String>,
    /// A hash of the spec's canonical form, recorded in the generated crate.
    pub spec_hash: String,
    /// The file each top-level entry came from, by `section.name` (`types.educationUser`).
    pub origins: BTreeMap<String, PathBuf>,
}

impl Api {
    /// The spec file that defines the entry `name` of `section` (`types`, `operations`, ...).
    pub fn origin(&self, section: &str, name: &str) -> Option<&Path> {
        self.origins
            .get(&format!("{section}.{name}"))
            .map(PathBuf::as_path)
    }
}

impl Api {
    /// The properties an operation's body may hold: a create's are every property that is not
    /// read-only; a partial update's, `writable_properties`.
    pub fn sent_properties<'a>(&'a self, op: &'a Operation) -> Vec<&'a Property> {
        match op.body {
            Body::Create => self.types[op.resource]
                .properties
                .iter()
                .filter(|property| !property.read_only)
                .collect(),
            Body::PartialUpdate => self.writable_properties(op).collect(),
            Body::Empty | Body::ReplaceCollection { .. } => Vec::new(),
        }
    }

    /// The properties a partial update on `op`'s resource may set: not read-only, and not
    /// replaced by an exclusive operation of their own.
    pub fn writable_properties<'a>(
        &'a self,
        op: &'a Operation,
    ) -> impl Iterator<Item = &'a Property> {
        let resource = &self.types[op.resource];
        resource.properties.iter().enumerate().filter_map(move |(index, property)| {
            let exclusive = self.operations.iter().any(|other| {
                other.resource == op.resource
                    && matches!(other.body, Body::ReplaceCollection { property, exclusive: true } if property == index)
            });
            (!property.read_only && !exclusive).then_some(property)
        })
    }
}

/// Names every operation's generated module already uses (its imports and its private
/// `Changes`); no builder may take them.
pub const OPERATION_MODULE_NAMES: &[&str] = &[
    "ApiVersion",
    "Changes",
    "Cloud",
    "Operation",
    "ValidationErrors",
    "Validator",
    "ViolationCode",
];

/// Methods every operation builder has; no setter or constructor may take these names. A test
/// (`builder_methods` in `codegen/tests/generated_code.rs`) reads the emitted builders and fails
/// when one has a method that is neither listed here nor made from the spec.
pub const BUILDER_METHODS: &[&str] = &[
    "apply",
    "build",
    "build_for",
    "diff",
    "from_link",
    "into_request",
    "is_empty",
    "items",
    "to_json",
    "validate",
    "visit_changes",
];

#[derive(Debug)]
pub struct Version {
    /// The URL segment, such as `v1.0`.
    pub name: String,
    pub rust_name: String,
    pub description: String,
}

#[derive(Debug)]
pub struct Cloud {
    pub name: String,
    pub rust_name: String,
    pub description: String,
    pub root: String,
}

/// The API versions something exists in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    All,
    /// Only these version names, in the spec's order of versions.
    Only(Vec<String>),
}

#[derive(Debug)]
pub struct ComplexType {
    pub name: String,
    pub rust_name: String,
    /// The module (and file) the type is emitted into.
    pub module: String,
    pub description: String,
    pub open: bool,
    pub versions: Availability,
    pub properties: Vec<Property>,
}

#[derive(Debug)]
pub struct Property {
    /// The JSON name.
    pub name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub collection: bool,
    pub description: String,
    pub nullable: bool,
    pub clearable: bool,
    pub read_only: bool,
    pub required_on_create: bool,
    pub sensitive: bool,
    pub versions: Availability,
    pub constraints: Constraints,
    /// Held in a `Box`: the property's type holds its owner, directly or through other types,
    /// not through a collection.
    pub boxed: bool,
    /// The versions where `$filter` can test the property; `None` where it can't.
    pub filterable: Option<Availability>,
    /// Whether `$orderby` can order by the property.
    pub orderable: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeRef {
    Primitive(Primitive),
    /// An index into `Api::types`.
    Complex(usize),
    /// An index into `Api::enums`.
    Enum(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    String,
    Boolean,
    Integer,
    Date,
    DateTimeOffset,
    Guid,
}

impl Primitive {
    pub const ALL: [(&'static str, Primitive); 6] = [
        ("string", Primitive::String),
        ("boolean", Primitive::Boolean),
        ("integer", Primitive::Integer),
        ("date", Primitive::Date),
        ("dateTimeOffset", Primitive::DateTimeOffset),
        ("guid", Primitive::Guid),
    ];

    pub fn from_spec(name: &str) -> Option<Primitive> {
        Primitive::ALL
            .iter()
            .find(|(spec_name, _)| *spec_name == name)
            .map(|(_, primitive)| *primitive)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub format: Option<Format>,
}

/// The regex the generated code compiles for a spec pattern, which the whole value must match.
/// The resolver compiles exactly this text, so the generated code's compilation can't fail.
pub fn anchored_pattern(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

#[derive(Debug)]
pub struct Enum {
    pub name: String,
    pub rust_name: String,
    pub module: String,
    pub description: String,
    pub evolvable: bool,
    pub flags: bool,
    pub versions: Availability,
    pub members: Vec<Member>,
}

#[derive(Debug)]
pub struct Member {
    /// The wire name.
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub versions: Availability,
}

/// The member of evolvable enums that marks the end of the known members.
pub const SENTINEL_MEMBER: &str = "unknownFutureValue";

/// The variant that holds a member this crate does not know; no member may take its name.
pub const UNRECOGNIZED_VARIANT: &str = "Unrecognized";

/// The field of every struct that keeps JSON properties the spec does not list.
pub const ADDITIONAL_PROPERTIES_FIELD: &str = "additional_properties";

#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub rust_name: String,
    pub module: String,
    pub description: String,
    pub method: Method,
    /// An index into `Api::types`.
    pub resource: usize,
    pub paths: Vec<OperationPath>,
    /// Version names, in the spec's order; the first is the default.
    pub versions: Vec<String>,
    /// Cloud names, in the spec's order; the first is the default.
    pub clouds: Vec<String>,
    pub permissions: Permissions,
    pub headers: Vec<Header>,
    pub body: Body,
    /// The query options the request takes, each once, sorted.
    pub query: Vec<QueryOption>,
    pub success_status: u16,
    pub success_body: SuccessBody,
}

/// What a successful response holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuccessBody {
    None,
    /// One value of the type at this index into `Api::types`.
    One(usize),
    /// A page of a collection of the type.
    Page(usize),
    /// A page of a delta round over the type.
    Delta(usize),
}

impl Operation {
    /// The enum of the paths the builder can target.
    pub fn target_name(&self) -> String {
        format!("{}Target", self.rust_name)
    }

    /// Whether the request takes the query option.
    pub fn takes(&self, option: QueryOption) -> bool {
        self.query.contains(&option)
    }
}

impl Api {
    /// Whether some operation takes `option` on the type at `index`: `$select` gives the type
    /// an enum of its properties, `$filter` a struct of filterable ones, `$orderby` an enum of
    /// orderable ones.
    pub fn queried(&self, index: usize, option: QueryOption) -> bool {
        self.operations
            .iter()
            .any(|op| op.resource == index && op.takes(option))
    }

    /// Whether some delta operation returns the type at `index`, which then has an `Entity`
    /// impl (its `id`).
    pub fn delta_item(&self, index: usize) -> bool {
        self.operations
            .iter()
            .any(|op| op.success_body == SuccessBody::Delta(index))
    }

    /// Whether some filterable property holds the enum at `index`, which can then be a filter's
    /// literal.
    pub fn filtered_enum(&self, index: usize) -> bool {
        self.types.iter().enumerate().any(|(type_index, ty)| {
            self.queried(type_index, QueryOption::Filter)
                && ty
                    .properties
                    .iter()
                    .any(|p| p.filterable.is_some() && p.ty == TypeRef::Enum(index))
        })
    }
}

/// A name a query option adds to `models` for the type it queries.
pub struct DerivedName {
    pub option: QueryOption,
    /// The name, from the type's Rust name.
    pub name: fn(&str) -> String,
    /// What it is, for messages; `{}` stands for the type's spec name.
    pub what: &'static str,
}

/// The names query options add to `models`: the enum of the properties `$select` takes, the
/// struct of the filterable ones, the enum of the orderable ones.
pub const DERIVED_NAMES: [DerivedName; 3] = [
    DerivedName {
        option: QueryOption::Select,
        name: property_enum_name,
        what: "the enum of the properties of `{}` that `$select` takes",
    },
    DerivedName {
        option: QueryOption::OrderBy,
        name: order_enum_name,
        what: "the enum of the properties of `{}` that `$orderby` takes",
    },
    DerivedName {
        option: QueryOption::Filter,
        name: filter_struct_name,
        what: "the struct of the properties of `{}` that `$filter` tests",
    },
];

/// The enum of the properties of the type `rust_name`, for `$select`.
pub fn property_enum_name(rust_name: &str) -> String {
    format!("{rust_name}Property")
}

/// The struct of constants for the filterable properties of the type `rust_name`.
pub fn filter_struct_name(rust_name: &str) -> String {
    format!("{rust_name}Filter")
}

/// The enum of the orderable properties of the type `rust_name`.
pub fn order_enum_name(rust_name: &str) -> String {
    format!("{rust_name}OrderBy")
}

/// The target variant of a delta operation's stored link, and its constructor.
pub const LINK_VARIANT: &str = "Link";
pub const LINK_CONSTRUCTOR: &str = "from_link";

/// One path of an operation, such as `/education/users/{id}`.
#[derive(Debug)]
pub struct OperationPath {
    pub template: String,
    /// Named after the last literal segment: `Users` for `/education/users/{id}`.
    pub rust_name: String,
    /// The constructor that targets this path: `users`.
    pub fn_name: String,
    pub segments: Vec<PathSegment>,
}

#[derive(Debug)]
pub enum PathSegment {
    /// Text kept as it is, slashes included.
    Literal(String),
    /// A `{name}` placeholder, percent-encoded into the URL.
    Param { name: String, rust_name: String },
}

#[derive(Debug)]
pub struct Permissions {
    pub delegated_work: Vec<String>,
    pub delegated_personal: Vec<String>,
    pub application: Vec<String>,
}

#[derive(Debug)]
pub struct Header {
    /// A valid HTTP header name, lowercase, as `http` keeps it.
    pub name: String,
    /// The value as the spec writes it, `{placeholders}` included.
    pub value: String,
    pub required: bool,
    pub kind: HeaderKind,
}

#[derive(Debug)]
pub enum HeaderKind {
    /// The same value on every request; checked to be a valid header value.
    Fixed,
    /// `Authorization`, which the caller or the client adds with its token.
    Authorization,
    /// A value the caller gives through the builder's setter, such as `If-Match: {etag}`.
    Given {
        /// The setter's name: the header's name in snake case (`if_match`).
        setter: String,
        /// The value's literal text and placeholders, in order.
        parts: Vec<HeaderPart>,
    },
}

#[derive(Debug)]
pub enum HeaderPart {
    Literal(String),
    /// A setter argument, named after the placeholder in snake case.
    Param(String),
}

#[derive(Debug)]
pub enum Body {
    /// The request has no body.
    Empty,
    PartialUpdate,
    /// A new value of the resource.
    Create,
    ReplaceCollection {
        /// An index into the resource's properties.
        property: usize,
        exclusive: bool,
    },
}
