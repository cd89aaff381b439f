//! Emits the generated crate's modules as token trees, one module per concern. Only what
//! derives from the spec is emitted; the rest is the `codegen-runtime` crate's.
//!
//! - `root`: `src/lib.rs`, with the crate docs, the runtime's re-exports and the spec hash,
//! - `models`: a file per complex type and enum,
//! - `builders`: a file per operation,
//! - `validation`: the spec's patterns and each type's checks,
//! - `requests`: the spec's versions and clouds,
//! - `client`: the runtime's client with the spec's clouds,
//! - `docs`: spec text made safe for doc comments.

mod builders;
mod client;
mod docs;
mod models;
mod query;
mod requests;
mod validation;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Primitive, TypeRef};

/// One file of the generated crate, before formatting.
pub struct Module {
    /// The path relative to the crate's directory, with `/` separators.
    pub path: String,
    /// The module's doc comment, from spec text.
    pub doc: String,
    /// A doc test written by the generator, appended to the doc comment as it is.
    pub example: Option<String>,
    pub items: TokenStream,
}

/// What the generated crate is called, for its doc examples.
#[derive(Clone, Debug)]
pub struct CrateInfo {
    /// The crate's name as Rust code refers to it, such as `graph_education`.
    pub name: String,
    /// The first paragraph of the crate's documentation.
    pub description: String,
    pub generator_version: String,
}

/// One module to emit. Plain data, so that modules can be emitted on several threads (token
/// trees can't cross threads).
#[derive(Clone, Copy, Debug)]
pub enum ModuleKind {
    Root,
    Validation,
    Requests,
    Client,
    Models,
    Operations,
    ComplexType(usize),
    Enum(usize),
    Operation(usize),
}

/// Every module of the generated crate, in a deterministic order.
pub fn plan(api: &Api) -> Vec<ModuleKind> {
    use ModuleKind::*;
    let mut kinds = vec![Root, Validation, Requests, Client, Models, Operations];
    kinds.extend((0..api.types.len()).map(ComplexType));
    kinds.extend((0..api.enums.len()).map(Enum));
    kinds.extend((0..api.operations.len()).map(Operation));
    kinds
}

/// Emits one module.
pub fn module(api: &Api, info: &CrateInfo, kind: ModuleKind) -> Module {
    match kind {
        ModuleKind::Root => root(api, info),
        ModuleKind::Validation => validation::validation_module(api),
        ModuleKind::Requests => requests::requests_module(api),
        ModuleKind::Client => client::client(info),
        ModuleKind::Models => models::models_module(api),
        ModuleKind::Operations => builders::operations_module(api),
        ModuleKind::ComplexType(index) => models::complex_type(api, index),
        ModuleKind::Enum(index) => models::enumeration(api, index),
        ModuleKind::Operation(index) => {
            builders::operation(api, &api.operations[index], &info.name)
        }
    }
}

/// Every module of the generated crate, in the order of [`plan`].
pub fn emit(api: &Api, info: &CrateInfo) -> Vec<Module> {
    plan(api)
        .into_iter()
        .map(|kind| module(api, info, kind))
        .collect()
}

fn root(api: &Api, info: &CrateInfo) -> Module {
    let spec_hash = &api.spec_hash;
    let generator_version = &info.generator_version;
    let recursion_limit = recursion_limit(api).map(|limit| {
        let limit = limit.to_string();
        quote! { #![recursion_limit = #limit] }
    });
    let items = quote! {
        #recursion_limit
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #[cfg(feature = "client")]
        pub mod client;
        pub mod models;
        pub mod operations;
        pub mod requests;
        pub mod validation;

        pub use ::codegen_runtime::{from_json, from_json_str, redacted, AdditionalProperties, Date, DateTimeOffset, Field, Flags, Guid, ParseError, Sensitive};
        pub use ::codegen_runtime::{ValidationErrors, Violation, ViolationCode};
        pub use ::codegen_runtime::{batch, paging, query};

        /// A hash of the canonical form of the spec this crate was generated from.
        pub const SPEC_HASH: &str = #spec_hash;

        /// The version of the generator that wrote this crate.
        pub const GENERATOR_VERSION: &str = #generator_version;
    };
    Module {
        path: "src/lib.rs".into(),
        doc: format!(
            "{}\n\n\
             Parse a response with [`from_json`] ([`from_json_str`] if it is already text); \
             an error names the JSON pointer of the offending value. Nothing in a response is lost: properties and enum members the \
             spec does not know are kept and written back, by each model's `to_json` (the \
             text `serde_json::to_vec` would write, in about three quarters of its time) or through \
             `Serialize`, into any format. Build requests with the builders in \
             [`operations`]: they validate every rule of the spec first. With the `client` \
             feature, `client::Client` sends them.",
            info.description
        ),
        example: crate_example(api, info),
        items,
    }
}

/// The recursion limit a crate with many types needs, when the default (128) is not enough.
///
/// Drop check walks every type a model can reach (through `Vec` and `Option` too, whose
/// drop glue looks into their items), one generation of types deeper at each step; past the
/// limit, rustc gives up with E0320 ("overflow while adding drop-check rules"). A walk is at
/// most as deep as there are types, so twice that is enough.
fn recursion_limit(api: &Api) -> Option<usize> {
    const DEFAULT: usize = 128;
    let needed = (2 * api.types.len()).next_power_of_two();
    (needed > DEFAULT).then_some(needed)
}

/// A doc test that reads a response with an unknown property and writes it back unchanged.
fn crate_example(api: &Api, info: &CrateInfo) -> Option<String> {
    let resource = api
        .operations
        .first()
        .map(|operation| &api.types[operation.resource])
        .or_else(|| api.types.first())?;
    // Spec names go into string literals below; only plain names are used there.
    let plain = |name: &str| name.chars().all(|c| c.is_ascii_alphanumeric());
    let property = resource.properties.iter().find(|p| {
        p.ty == TypeRef::Primitive(Primitive::String)
            && !p.collection
            && !p.sensitive
            && plain(&p.name)
    })?;
    if !plain(&resource.name) {
        return None;
    }
    let krate = &info.name;
    let ty = &resource.rust_name;
    let (key, field) = (&property.name, &property.rust_name);
    Some(format!(
        "```\n\
         use {krate}::models::{ty};\n\
         use {krate}::Field;\n\
         \n\
         let json = r#\"{{\"{key}\": \"text\", \"@odata.etag\": \"W/1\", \"addedLater\": [1, 2]}}\"#;\n\
         let value: {ty} = {krate}::from_json(json)?;\n\
         assert_eq!(value.{field}, Field::Value(\"text\".to_string()));\n\
         assert!(value.additional_properties.contains_key(\"addedLater\"));\n\
         \n\
         let written: serde_json::Value = serde_json::from_slice(&value.to_json())?;\n\
         assert_eq!(written, serde_json::from_str::<serde_json::Value>(json)?);\n\
         assert_eq!(value.to_json(), serde_json::to_vec(&value)?);\n\
         # Ok::<(), Box<dyn std::error::Error>>(())\n\
         ```",
    ))
}

/// The module's tokens with its doc comment and the attributes every generated file carries.
pub fn file_tokens(module: Module) -> TokenStream {
    let mut tokens = docs::inner_doc(&module.doc, module.example.as_deref());
    tokens.extend(quote! { #![cfg_attr(rustfmt, rustfmt::skip)] });
    // Moved, not interpolated: `#items` would copy the module's top-level tokens.
    tokens.extend(module.items);
    tokens
}
