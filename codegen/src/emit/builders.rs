//! Update builders (`src/operations/`): for each partial-update operation, a builder with one
//! setter per writable property, where the spec's rules live in the types.
//!
//! A property that can be cleared is a `Field` (absent, `null`, value) with a `clear_` setter; one
//! that can't is an `Option` with no way to send `null`; a read-only property has no setter.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::Module;
use super::docs::{code, doc, line_literal, lines_as_they_are, spec_text};
use super::models::{field_type, visit_fields};
use super::query::{QueryParts, query_parts};
use super::validation::{RulesContext, property_entry};
use crate::ir::{
    Api, Body, HeaderKind, HeaderPart, LINK_CONSTRUCTOR, LINK_VARIANT, Operation, OperationPath,
    PathSegment, Primitive, Property, QueryOption, SuccessBody, TypeRef, property_enum_name,
};

/// `operations/mod.rs`.
pub fn operations_module(api: &Api) -> Module {
    let modules = emitted(api).map(|op| {
        let module = format_ident!("{}", op.module);
        let name = format_ident!("{}", op.rust_name);
        let target = target_name(op);
        quote! { mod #module; pub use #module::{#name, #target}; }
    });
    Module {
        path: "src/operations/mod.rs".into(),
        doc: "The operations of the API: builders that validate what they send and produce an \
              `http::Request`."
            .into(),
        example: None,
        items: quote! { #(#modules)* },
    }
}

/// The operations that have a builder: all of them.
pub fn emitted(api: &Api) -> impl Iterator<Item = &Operation> {
    api.operations.iter()
}

/// The builder of an operation, by the kind of its body.
pub fn operation(api: &Api, op: &Operation, krate: &str) -> Module {
    match op.body {
        Body::Empty => bodiless(api, op, krate),
        Body::PartialUpdate => partial_update(api, op, krate),
        Body::Create => create(api, op, krate),
        Body::ReplaceCollection { property, .. } => replace_collection(api, op, property, krate),
    }
}

fn target_name(op: &Operation) -> Ident {
    format_ident!("{}", op.target_name())
}

/// What sets one kind of operation apart: how its body is held, set, checked and written.
struct BodyParts {
    /// Constructor parameters after the path parameters.
    params: Vec<TokenStream>,
    /// The `Changes` value a constructor starts from; `None` for a request without a body,
    /// whose builder has no `Changes`.
    init: Option<TokenStream>,
    /// The fields of `Changes`.
    fields: TokenStream,
    /// What the spec says about each property `Changes` holds: `static CHANGES`.
    table: TokenStream,
    /// `visit_changes`'s parameter and body: how it hands each property of `Changes` to a
    /// writer or the validator, in the order of `static CHANGES`.
    visit: (TokenStream, TokenStream),
    /// Setters and other methods of the builder.
    methods: TokenStream,
    /// Checks of the body as a whole, inside `validate`, after those of each property.
    checks: TokenStream,
    /// What a constructor starts with, after "A request to `{path}`".
    starts_with: String,
    example: Option<Vec<String>>,
    /// Whether `Changes` borrows strings, and so has the lifetime `'a`.
    borrows: bool,
}

fn partial_update(api: &Api, op: &Operation, krate: &str) -> Module {
    let properties = api.sent_properties(op);
    let diff_and_apply = diff_and_apply(api, op, &properties, krate);
    let setters = properties.iter().map(|p| setter(api, p, true));
    let table = changes_table(api, &properties);
    let parts = BodyParts {
        params: Vec::new(),
        init: Some(quote! { Changes::default() }),
        fields: changes_fields(api, &properties),
        table,
        visit: changes_visit(&properties),
        methods: quote! {
            #(#setters)*
            #diff_and_apply

            /// Whether nothing is set; such an update is rejected.
            #[inline]
            pub fn is_empty(&self) -> bool {
                rt::nothing_set(|changes| self.visit_changes(changes))
            }
        },
        // The validator's visit tells whether anything is set: no visit of its own.
        checks: quote! {
            if v.saw_nothing() {
                v.report(ViolationCode::EmptyUpdate, "an update must set at least one property");
            }
        },
        example: builder_example(api, op, &properties, krate),
        starts_with: "; every property starts absent.".into(),
        borrows: properties.iter().any(|p| borrows(p)),
    };
    operation_module(api, op, parts)
}

/// A builder of a new value of the resource: the properties required on creation are its
/// constructors' arguments, so that leaving one out does not compile; the others have setters.
fn create(api: &Api, op: &Operation, krate: &str) -> Module {
    let properties = api.sent_properties(op);
    let (required, optional): (Vec<&Property>, Vec<&Property>) =
        properties.iter().partition(|p| p.required_on_create);
    let (params, stores): (Vec<_>, Vec<_>) = required
        .iter()
        .map(|p| {
            let field = format_ident!("{}", p.rust_name);
            let (parameter, store) = parameter_and_store(api, p, quote! { #field });
            (quote! { #field: #parameter }, quote! { #field: #store, })
        })
        .unzip();
    let rest = (!optional.is_empty()).then(|| quote! { ..Changes::default() });
    let setters = optional.iter().map(|p| setter(api, p, false));
    let required_names: Vec<String> = required.iter().map(|p| format!("`{}`", p.name)).collect();
    let parts = BodyParts {
        params,
        init: Some(quote! { Changes { #(#stores)* #rest } }),
        fields: changes_fields(api, &properties),
        table: changes_table(api, &properties),
        visit: changes_visit(&properties),
        methods: quote! { #(#setters)* },
        checks: TokenStream::new(),
        example: create_example(api, op, &required, krate),
        starts_with: if required.is_empty() {
            "; every property starts absent.".into()
        } else {
            format!(
                " with {}, required on creation; every other property starts absent.",
                required_names.join(", ")
            )
        },
        borrows: properties.iter().any(|p| borrows(p)),
    };
    operation_module(api, op, parts)
}

/// The fields of `Changes` for properties a body sends.
fn changes_fields(api: &Api, properties: &[&Property]) -> TokenStream {
    let fields = properties.iter().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        let ty = storage_type(api, p);
        quote! { #field: #ty, }
    });
    quote! { #(#fields)* }
}

/// `visit_changes`'s parameter and body: every field of `Changes`, with its entry of
/// `static CHANGES`.
fn changes_visit(properties: &[&Property]) -> (TokenStream, TokenStream) {
    let fields = properties.iter().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        quote! { &self.changes.#field }
    });
    visit_fields("CHANGES", fields.collect())
}

/// `static CHANGES`: what the spec says about each property an update may send, in the order of
/// `Changes`. Nothing is required of a partial update, and its types rule out a `null` that
/// isn't allowed, so the rules are `Update` ones.
fn changes_table(api: &Api, properties: &[&Property]) -> TokenStream {
    if properties.is_empty() {
        return TokenStream::new();
    }
    let count = Literal::usize_unsuffixed(properties.len());
    let entries = properties
        .iter()
        .map(|p| property_entry(api, p, RulesContext::Update));
    quote! {
        /// What the spec says about each property the request may send.
        static CHANGES: [val::Property; #count] = [#(#entries),*];
    }
}

/// A builder of a request without a body (a GET or a DELETE): its target and headers.
fn bodiless(api: &Api, op: &Operation, krate: &str) -> Module {
    let parts = BodyParts {
        params: Vec::new(),
        init: None,
        fields: TokenStream::new(),
        table: TokenStream::new(),
        visit: (quote! { _ }, TokenStream::new()),
        methods: TokenStream::new(),
        checks: TokenStream::new(),
        example: bodiless_example(api, op, krate),
        starts_with: ".".into(),
        borrows: false,
    };
    operation_module(api, op, parts)
}

/// A builder that replaces one collection property as a whole; it sets nothing else.
fn replace_collection(api: &Api, op: &Operation, index: usize, krate: &str) -> Module {
    let property = &api.types[op.resource].properties[index];
    let field = format_ident!("{}", property.rust_name);
    let key = &property.name;
    let item = super::models::item_type(api, property.ty);
    let collected = if matches!(property.ty, TypeRef::Complex(_)) {
        quote! {{
            let mut items: Vec<#item> = #field.into_iter().collect();
            rt::Writable::prepare_update(&mut items);
            items
        }}
    } else {
        quote! { #field.into_iter().collect() }
    };
    let table = changes_table(api, &[property]);
    // The items are borrowed, not a `Field` of `Changes`: a call of their own.
    let method = if matches!(property.ty, TypeRef::Complex(_)) {
        quote! { items(entry, &self.changes.#field) }
    } else {
        quote! { value(entry, &crate::Field::Value(&self.changes.#field)) }
    };
    let visit = (
        quote! { properties },
        quote! {
            let [entry] = &CHANGES;
            properties.#method;
        },
    );
    let getter_doc = line_literal(&format!(" The `{key}` this update sends, in order."));
    let parts = BodyParts {
        params: vec![quote! { #field: impl IntoIterator<Item = #item> }],
        init: Some(quote! { Changes { #field: #collected } }),
        fields: quote! { #field: Vec<#item>, },
        table,
        visit,
        methods: quote! {
            #[doc = #getter_doc]
            pub fn items(&self) -> &[#item] {
                &self.changes.#field
            }
        },
        checks: TokenStream::new(),
        example: replace_example(api, op, property, krate),
        borrows: false,
        starts_with: format!(
            " that replaces `{key}` with `{}`, in order; an empty list removes every item.",
            property.rust_name
        ),
    };
    operation_module(api, op, parts)
}

fn operation_module(api: &Api, op: &Operation, parts: BodyParts) -> Module {
    let name = format_ident!("{}", op.rust_name);
    let target = target_name(op);
    let BodyParts {
        params,
        init,
        fields,
        table,
        visit,
        methods,
        checks,
        starts_with,
        example,
        borrows,
    } = parts;
    let (receiver, visits) = visit;
    let target_borrows = op.paths.iter().any(|path| !self::params(path).is_empty());
    let lifetime = |used: bool| used.then(|| quote! { <'a> });
    let (builder_lt, changes_lt, target_lt) = (
        lifetime(borrows || target_borrows),
        lifetime(borrows),
        lifetime(target_borrows),
    );
    let given = given_headers(op);
    let headers_init = &given.init;
    let sends = init.is_some();
    let changes_init = init.map(|init| quote! { changes: #init, });
    let query = query_parts(api, op);
    let query_init = &query.init;
    let fields_init = quote! { #changes_init #headers_init #query_init };
    let (target_enum, constructors, path_arms, target_checks) = targets(
        op,
        &name,
        &target,
        &target_lt,
        &params,
        &fields_init,
        &starts_with,
        &given.values,
    );
    let GivenHeaderParts {
        field: headers_field,
        setters: header_setters,
        check: headers_check,
        values: header_values,
        ..
    } = given;
    let response = match op.success_body {
        SuccessBody::One(index) => {
            let ty = format_ident!("{}", api.types[index].rust_name);
            quote! { crate::models::#ty }
        }
        SuccessBody::Page(index) => {
            let ty = format_ident!("{}", api.types[index].rust_name);
            quote! { ::codegen_runtime::paging::Page<crate::models::#ty> }
        }
        SuccessBody::Delta(index) => {
            let ty = format_ident!("{}", api.types[index].rust_name);
            quote! { ::codegen_runtime::paging::DeltaPage<crate::models::#ty> }
        }
        SuccessBody::None => quote! { () },
    };
    let method = format_ident!("{}", op.method.as_str());
    let status = Literal::u16_unsuffixed(op.success_status);
    let version_variants = op.versions.iter().map(|v| version_ident(api, v));
    let cloud_variants = op.clouds.iter().map(|c| cloud_ident(api, c));
    let permissions = &op.permissions.application;
    let headers = op
        .headers
        .iter()
        .filter(|h| matches!(h.kind, HeaderKind::Fixed))
        .map(|h| {
            let (header, value) = (&h.name, &h.value);
            quote! { (#header, #value), }
        });
    let struct_doc = doc(&operation_doc(api, op));
    let lifetime_doc = builder_lt.is_some().then(|| {
        quote! {
            ///
            /// Strings given as `&str` are borrowed for `'a`, not copied; a builder given owned
            /// `String`s is `'static`.
        }
    });
    let response_doc = doc(&match op.success_body {
        SuccessBody::One(index) => format!(
            "The `{}` the service answers with.",
            api.types[index].rust_name
        ),
        SuccessBody::Page(index) => format!(
            "A page of `{}`s, with the link to the next page.",
            api.types[index].rust_name
        ),
        SuccessBody::Delta(index) => format!(
            "A page of changed and removed `{}`s, with the link to the next page or the \
             delta link that ends the round.",
            api.types[index].rust_name
        ),
        SuccessBody::None => format!(
            "Nothing: a success (`{}`) has no body to read.",
            op.success_status
        ),
    });
    let example_doc = example.map(|lines| lines_as_they_are(&lines));
    let changes_field = sends.then(|| quote! { changes: Changes #changes_lt, });
    let changes_struct = sends.then(|| {
        quote! {
            /// What the request sends.
            #[derive(Clone, Debug, Default, PartialEq)]
            struct Changes #changes_lt {
                #fields
            }
        }
    });
    let body_methods = sends.then(|| {
        quote! {
            /// The JSON body this request sends: only the properties that were set.
            #[inline]
            pub fn to_json(&self) -> Vec<u8> {
                rt::json_body(|body| self.visit_changes(body))
            }

            /// Hands each property the request may send to `properties`, a writer or the validator.
            fn visit_changes<P: rt::Properties>(&self, #receiver: &mut P) {
                #visits
            }
        }
    });
    let visit_in_validate = sends.then(|| quote! { self.visit_changes(&mut v); });
    let QueryParts {
        field: query_field,
        setters: query_setters,
        check: query_check,
        render: query_render,
        ..
    } = query;
    let path_mut = (!op.query.is_empty()).then(|| quote! { mut });
    // Only what the module uses: a request without a body writes and checks no properties,
    // and one without path parameters or body checks reports no code of its own.
    let runtime_imports = sends.then(|| quote! { use ::codegen_runtime::model as rt; });
    let validation_imports = sends.then(|| quote! { self as val, });
    let violation_code = (target_borrows || !checks.is_empty()).then(|| quote! { , ViolationCode });
    let body = if sends {
        quote! { self.to_json() }
    } else {
        quote! { Vec::new() }
    };

    // Every method is `#[inline]` (or generic), so that the crate compiles no machine code for
    // an operation until code that uses it is compiled: a spec's crate builds in about the
    // time of its `cargo check` (a build of the 30-type synthetic crate ran 3.2 times the
    // instructions of its check before, 1.2 times now that models' `Default` is inline too),
    // however few operations a user calls.
    //
    // `Changes` is held inline, not boxed, although it is large: chained setters become
    // writes in place once inlined, while allocating and freeing the box took 30 % of a
    // four-property update (160 ns boxed, ~115 ns inline, `cargo bench --bench codecs`).
    let items = quote! {
        // The names imported here and `Changes` are `OPERATION_MODULE_NAMES`: no builder takes them.
        use crate::requests::{ApiVersion, Cloud, Operation};
        #runtime_imports
        use crate::validation::{#validation_imports ValidationErrors, Validator #violation_code};

        #struct_doc
        #lifetime_doc
        #example_doc
        #[derive(Clone, Debug, PartialEq)]
        #[must_use = "a builder does nothing until it is built into a request"]
        pub struct #name #builder_lt {
            target: #target #target_lt,
            #changes_field
            #headers_field
            #query_field
        }

        #changes_struct

        #table

        #target_enum

        impl #builder_lt #name #builder_lt {
            #(#constructors)*
            #methods
            #header_setters
            #query_setters
            #body_methods

            /// Checks every rule of the spec for `version` and `cloud`, reporting every violation.
            #[inline]
            pub fn validate(&self, version: ApiVersion, cloud: Cloud) -> Result<(), ValidationErrors> {
                let mut v = Validator::new(version.as_str());
                ::codegen_runtime::requests::check_availability::<Self>(&mut v, version, cloud);
                #target_checks
                #headers_check
                #query_check
                #visit_in_validate
                #checks
                v.finish()
            }

            /// Validates, then builds the request for the default version and cloud (the first
            /// the spec lists for the operation).
            #[inline]
            pub fn build(self) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
                self.build_for(Self::VERSIONS[0], Self::CLOUDS[0])
            }

            /// Validates, then builds the request for `version` in `cloud`.
            #[inline]
            pub fn build_for(self, version: ApiVersion, cloud: Cloud) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
                self.validate(version, cloud)?;
                let headers = [#(#headers)*];
                let #path_mut path = match &self.target {
                    #(#path_arms)*
                };
                #query_render
                ::codegen_runtime::requests::request::<Self>(version, cloud, &path, &headers, #header_values, #body)
            }
        }

        impl #builder_lt Operation for #name #builder_lt {
            #response_doc
            type Response = #response;
            type Version = ApiVersion;
            type Cloud = Cloud;
            const METHOD: http::Method = http::Method::#method;
            const SUCCESS: u16 = #status;
            const VERSIONS: &'static [ApiVersion] = &[#(ApiVersion::#version_variants),*];
            const CLOUDS: &'static [Cloud] = &[#(Cloud::#cloud_variants),*];
            const APPLICATION_PERMISSIONS: &'static [&'static str] = &[#(#permissions),*];

            #[inline]
            fn into_request(self, version: ApiVersion, cloud: Cloud) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
                self.build_for(version, cloud)
            }
        }
    };
    Module {
        path: format!("src/operations/{}.rs", op.module),
        doc: format!("The `{}` operation.", op.name),
        example: None,
        items,
    }
}

fn version_ident(api: &Api, name: &str) -> Ident {
    let version = api.versions.iter().find(|v| v.name == name);
    format_ident!("{}", version.map_or("", |v| v.rust_name.as_str()))
}

fn cloud_ident(api: &Api, name: &str) -> Ident {
    let cloud = api.clouds.iter().find(|c| c.name == name);
    format_ident!("{}", cloud.map_or("", |c| c.rust_name.as_str()))
}

fn operation_doc(api: &Api, op: &Operation) -> String {
    let paths: Vec<String> = op
        .paths
        .iter()
        .map(|p| format!("`{} {}`", op.method.as_str(), p.template))
        .collect();
    let clouds: Vec<String> = op
        .clouds
        .iter()
        .filter_map(|name| api.clouds.iter().find(|c| &c.name == name))
        .map(|c| spec_text(c.description.trim_end_matches('.')))
        .collect();
    let permissions = if op.permissions.application.is_empty() {
        "none".to_string()
    } else {
        spec_text(&op.permissions.application.join(", "))
    };
    format!(
        "{}\n\n{}; API versions {}; national clouds: {}. Application permissions: {permissions}. \
         Delegated permissions: {}.\n\n\
         Build it with the constructor of its target, then `build()` (or \
         `build_for(version, cloud)`): it validates every rule of the spec and returns an \
         `http::Request` without the `Authorization` header, which the caller adds.",
        spec_text(&op.description),
        paths.join(", "),
        op.versions.join(", "),
        clouds.join(", "),
        if op.permissions.delegated_work.is_empty() && op.permissions.delegated_personal.is_empty()
        {
            "not supported".to_string()
        } else {
            let delegated = [
                op.permissions.delegated_work.clone(),
                op.permissions.delegated_personal.clone(),
            ]
            .concat()
            .join(", ");
            spec_text(&delegated)
        }
    )
}

/// What headers with values the caller gives add to a builder: a field, a setter each, their
/// check, and their values for the request.
struct GivenHeaderParts {
    field: TokenStream,
    init: TokenStream,
    setters: TokenStream,
    check: TokenStream,
    values: TokenStream,
}

fn given_headers(op: &Operation) -> GivenHeaderParts {
    let given: Vec<_> = op
        .headers
        .iter()
        .filter_map(|header| match &header.kind {
            HeaderKind::Given { setter, parts } => Some((header, setter, parts)),
            _ => None,
        })
        .collect();
    if given.is_empty() {
        return GivenHeaderParts {
            field: TokenStream::new(),
            init: TokenStream::new(),
            setters: TokenStream::new(),
            check: TokenStream::new(),
            values: quote! { [] },
        };
    }
    let setters = given.iter().map(|(header, setter, parts)| {
        let setter = format_ident!("{setter}");
        let name = &header.name;
        let params: Vec<Ident> = parts
            .iter()
            .filter_map(|part| match part {
                HeaderPart::Param(param) => Some(format_ident!("{param}")),
                HeaderPart::Literal(_) => None,
            })
            .collect();
        let pieces = parts.iter().map(|part| match part {
            HeaderPart::Literal(text) => quote! { #text },
            HeaderPart::Param(param) => {
                let param = format_ident!("{param}");
                quote! { #param.as_str() }
            }
        });
        let required = if header.required {
            " Required: without it, the request is not built."
        } else {
            ""
        };
        let setter_doc = line_literal(&format!(
            " Sends the `{name}` header, {}.{required}",
            code(&header.value)
        ));
        quote! {
            #[doc = #setter_doc]
            pub fn #setter(mut self, #(#params: impl Into<String>),*) -> Self {
                #(let #params: String = #params.into();)*
                self.headers.set(#name, [#(#pieces),*].concat());
                self
            }
        }
    });
    let required = given
        .iter()
        .filter(|(header, ..)| header.required)
        .map(|(header, ..)| &header.name);
    GivenHeaderParts {
        field: quote! {
            headers: ::codegen_runtime::requests::GivenHeaders,
        },
        init: quote! { headers: ::codegen_runtime::requests::GivenHeaders::new(), },
        setters: quote! { #(#setters)* },
        check: quote! { self.headers.check(&mut v, &[#(#required),*]); },
        values: quote! { self.headers.values() },
    }
}

/// The target enum, its constructors, the path of each target, and the checks of parameters;
/// a delta operation's builder also targets a stored delta link.
#[allow(clippy::too_many_arguments)]
fn targets(
    op: &Operation,
    name: &Ident,
    target: &Ident,
    target_lt: &Option<TokenStream>,
    body_params: &[TokenStream],
    fields_init: &TokenStream,
    starts_with: &str,
    header_values: &TokenStream,
) -> (TokenStream, Vec<TokenStream>, Vec<TokenStream>, TokenStream) {
    let link =
        matches!(op.success_body, SuccessBody::Delta(_)).then(|| format_ident!("{LINK_VARIANT}"));
    let variants = op.paths.iter().map(|path| {
        let variant = format_ident!("{}", path.rust_name);
        let params = params(path);
        let variant_doc = line_literal(&format!(" `{}`", path.template));
        if params.is_empty() {
            quote! { #[doc = #variant_doc] #variant, }
        } else {
            quote! { #[doc = #variant_doc] #variant { #(#[doc = r" A path parameter."] #params: std::borrow::Cow<'a, str>,)* }, }
        }
    });
    let target_doc = line_literal(&format!(
        " Where a `{}` request goes: one of the operation's paths.",
        op.rust_name
    ));
    let link_variant = link.as_ref().map(|link| {
        quote! {
            /// A stored delta link: the next round of a sync.
            #link {
                /// The `@odata.deltaLink` a round ended with.
                link: ::codegen_runtime::paging::DeltaLink,
            },
        }
    });
    let target_enum = quote! {
        #[doc = #target_doc]
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #target #target_lt {
            #(#variants)*
            #link_variant
        }
    };
    let constructors: Vec<TokenStream> = op
        .paths
        .iter()
        .map(|path| {
            let variant = format_ident!("{}", path.rust_name);
            let function = format_ident!("{}", path.fn_name);
            let params = params(path);
            let constructor_doc = doc(&format!("A request to `{}`{starts_with}", path.template));
            let value = if params.is_empty() {
                quote! { #target::#variant }
            } else {
                quote! { #target::#variant { #(#params: #params.into()),* } }
            };
            quote! {
                #constructor_doc
                pub fn #function(#(#params: impl Into<std::borrow::Cow<'a, str>>,)* #(#body_params),*) -> Self {
                    #name { target: #value, #fields_init }
                }
            }
        })
        .collect();
    let link_constructor = link.as_ref().map(|link| {
        let function = format_ident!("{LINK_CONSTRUCTOR}");
        quote! {
            /// A request for what changed since the round that ended with `link` (its
            /// `@odata.deltaLink`, as stored). The link holds the first request's query
            /// options; options set on this builder are not sent.
            pub fn #function(link: ::codegen_runtime::paging::DeltaLink) -> Self {
                #name { target: #target::#link { link }, #fields_init }
            }
        }
    });
    let constructors = constructors.into_iter().chain(link_constructor).collect();
    let path_arms = op
        .paths
        .iter()
        .map(|path| {
            let variant = format_ident!("{}", path.rust_name);
            let params = params(path);
            // Literal text has no braces (they delimit placeholders), so it is a format string
            // as it is.
            let template = path_text(path, "{}");
            let encoded = path.segments.iter().filter_map(|segment| match segment {
                PathSegment::Literal(_) => None,
                PathSegment::Param { rust_name, .. } => {
                    let param = format_ident!("{rust_name}");
                    Some(quote! { ::codegen_runtime::requests::encode_segment(#param) })
                }
            });
            if params.is_empty() {
                quote! { #target::#variant => #template.to_owned(), }
            } else {
                quote! {
                    #target::#variant { #(#params),* } => format!(#template, #(#encoded),*),
                }
            }
        })
        .chain(link.as_ref().map(|link| {
            quote! {
                #target::#link { link } => {
                    return ::codegen_runtime::paging::link_request::<Self>(link.as_str(), cloud, &headers, #header_values);
                }
            }
        }))
        .collect();
    // One exhaustive match: each target checks its own parameters.
    let check_arms = op.paths.iter().map(|path| {
        let variant = format_ident!("{}", path.rust_name);
        let params = params(path);
        if params.is_empty() {
            return quote! { #target::#variant => {} };
        }
        let messages = path.segments.iter().filter_map(|s| match s {
            PathSegment::Param { name, .. } => {
                Some(format!("the path parameter `{name}` must not be empty"))
            }
            PathSegment::Literal(_) => None,
        });
        quote! {
            #target::#variant { #(#params),* } => {
                #(if #params.is_empty() { v.report(ViolationCode::InvalidTarget, #messages); })*
            }
        }
    });
    let link_check = link.as_ref().map(|link| {
        quote! {
            #target::#link { link } => ::codegen_runtime::paging::check_link::<Self>(&mut v, link.as_str(), cloud),
        }
    });
    let target_checks = quote! { match &self.target { #(#check_arms)* #link_check } };
    (target_enum, constructors, path_arms, target_checks)
}

fn params(path: &crate::ir::OperationPath) -> Vec<Ident> {
    path.segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Param { rust_name, .. } => Some(format_ident!("{rust_name}")),
            PathSegment::Literal(_) => None,
        })
        .collect()
}

/// Whether the builder keeps the property's value as a `Cow<'a, str>`: a plain string, which
/// is then borrowed rather than copied (secrets stay owned, like the models' `Sensitive`).
fn borrows(property: &Property) -> bool {
    property.ty == TypeRef::Primitive(Primitive::String)
        && !property.collection
        && !property.sensitive
}

/// `Field<T>`, never `Null` for a property that can't be cleared (it has no setter for
/// `null`), so that every property is written by the same code.
fn storage_type(api: &Api, property: &Property) -> TokenStream {
    let ty = if borrows(property) {
        quote! { std::borrow::Cow<'a, str> }
    } else {
        field_type(api, property)
    };
    quote! { crate::Field<#ty> }
}

/// How a setter takes its value, and how it turns it into the stored type.
enum Argument {
    /// `impl Into<T>`: strings (`Cow<'a, str>`, so that a `&str` is borrowed, not copied) and
    /// the lexical primitives.
    Into(TokenStream),
    /// `T` as it is.
    Plain(TokenStream),
    /// `impl IntoIterator<Item = T>` collected into a `Vec` or `Flags`.
    Items(TokenStream),
    /// `impl IntoIterator<Item = impl Into<T>>` collected into a `Vec`.
    IntoItems(TokenStream),
}

fn argument(api: &Api, property: &Property) -> (Argument, bool) {
    let item = super::models::item_type(api, property.ty);
    let into = matches!(
        property.ty,
        TypeRef::Primitive(
            Primitive::String | Primitive::Date | Primitive::DateTimeOffset | Primitive::Guid
        )
    );
    let needs_prepare = matches!(property.ty, TypeRef::Complex(_));
    // A flags property takes its members; the setter collects them into the set.
    let flags_member = match property.ty {
        TypeRef::Enum(index) if api.enums[index].flags => {
            Some(format_ident!("{}", api.enums[index].rust_name))
        }
        _ => None,
    };
    let argument = if borrows(property) {
        Argument::Into(quote! { std::borrow::Cow<'a, str> })
    } else if property.collection && into {
        Argument::IntoItems(item)
    } else if property.collection {
        Argument::Items(item)
    } else if let Some(member) = flags_member {
        Argument::Items(quote! { crate::models::#member })
    } else if into {
        Argument::Into(item)
    } else {
        Argument::Plain(item)
    };
    (argument, needs_prepare)
}

/// A setter of `property`, and its `clear_` setter if it can be cleared and `clearing`.
fn setter(api: &Api, property: &Property, clearing: bool) -> TokenStream {
    let field = format_ident!("{}", property.rust_name);
    let (parameter, store) = parameter_and_store(api, property, quote! { value });
    let setter_doc = doc(&setter_doc(property, clearing));
    let clear = (property.clearable && clearing).then(|| {
        let clear = format_ident!("clear_{}", property.rust_name);
        let clear_doc = line_literal(&format!(
            " Sends `null` for `{}`, clearing it.",
            property.name
        ));
        quote! {
            #[doc = #clear_doc]
            #[inline]
            pub fn #clear(mut self) -> Self {
                self.changes.#field = crate::Field::Null;
                self
            }
        }
    });
    quote! {
        #setter_doc
        #[inline]
        pub fn #field(mut self, value: #parameter) -> Self {
            self.changes.#field = #store;
            self
        }
        #clear
    }
}

/// The type a setter or constructor takes `property`'s value as, and the expression that
/// stores `value` (of that type) in `Changes`.
fn parameter_and_store(
    api: &Api,
    property: &Property,
    value: TokenStream,
) -> (TokenStream, TokenStream) {
    let (argument, needs_prepare) = argument(api, property);
    let (parameter, conversion) = match argument {
        Argument::Into(ty) => (quote! { impl Into<#ty> }, quote! { #value.into() }),
        Argument::Plain(ty) => (ty, quote! { #value }),
        Argument::Items(item) => (
            quote! { impl IntoIterator<Item = #item> },
            quote! { #value.into_iter().collect() },
        ),
        Argument::IntoItems(item) => (
            quote! { impl IntoIterator<Item = impl Into<#item>> },
            quote! { #value.into_iter().map(Into::into).collect() },
        ),
    };
    let prepared = if needs_prepare {
        quote! { { let mut value = #conversion; rt::Writable::prepare_update(&mut value); value } }
    } else {
        conversion
    };
    let stored = if property.sensitive {
        quote! { crate::Sensitive::new(#prepared) }
    } else if property.boxed {
        quote! { Box::new(#prepared) }
    } else {
        prepared
    };
    (parameter, quote! { crate::Field::Value(#stored) })
}

fn setter_doc(property: &Property, clearing: bool) -> String {
    let mut notes = vec![format!("Sets `{}`.", property.name)];
    if clearing && property.clearable {
        notes.push(format!(
            "`clear_{}` sends `null` instead.",
            property.rust_name
        ));
    } else if clearing {
        notes.push("It can't be cleared: there is no way to send `null`.".into());
    }
    if matches!(property.ty, TypeRef::Complex(_)) && clearing {
        notes.push("The value replaces the whole current value; its read-only and unknown properties are not sent.".into());
    } else if matches!(property.ty, TypeRef::Complex(_)) {
        notes.push("Its read-only and unknown properties are not sent.".into());
    }
    if let crate::ir::Availability::Only(versions) = &property.versions {
        notes.push(format!("Only in API version {}.", versions.join(", ")));
    }
    format!(
        "{}\n\n{}",
        spec_text(&property.description),
        notes.join(" ")
    )
}

/// A Rust expression and the JSON it serializes to, for doc examples.
fn sample(api: &Api, property: &Property, krate: &str) -> Option<(String, String)> {
    use crate::ir::Format;
    let (rust, json) = match property.ty {
        TypeRef::Primitive(Primitive::String) => {
            let text = match property.constraints.format {
                Some(Format::Email) => "ada@example.com",
                Some(Format::CountryCode) => "US",
                Some(Format::LanguageTag) => "en-US",
                Some(Format::PhoneNumber) => "+1 425 555 0100",
                None => "Example",
            };
            (format!("\"{text}\""), format!("\"{text}\""))
        }
        TypeRef::Primitive(Primitive::Boolean) => ("true".into(), "true".into()),
        TypeRef::Primitive(Primitive::Integer) => ("1".into(), "1".into()),
        TypeRef::Primitive(Primitive::Date) => ("\"2001-01-01\"".into(), "\"2001-01-01\"".into()),
        TypeRef::Primitive(Primitive::DateTimeOffset) => (
            "\"2024-08-10T18:13:49Z\"".into(),
            "\"2024-08-10T18:13:49Z\"".into(),
        ),
        TypeRef::Primitive(Primitive::Guid) => {
            let guid = "\"5b5b8a58-5e2d-4b7c-9f0e-0c8a2b1e6f3d\"";
            (guid.into(), guid.into())
        }
        TypeRef::Complex(index) => (
            format!("{krate}::models::{}::default()", api.types[index].rust_name),
            "{}".into(),
        ),
        TypeRef::Enum(index) => {
            let spec_enum = &api.enums[index];
            let member = spec_enum
                .members
                .iter()
                .find(|m| m.name != crate::ir::SENTINEL_MEMBER && plain(&m.name))?;
            let value = format!(
                "{krate}::models::{}::{}",
                spec_enum.rust_name, member.rust_name
            );
            if spec_enum.flags {
                return Some((format!("[{value}]"), format!("\"{}\"", member.name)));
            }
            (value, format!("\"{}\"", member.name))
        }
    };
    if property.collection {
        Some((format!("[{rust}]"), format!("[{json}]")))
    } else {
        Some((rust, json))
    }
}

fn plain(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A constructor call for the first path, with sample parameters.
fn first_target(op: &Operation) -> Option<String> {
    let path = op.paths.first()?;
    let arguments: Vec<&str> = params(path).iter().map(|_| "\"13020\"").collect();
    Some(format!(
        "{}::{}({})",
        op.rust_name,
        path.fn_name,
        arguments.join(", ")
    ))
}

fn builder_example(
    api: &Api,
    op: &Operation,
    properties: &[&Property],
    krate: &str,
) -> Option<Vec<String>> {
    let target = first_target(op)?;
    let (property, (rust, json)) = properties
        .iter()
        .filter(|p| {
            plain(&p.name)
                && p.versions == crate::ir::Availability::All
                && p.constraints == crate::ir::Constraints::default()
        })
        // A default value of a type with required properties would not validate.
        .filter(|p| match p.ty {
            TypeRef::Complex(index) => api.types[index]
                .properties
                .iter()
                .all(|q| !q.required_on_create),
            _ => true,
        })
        .find_map(|p| sample(api, p, krate).map(|sample| (p, sample)))?;
    let url = example_url(api, op)?;
    let header_calls = required_header_calls(op);
    let mut lines = vec![
        String::new(),
        " ```".into(),
        format!(" use {krate}::operations::{};", op.rust_name),
        format!(" use {krate}::requests::Operation as _;"),
        String::new(),
        format!(
            " let request = {target}.{}({rust}){header_calls}.build()?;",
            property.rust_name
        ),
        format!(" assert_eq!(request.method(), \"{}\");", op.method.as_str()),
        format!(" assert_eq!(request.uri(), \"{url}\");"),
    ];
    lines.extend(fixed_header_asserts(op));
    lines.extend([
        format!(
            " assert_eq!(request.body().as_slice(), br#\"{{\"{}\":{json}}}\"#);",
            property.name
        ),
        format!(
            " assert_eq!({}::SUCCESS, {});",
            op.rust_name, op.success_status
        ),
        format!(" # Ok::<(), {krate}::ValidationErrors>(())"),
        " ```".into(),
    ]);
    Some(lines)
}

/// The example of a builder without a body: its first target, built, selecting a property
/// if it takes `$select`.
fn bodiless_example(api: &Api, op: &Operation, krate: &str) -> Option<Vec<String>> {
    let target = first_target(op)?;
    let mut url = example_url(api, op)?;
    let header_calls = required_header_calls(op);
    let mut uses = vec![format!(" use {krate}::operations::{};", op.rust_name)];
    let mut calls = Vec::new();
    if op.takes(QueryOption::Select) {
        let ty = &api.types[op.resource];
        let selected = ty
            .properties
            .iter()
            .find(|p| p.versions == crate::ir::Availability::All && plain(&p.name))?;
        let property = property_enum_name(&ty.rust_name);
        let variant = crate::names::type_name(&selected.name)?;
        uses.push(format!(" use {krate}::models::{property};"));
        calls.push(format!(".select([{property}::{variant}])"));
        url.push_str(&format!("?$select={}", selected.name));
    }
    if let Some((filter_use, call, query)) = filter_example(api, op, krate) {
        uses.push(filter_use);
        calls.push(call);
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query);
    }
    if op.takes(QueryOption::Top) {
        calls.push(".top(10)".into());
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("$top=10");
    }
    let mut lines = vec![String::new(), " ```".into()];
    lines.extend(uses);
    lines.extend([
        format!(" use {krate}::requests::Operation as _;"),
        String::new(),
    ]);
    lines.extend(chained(
        &format!(" let request = {target}"),
        &calls,
        &header_calls,
    ));
    lines.extend([
        format!(" assert_eq!(request.method(), \"{}\");", op.method.as_str()),
        format!(" assert_eq!(request.uri(), \"{url}\");"),
    ]);
    lines.extend(fixed_header_asserts(op));
    lines.extend([
        " assert!(request.body().is_empty());".into(),
        format!(
            " assert_eq!({}::SUCCESS, {});",
            op.rust_name, op.success_status
        ),
        format!(" # Ok::<(), {krate}::ValidationErrors>(())"),
        " ```".into(),
    ]);
    Some(lines)
}

/// The lines of `start`, then `calls` chained on it and built: one line when there is at most
/// one call, else a call per line.
fn chained(start: &str, calls: &[String], header_calls: &str) -> Vec<String> {
    if calls.len() < 2 {
        return vec![format!("{start}{}{header_calls}.build()?;", calls.concat())];
    }
    let mut lines = vec![start.to_string()];
    lines.extend(calls.iter().map(|call| format!("     {call}")));
    lines.push(format!("     {header_calls}.build()?;"));
    lines
}

/// An example's filter, when the operation takes one: its import, the call, and the query it
/// sends. The property is a string that every version of the operation can filter.
fn filter_example(api: &Api, op: &Operation, krate: &str) -> Option<(String, String, String)> {
    if !op.takes(QueryOption::Filter) {
        return None;
    }
    let ty = &api.types[op.resource];
    let property = ty.properties.iter().find(|p| {
        p.filterable == Some(crate::ir::Availability::All)
            && p.ty == TypeRef::Primitive(Primitive::String)
            && plain(&p.name)
    })?;
    let filter = crate::ir::filter_struct_name(&ty.rust_name);
    let constant = property.rust_name.to_uppercase();
    Some((
        format!(" use {krate}::models::{filter};"),
        format!(".filter({filter}::{constant}.eq(\"it's\"))"),
        format!("$filter={}%20eq%20%27it%27%27s%27", property.name),
    ))
}

/// The calls that give each required header a sample value, so that an example builds.
fn required_header_calls(op: &Operation) -> String {
    op.headers
        .iter()
        .filter(|header| header.required)
        .filter_map(|header| match &header.kind {
            HeaderKind::Given { setter, parts } => {
                let count = parts
                    .iter()
                    .filter(|p| matches!(p, HeaderPart::Param(_)))
                    .count();
                Some(format!(".{setter}({})", vec!["\"1\""; count].join(", ")))
            }
            HeaderKind::Fixed | HeaderKind::Authorization => None,
        })
        .collect()
}

/// An example's checks of the fixed headers. Header values are visible ASCII; `{:?}` makes
/// each a Rust string literal.
fn fixed_header_asserts(op: &Operation) -> impl Iterator<Item = String> + '_ {
    op.headers
        .iter()
        .filter(|header| matches!(header.kind, HeaderKind::Fixed))
        .map(|header| {
            format!(
                " assert_eq!(request.headers()[{:?}], {:?});",
                header.name, header.value
            )
        })
}

/// The example of a create: its first target with a sample of each required property, when
/// every one has a sample that validates (no constraints, in every version).
fn create_example(
    api: &Api,
    op: &Operation,
    required: &[&Property],
    krate: &str,
) -> Option<Vec<String>> {
    let path = op.paths.first()?;
    let url = example_url(api, op)?;
    let mut arguments: Vec<String> = params(path).iter().map(|_| "\"13020\"".into()).collect();
    let mut body = Vec::new();
    for property in required {
        let nested_required = match property.ty {
            TypeRef::Complex(index) => api.types[index]
                .properties
                .iter()
                .any(|q| q.required_on_create),
            _ => false,
        };
        if property.versions != crate::ir::Availability::All
            || !plain(&property.name)
            || nested_required
        {
            return None;
        }
        let (rust, json) = if property.constraints == crate::ir::Constraints::default() {
            sample(api, property, krate)?
        } else {
            let text = constrained_text(property)?;
            (format!("\"{text}\""), format!("\"{text}\""))
        };
        arguments.push(rust);
        body.push(format!("\"{}\":{json}", property.name));
    }
    let mut lines = vec![
        String::new(),
        " ```".into(),
        format!(" use {krate}::operations::{};", op.rust_name),
        format!(" use {krate}::requests::Operation as _;"),
        String::new(),
        format!(" let request = {}::{}(", op.rust_name, path.fn_name),
    ];
    lines.extend(arguments.iter().map(|argument| format!("     {argument},")));
    lines.push(format!(" ){}", required_header_calls(op)));
    lines.extend([
        " .build()?;".into(),
        format!(" assert_eq!(request.method(), \"{}\");", op.method.as_str()),
        format!(" assert_eq!(request.uri(), \"{url}\");"),
    ]);
    lines.extend(fixed_header_asserts(op));
    lines.extend([
        format!(
            " assert_eq!(request.body().as_slice(), br#\"{{{}}}\"#);",
            body.join(",")
        ),
        format!(
            " assert_eq!({}::SUCCESS, {});",
            op.rust_name, op.success_status
        ),
        format!(" # Ok::<(), {krate}::ValidationErrors>(())"),
        " ```".into(),
    ]);
    Some(lines)
}

/// A sample text that meets a single string property's length bounds and pattern (checked
/// with the regex the generated code compiles), if one of a few plain ones does.
fn constrained_text(property: &Property) -> Option<&'static str> {
    let c = &property.constraints;
    let plain_string = property.ty == TypeRef::Primitive(Primitive::String)
        && !property.collection
        && c.format.is_none()
        && c.min_items.is_none()
        && c.max_items.is_none();
    if !plain_string {
        return None;
    }
    let pattern = match &c.pattern {
        Some(pattern) => Some(regex_lite::Regex::new(&crate::ir::anchored_pattern(pattern)).ok()?),
        None => None,
    };
    ["Example", "ada@example.com", "example", "ex-1", "1"]
        .into_iter()
        .find(|text| {
            let length = text.chars().count() as u64;
            c.min_length.is_none_or(|min| length >= min)
                && c.max_length.is_none_or(|max| length <= max)
                && pattern
                    .as_ref()
                    .is_none_or(|pattern| pattern.is_match(text))
        })
}

fn replace_example(
    api: &Api,
    op: &Operation,
    property: &Property,
    krate: &str,
) -> Option<Vec<String>> {
    let path = op.paths.first()?;
    if property.constraints.min_items.is_some() || !plain(&property.name) {
        return None;
    }
    let url = example_url(api, op)?;
    let mut arguments: Vec<&str> = params(path).iter().map(|_| "\"13020\"").collect();
    arguments.push("Vec::new()");
    Some(vec![
        String::new(),
        format!(
            " An empty `{}` is allowed: it removes every item.",
            property.name
        ),
        String::new(),
        " ```".into(),
        format!(" use {krate}::operations::{};", op.rust_name),
        String::new(),
        format!(
            " let request = {}::{}({}).build()?;",
            op.rust_name,
            path.fn_name,
            arguments.join(", ")
        ),
        format!(" assert_eq!(request.uri(), \"{url}\");"),
        format!(
            " assert_eq!(request.body().as_slice(), br#\"{{\"{}\":[]}}\"#);",
            property.name
        ),
        format!(" # Ok::<(), {krate}::ValidationErrors>(())"),
        " ```".into(),
    ])
}

/// `diff(before, after)`, the smallest update between two snapshots, and `apply(model)`, the
/// update as the service applies it.
fn diff_and_apply(api: &Api, op: &Operation, writable: &[&Property], krate: &str) -> TokenStream {
    let resource = &api.types[op.resource];
    let model = format_ident!("{}", resource.rust_name);
    let diffs = writable.iter().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        // Nested values are compared as they would be sent.
        let (old, new) = if matches!(p.ty, TypeRef::Complex(_)) {
            (
                quote! { &rt::prepared(&before.#field) },
                quote! { &rt::prepared(&after.#field) },
            )
        } else {
            (quote! { &before.#field }, quote! { &after.#field })
        };
        if p.clearable {
            quote! { rt::diff(&mut self.changes.#field, #old, #new); }
        } else {
            let key = &p.name;
            quote! { rt::diff_non_null(&mut self.changes.#field, #old, #new, &mut v, #key); }
        }
    });
    let unwritable = resource
        .properties
        .iter()
        .filter(|p| !writable.iter().any(|w| w.name == p.name))
        .map(|p| {
            let field = format_ident!("{}", p.rust_name);
            let key = &p.name;
            let (code, message) = if p.read_only {
                (
                    quote! { ReadOnlyChanged },
                    "changed, but is read-only".to_string(),
                )
            } else {
                (
                    quote! { NeedsOwnOperation },
                    format!("changed, but only its own operation can change `{key}`"),
                )
            };
            quote! {
                if !after.#field.is_absent() && after.#field != before.#field {
                    v.report_at(#key, ViolationCode::#code, #message);
                }
            }
        });
    let applies = writable.iter().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        quote! { rt::apply(&self.changes.#field, &mut model.#field); }
    });
    let example = diff_example(api, op, writable, krate).map(|lines| lines_as_they_are(&lines));
    let reports =
        writable.iter().any(|p| !p.clearable) || writable.len() < resource.properties.len();
    let mutable = reports.then(|| quote! { mut });
    let borrowing = writable.iter().any(|p| borrows(p));
    let after_lt = borrowing.then(|| quote! { 'a });
    let borrow_doc = borrowing.then(|| {
        quote! {
            ///
            /// Strings are borrowed from `after`, not copied.
        }
    });
    quote! {
        /// Sets, on top of what this update already sets, the smallest change that turns
        /// `before` into `after` on the writable properties: changed values are set, values
        /// removed (`null` or left out in `after`) are cleared, unchanged ones are left out.
        /// Complex values and collections are replaced whole, as Graph's PATCH does; properties
        /// a model doesn't know are never sent.
        ///
        /// A difference no update can make (a read-only property changed, a property removed
        /// that can't be cleared, a property only its own operation changes) is an error, never
        /// dropped. When nothing changed, the update is empty and `build` rejects it.
        #borrow_doc
        #example
        #[inline]
        pub fn diff(mut self, before: &crate::models::#model, after: &#after_lt crate::models::#model) -> Result<Self, ValidationErrors> {
            let #mutable v = Validator::new("");
            #(#diffs)*
            #(#unwritable)*
            v.finish().map(|()| self)
        }

        /// Applies this update to `model` the way the service does: every property it sets is
        /// replaced (or cleared), every other one is left as it is.
        #[inline]
        pub fn apply(&self, model: &mut crate::models::#model) {
            #(#applies)*
        }
    }
}

/// The workflow: parse a response, change it, diff, build the request.
fn diff_example(
    api: &Api,
    op: &Operation,
    writable: &[&Property],
    krate: &str,
) -> Option<Vec<String>> {
    let property = writable.iter().find(|p| {
        p.ty == TypeRef::Primitive(Primitive::String)
            && !p.collection
            && !p.sensitive
            && p.clearable
            && p.constraints == crate::ir::Constraints::default()
            && p.versions == crate::ir::Availability::All
            && plain(&p.name)
    })?;
    let target = first_target(op)?;
    let model = &api.types[op.resource].rust_name;
    let (key, field) = (&property.name, &property.rust_name);
    Some(vec![
        String::new(),
        " ```".into(),
        format!(" use {krate}::models::{model};"),
        format!(" use {krate}::operations::{};", op.rust_name),
        format!(" use {krate}::Field;"),
        String::new(),
        format!(" let json = r#\"{{\"{key}\": \"Old\", \"@odata.etag\": \"W/1\"}}\"#;"),
        format!(" let before: {model} = {krate}::from_json(json)?;"),
        " let mut after = before.clone();".into(),
        format!(" after.{field} = Field::Value(\"New\".to_string());"),
        String::new(),
        format!(" let update = {target}.diff(&before, &after)?;"),
        format!(" assert_eq!(update.to_json(), br#\"{{\"{key}\":\"New\"}}\"#);"),
        String::new(),
        " let mut cached = before.clone();".into(),
        " update.apply(&mut cached);".into(),
        format!(" assert_eq!(cached.{field}, after.{field});"),
        String::new(),
        " // Nothing changed: nothing to send (and `build` rejects an empty update).".into(),
        format!(" assert!({target}.diff(&before, &before)?.is_empty());"),
        " # Ok::<(), Box<dyn std::error::Error>>(())".into(),
        " ```".into(),
    ])
}

/// The URL of the example request: the operation's default cloud and version, its first path,
/// and `13020` for each path parameter.
fn example_url(api: &Api, op: &Operation) -> Option<String> {
    let version = api
        .versions
        .iter()
        .find(|v| Some(&v.name) == op.versions.first())?;
    let cloud = api
        .clouds
        .iter()
        .find(|c| Some(&c.name) == op.clouds.first())?;
    let path = path_text(op.paths.first()?, "13020");
    Some(format!("{}/{}{path}", cloud.root, version.name))
}

/// A path's literal text with `param` for each of its parameters.
fn path_text(path: &OperationPath, param: &str) -> String {
    path.segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.as_str(),
            PathSegment::Param { .. } => param,
        })
        .collect()
}
