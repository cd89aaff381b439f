//! Query options: the setters a builder gets for the options its operation takes, and what the
//! models get for them (the enum of a type's properties for `$select`, the constants of its
//! filterable properties for `$filter`, the enum of its orderable ones for `$orderby`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc, line_literal};
use crate::ir::{
    Api, Availability, ComplexType, DERIVED_NAMES, Operation, Primitive, Property, QueryOption,
    TypeRef, filter_struct_name, order_enum_name, property_enum_name,
};

/// What the query options add to a builder.
#[derive(Default)]
pub struct QueryParts {
    pub field: TokenStream,
    pub init: TokenStream,
    pub setters: TokenStream,
    pub check: TokenStream,
    pub render: TokenStream,
}

pub fn query_parts(api: &Api, op: &Operation) -> QueryParts {
    if op.query.is_empty() {
        return QueryParts::default();
    }
    let ty = &api.types[op.resource];
    let resource = format_ident!("{}", ty.rust_name);
    let named = |option: QueryOption, name: String| {
        if op.takes(option) {
            let name = format_ident!("{name}");
            quote! { crate::models::#name }
        } else {
            quote! { ::codegen_runtime::query::NoProperty }
        }
    };
    let selected = named(QueryOption::Select, property_enum_name(&ty.rust_name));
    let ordered = named(QueryOption::OrderBy, order_enum_name(&ty.rust_name));
    let setters = op
        .query
        .iter()
        .map(|option| setter(ty, *option, &selected, &ordered));
    QueryParts {
        field: quote! {
            query: ::codegen_runtime::query::QueryOptions<#selected, #ordered, crate::models::#resource>,
        },
        init: quote! { query: ::codegen_runtime::query::QueryOptions::new(), },
        setters: quote! { #(#setters)* },
        check: quote! { self.query.check(&mut v); },
        render: quote! { self.query.render(&mut path); },
    }
}

fn setter(
    ty: &ComplexType,
    option: QueryOption,
    selected: &TokenStream,
    ordered: &TokenStream,
) -> TokenStream {
    let resource = &ty.rust_name;
    let resource_ident = format_ident!("{resource}");
    match option {
        QueryOption::Select => {
            let setter_doc = doc(&format!(
                "The properties of `{resource}` the response holds (`$select`), replacing an \
                 earlier selection; without one, the service answers with its default set."
            ));
            quote! {
                #setter_doc
                pub fn select(mut self, properties: impl IntoIterator<Item = #selected>) -> Self {
                    self.query.select = properties.into_iter().collect();
                    self
                }
            }
        }
        QueryOption::Filter => {
            let setter_doc = doc(&format!(
                "Keeps only the items `filter` holds for (`$filter`), replacing an earlier \
                 filter. Build it from the constants of `{}` (each value is quoted as OData \
                 requires), or write it by hand with `Filter::raw`.",
                filter_struct_name(resource)
            ));
            quote! {
                #setter_doc
                pub fn filter(mut self, filter: ::codegen_runtime::query::Filter<crate::models::#resource_ident>) -> Self {
                    self.query.filter = Some(filter);
                    self
                }
            }
        }
        QueryOption::OrderBy => {
            let setter_doc = doc(&format!(
                "Orders the items by `property` (`$orderby`), one of the properties of \
                 `{resource}` the service can order by; each call adds a key after the earlier \
                 ones."
            ));
            quote! {
                #setter_doc
                pub fn order_by(mut self, property: #ordered, direction: ::codegen_runtime::query::Direction) -> Self {
                    self.query.order_by.push((property, direction));
                    self
                }
            }
        }
        QueryOption::Top => quote! {
            /// At most `count` items per page (`$top`); the service may send fewer, or cap it, and
            /// the next pages follow.
            pub fn top(mut self, count: u32) -> Self {
                self.query.top = Some(count);
                self
            }
        },
        QueryOption::Count => quote! {
            /// Asks for the size of the whole collection (`$count=true`): the first page's
            /// `count`.
            pub fn count(mut self, count: bool) -> Self {
                self.query.count = count;
                self
            }
        },
        QueryOption::Search => quote! {
            /// Keeps only the items that match `expression` (`$search`), in the service's
            /// search syntax (Graph's is `"property:words"`, with the double quotes), sent
            /// percent-encoded and otherwise as it is.
            pub fn search(mut self, expression: impl Into<String>) -> Self {
                self.query.search = Some(expression.into());
                self
            }
        },
    }
}

/// What a type's file gets for the query options some operation takes on it.
pub fn model_items(api: &Api, index: usize) -> TokenStream {
    let ty = &api.types[index];
    let select = api.queried(index, QueryOption::Select).then(|| {
        property_enum(ty, &property_enum_name(&ty.rust_name), "`$select`", |_| {
            true
        })
    });
    let order = api.queried(index, QueryOption::OrderBy).then(|| {
        property_enum(ty, &order_enum_name(&ty.rust_name), "`$orderby`", |p| {
            p.orderable
        })
    });
    let filter = api
        .queried(index, QueryOption::Filter)
        .then(|| filter_struct(api, ty));
    quote! { #select #order #filter }
}

/// The names `models/mod.rs` re-exports from a type's file for its query options.
pub fn model_exports(api: &Api, index: usize) -> Vec<Ident> {
    let ty = &api.types[index];
    DERIVED_NAMES
        .iter()
        .filter(|derived| api.queried(index, derived.option))
        .map(|derived| format_ident!("{}", (derived.name)(&ty.rust_name)))
        .collect()
}

/// An enum of the properties of `ty` that `keep` keeps, as `option` names them: a variant per
/// property, its JSON name, and the versions that have it.
fn property_enum(
    ty: &ComplexType,
    name: &str,
    option: &str,
    keep: fn(&Property) -> bool,
) -> TokenStream {
    let name = format_ident!("{name}");
    let summary = doc(&format!(
        "A property of [`{}`], as {option} names it.",
        ty.rust_name
    ));
    let properties: Vec<&Property> = ty.properties.iter().filter(|p| keep(p)).collect();
    let variants: Vec<Ident> = properties
        .iter()
        .map(|p| format_ident!("{}", crate::names::type_name(&p.name).unwrap_or_default()))
        .collect();
    let docs = properties
        .iter()
        .map(|p| line_literal(&format!(" `{}`", p.name)));
    let wire_names = properties.iter().map(|p| &p.name);
    let versions = properties.iter().map(|p| versions(&p.versions));
    quote! {
        #summary
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #docs] #variants,)*
        }

        impl #name {
            /// Every property, in the spec's order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];

            /// The property's JSON name.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#name::#variants => #wire_names,)*
                }
            }

            /// The API versions that have the property; empty when all have it.
            pub fn versions(self) -> &'static [&'static str] {
                match self {
                    #(#name::#variants => #versions,)*
                }
            }
        }

        impl ::codegen_runtime::query::QueryProperty for #name {
            fn name(self) -> &'static str {
                self.as_str()
            }

            fn versions(self) -> &'static [&'static str] {
                self.versions()
            }
        }
    }
}

fn versions(availability: &Availability) -> TokenStream {
    match availability {
        Availability::All => quote! { &[] },
        Availability::Only(versions) => quote! { &[#(#versions),*] },
    }
}

/// The struct of constants, one per filterable property of `ty`, that typed filters start from.
fn filter_struct(api: &Api, ty: &ComplexType) -> TokenStream {
    let name = format_ident!("{}", filter_struct_name(&ty.rust_name));
    let resource = format_ident!("{}", ty.rust_name);
    let summary = doc(&format!(
        "The properties of [`{0}`] that `$filter` can test, as constants that build a \
         `Filter<{0}>`: `{1}::X.eq(value)`, `.ne`, `.is_in`, `.starts_with` on strings, \
         `.is_null` on nullable ones; combine them with `and`, `or` and `!`.",
        ty.rust_name,
        filter_struct_name(&ty.rust_name)
    ));
    let constants = ty.properties.iter().filter_map(|property| {
        let filterable = property.filterable.as_ref()?;
        let constant = format_ident!("{}", property.rust_name.to_uppercase());
        let value = literal_type(api, property);
        let nullability = if property.nullable {
            quote! { ::codegen_runtime::query::Nullable }
        } else {
            quote! { ::codegen_runtime::query::NotNull }
        };
        let wire_name = &property.name;
        let versions = versions(filterable);
        let constant_doc = line_literal(&format!(" `{wire_name}`"));
        Some(quote! {
            #[doc = #constant_doc]
            pub const #constant: ::codegen_runtime::query::FilterProperty<#resource, #value, #nullability> =
                ::codegen_runtime::query::FilterProperty::new(#wire_name, #versions);
        })
    });
    quote! {
        #summary
        #[derive(Clone, Copy, Debug)]
        pub struct #name;

        impl #name {
            #(#constants)*
        }
    }
}

/// The type a filter compares a property with.
fn literal_type(api: &Api, property: &Property) -> TokenStream {
    match property.ty {
        TypeRef::Primitive(Primitive::String) => quote! { String },
        TypeRef::Primitive(Primitive::Boolean) => quote! { bool },
        TypeRef::Primitive(Primitive::Integer) => quote! { i64 },
        TypeRef::Primitive(Primitive::Date) => quote! { crate::Date },
        TypeRef::Primitive(Primitive::DateTimeOffset) => quote! { crate::DateTimeOffset },
        TypeRef::Primitive(Primitive::Guid) => quote! { crate::Guid },
        TypeRef::Enum(index) => {
            let name = format_ident!("{}", api.enums[index].rust_name);
            quote! { crate::models::#name }
        }
        // Not filterable (a spec error); named only so that this match is total.
        TypeRef::Complex(index) => {
            let name = format_ident!("{}", api.types[index].rust_name);
            quote! { crate::models::#name }
        }
    }
}

/// An enum that a filter compares with: its members are written as string literals.
pub fn enum_literal(name: &Ident) -> TokenStream {
    quote! {
        impl ::codegen_runtime::query::Literal for #name {
            fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
                ::codegen_runtime::query::write_member(self.as_str(), out)
            }
        }
    }
}
