//! Model structs and enums (`src/models/`), one file per type, that read responses without
//! losing anything: every property is a three-state `Field`, unknown properties and enum members
//! are kept, and secrets are redacted in `Debug`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Module;
use super::docs::{doc, line_literal, spec_text};
use super::validation::{complex_type_check, enum_check, property_table, validate_method};
use crate::ir::{
    ADDITIONAL_PROPERTIES_FIELD, Api, Availability, ComplexType, Member, Primitive, Property,
    SENTINEL_MEMBER, TypeRef, UNRECOGNIZED_VARIANT,
};

/// `models/mod.rs`: the module list and re-exports.
pub fn models_module(api: &Api) -> Module {
    let selects = api.types.iter().enumerate().map(|(index, ty)| {
        let module = format_ident!("{}", ty.module);
        let names = super::query::model_exports(api, index);
        quote! { #(pub use #module::#names;)* }
    });
    let modules: Vec<(Ident, Ident)> = api
        .types
        .iter()
        .map(|ty| {
            (
                format_ident!("{}", ty.module),
                format_ident!("{}", ty.rust_name),
            )
        })
        .chain(api.enums.iter().map(|e| {
            (
                format_ident!("{}", e.module),
                format_ident!("{}", e.rust_name),
            )
        }))
        .collect();
    let (mods, names): (Vec<_>, Vec<_>) = modules.into_iter().unzip();
    Module {
        path: "src/models/mod.rs".into(),
        doc: "The API's types and enums, as the service reads and writes them.\n\n\
              Every property may be left out of a response (for example under `$select`), so every \
              field is a [`Field`](crate::Field). JSON properties and enum members the spec does not \
              know are kept and written back unchanged."
            .into(),
        example: None,
        items: quote! { #(mod #mods; pub use #mods::#names;)* #(#selects)* },
    }
}

/// The file of one complex type.
pub fn complex_type(api: &Api, index: usize) -> Module {
    let ty = &api.types[index];
    let name = format_ident!("{}", ty.rust_name);
    let rust_name = &ty.rust_name;
    let spec_name = &ty.name;
    let mut summary = spec_text(&ty.description);
    if ty.open {
        summary.push_str("\n\nAn open type: the service may add properties of its own, kept in `additional_properties`.");
    }
    if let Availability::Only(versions) = &ty.versions {
        summary.push_str(&format!("\n\nOnly in API version {}.", versions.join(", ")));
    }
    // Adding a property to the spec must not break code that builds one.
    summary.push_str(&format!(
        "\n\nNon-exhaustive, so that a new property is not a breaking change: start from `{rust_name}::default()` and set fields."
    ));
    let type_doc = doc(&summary);
    let fields = ty.properties.iter().map(|property| {
        let field = format_ident!("{}", property.rust_name);
        let field_doc = doc(&property_doc(property));
        let field_type = field_type(api, property);
        quote! { #field_doc pub #field: crate::Field<#field_type>, }
    });
    let extra = format_ident!("{ADDITIONAL_PROPERTIES_FIELD}");
    let extra_doc = if ty.open {
        " The properties beyond the listed ones that this open type carries, and OData annotations."
    } else {
        " JSON properties the spec does not list, such as OData annotations; kept, never sent."
    };
    let extra_literal = line_literal(extra_doc);
    let read_property = read_property(ty);
    // A literal of constants: a derived `Default` calls `Default::default()` for every field,
    // which took rustc a third longer to check.
    let absent = ty
        .properties
        .iter()
        .map(|property| format_ident!("{}", property.rust_name));
    let table = property_table(api, ty);
    let (receiver, visits) = visit_fields(
        "PROPERTIES",
        ty.properties
            .iter()
            .map(|property| {
                let field = format_ident!("{}", property.rust_name);
                quote! { &self.#field }
            })
            .collect(),
    );
    let field_names = ty
        .properties
        .iter()
        .map(|property| property.rust_name.trim_start_matches("r#"));
    let prepare = ty.properties.iter().filter_map(|property| {
        let field = format_ident!("{}", property.rust_name);
        if property.read_only {
            Some(quote! { self.#field = crate::Field::Absent; })
        } else if matches!(property.ty, TypeRef::Complex(_)) {
            Some(quote! { rt::Writable::prepare_update(&mut self.#field); })
        } else {
            None
        }
    });
    let prepare = prepare.chain((!ty.open).then(|| quote! { self.#extra.clear(); }));
    let check = complex_type_check(ty);
    let query_items = super::query::model_items(api, index);
    let id_field = ty.properties.iter().find(|p| p.name == "id");
    let entity = id_field.filter(|_| api.delta_item(index)).map(|id| {
        let field = format_ident!("{}", id.rust_name);
        quote! {
            impl ::codegen_runtime::paging::Entity for #name {
                fn id(&self) -> Option<&str> {
                    ::codegen_runtime::paging::field_id(&self.#field)
                }
            }
        }
    });
    let validate = validate_method();
    // As in builders, what is not generic is `#[inline]`: machine code for a type is made only
    // where it is used.
    let items = quote! {
        use ::codegen_runtime::model as rt;
        use crate::validation as val;

        #type_doc
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #[doc = #extra_literal]
            pub #extra: crate::AdditionalProperties,
        }

        /// Every property absent.
        impl Default for #name {
            #[inline]
            fn default() -> Self {
                #name {
                    #(#absent: crate::Field::Absent,)*
                    #extra: crate::AdditionalProperties::default(),
                }
            }
        }

        impl rt::Model for #name {
            const NAME: &'static str = #spec_name;

            #read_property

            fn visit_properties<P: rt::Properties>(&self, #receiver: &mut P) {
                #visits
            }

            #[inline]
            fn additional_properties(&self) -> &crate::AdditionalProperties {
                &self.#extra
            }

            #[inline]
            fn additional_properties_mut(&mut self) -> &mut crate::AdditionalProperties {
                &mut self.#extra
            }
        }

        impl #name {
            /// This value as compact JSON: the text `serde_json::to_vec` writes, in about three
            /// quarters of its time, except that unknown properties keep the spelling they were
            /// read with (such as `1e3`, where `to_vec` writes `1000.0`).
            #[inline]
            pub fn to_json(&self) -> Vec<u8> {
                rt::model_json(self)
            }

            #validate
        }

        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                rt::debug_model(self, #rust_name, &[#(#field_names),*], f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                rt::serialize_model(self, serializer)
            }
        }

        impl rt::Writable for #name {
            #[inline]
            fn prepare_update(&mut self) {
                #(#prepare)*
            }
        }

        #check

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::deserialize_model(deserializer)
            }
        }

        #table

        #entity

        #query_items
    };
    Module {
        path: format!("src/models/{}.rs", ty.module),
        doc: format!("The `{spec_name}` type."),
        example: None,
        items,
    }
}

/// `Model::read_property`: the field of a known key, as a `&mut dyn rt::ReadValue`, reads the
/// value.
fn read_property(ty: &ComplexType) -> TokenStream {
    let signature = quote! {
        fn read_property<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>
    };
    if ty.properties.is_empty() {
        return quote! { #signature { let _ = (key, map); Ok(false) } };
    }
    let reads = ty.properties.iter().map(|property| {
        let key = &property.name;
        let field = format_ident!("{}", property.rust_name);
        quote! { #key => &mut self.#field, }
    });
    quote! {
        #signature {
            let field: &mut dyn rt::ReadValue<'de, A> = match key {
                #(#reads)*
                _ => return Ok(false),
            };
            field.read_value(map)
        }
    }
}

/// A visit's `rt::Properties` parameter and body: one call, `rt::visit`, that hands the
/// `fields` (`&Field<T>` expressions) with the entries of the `static` array `table` to
/// `properties`, each by its type's `rt::PropertyValue`; `_` and nothing when there is nothing
/// to visit. The fields go as a tuple, tuples of 16 at most, nested as needed.
pub fn visit_fields(table: &str, fields: Vec<TokenStream>) -> (TokenStream, TokenStream) {
    if fields.is_empty() {
        return (quote! { _ }, TokenStream::new());
    }
    let table = format_ident!("{table}");
    let fields = nested_tuple(fields);
    let body = quote! { rt::visit(&#table, #fields, properties); };
    (quote! { properties }, body)
}

/// `items` as a tuple of up to `FIELDS_TUPLE_MAX`, nested as needed (the runtime implements
/// `Fields` for tuples up to that size).
fn nested_tuple(mut items: Vec<TokenStream>) -> TokenStream {
    const FIELDS_TUPLE_MAX: usize = 16;
    while items.len() > FIELDS_TUPLE_MAX {
        items = items
            .chunks(FIELDS_TUPLE_MAX)
            .map(|chunk| quote! { (#(#chunk,)*) })
            .collect();
    }
    quote! { (#(#items,)*) }
}

/// The Rust type inside a property's `Field`.
pub fn field_type(api: &Api, property: &Property) -> TokenStream {
    let item = item_type(api, property.ty);
    let value = if property.collection {
        quote! { Vec<#item> }
    } else if property.boxed {
        quote! { Box<#item> }
    } else {
        item
    };
    if property.sensitive {
        quote! { crate::Sensitive<#value> }
    } else {
        value
    }
}

/// The Rust type of one value of a spec type.
pub fn item_type(api: &Api, ty: TypeRef) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::String) => quote! { String },
        TypeRef::Primitive(Primitive::Boolean) => quote! { bool },
        TypeRef::Primitive(Primitive::Integer) => quote! { i64 },
        TypeRef::Primitive(Primitive::Date) => quote! { crate::Date },
        TypeRef::Primitive(Primitive::DateTimeOffset) => quote! { crate::DateTimeOffset },
        TypeRef::Primitive(Primitive::Guid) => quote! { crate::Guid },
        TypeRef::Complex(index) => {
            let name = format_ident!("{}", api.types[index].rust_name);
            quote! { crate::models::#name }
        }
        TypeRef::Enum(index) => {
            let spec_enum = &api.enums[index];
            let name = format_ident!("{}", spec_enum.rust_name);
            if spec_enum.flags {
                quote! { crate::Flags<crate::models::#name> }
            } else {
                quote! { crate::models::#name }
            }
        }
    }
}

/// The spec's description, then the facts a reader of the field needs.
fn property_doc(property: &Property) -> String {
    let mut notes = Vec::new();
    if property.read_only {
        notes.push("Read-only: set by the service, never sent.".to_string());
    }
    if !property.nullable {
        notes.push("Never `null`.".to_string());
    } else if !property.clearable {
        notes.push("Can't be cleared (set to `null`) by an update.".to_string());
    }
    if property.required_on_create {
        notes.push("Required when the object is created.".to_string());
    }
    if property.sensitive {
        notes.push("A secret: redacted in `Debug` output.".to_string());
    }
    if let Availability::Only(versions) = &property.versions {
        notes.push(format!("Only in API version {}.", versions.join(", ")));
    }
    let mut text = format!(
        "{} JSON: `{}`.",
        spec_text(property.description.trim_end()),
        property.name
    );
    for note in notes {
        text.push(' ');
        text.push_str(&note);
    }
    text
}

/// The file of one enum.
pub fn enumeration(api: &Api, index: usize) -> Module {
    let spec_enum = &api.enums[index];
    let literal = api
        .filtered_enum(index)
        .then(|| super::query::enum_literal(&format_ident!("{}", spec_enum.rust_name)));
    let name = format_ident!("{}", spec_enum.rust_name);
    let spec_name = &spec_enum.name;
    let mut summary = spec_text(&spec_enum.description);
    if spec_enum.flags {
        summary.push_str(&format!(
            "\n\nA flags enum: a property holds a set of members, a `Flags<{}>`.",
            spec_enum.rust_name
        ));
    }
    if spec_enum.evolvable {
        summary.push_str(&format!(
            "\n\nEvolvable: the service may send members added after `{SENTINEL_MEMBER}`, including ones this crate doesn't know (kept in `{UNRECOGNIZED_VARIANT}`). Non-exhaustive: a `match` needs a `_` arm, so that a new member is not a breaking change."
        ));
    }
    if let Availability::Only(versions) = &spec_enum.versions {
        summary.push_str(&format!("\n\nOnly in API version {}.", versions.join(", ")));
    }
    let enum_doc = doc(&summary);
    let variants = spec_enum.members.iter().map(|member| {
        let variant = format_ident!("{}", member.rust_name);
        let variant_doc = doc(&member_doc(member));
        quote! { #variant_doc #variant, }
    });
    let variant_idents: Vec<Ident> = spec_enum
        .members
        .iter()
        .map(|member| format_ident!("{}", member.rust_name))
        .collect();
    let wire_names: Vec<&str> = spec_enum.members.iter().map(|m| m.name.as_str()).collect();
    let unrecognized = format_ident!("{UNRECOGNIZED_VARIANT}");
    let check = enum_check(spec_enum);
    // Members are sent as text; a set of flags is a `Flags`, which has its own impl.
    let property_value = (!spec_enum.flags).then(|| {
        quote! {
            impl ::codegen_runtime::model::PropertyValue for #name {
                #[inline]
                fn visit<P: ::codegen_runtime::model::Properties>(field: &crate::Field<Self>, property: &val::Property, properties: &mut P) {
                    properties.text(property, field);
                }
            }
        }
    });
    let non_exhaustive = spec_enum.evolvable.then(|| quote! { #[non_exhaustive] });
    let items = quote! {
        use std::fmt;

        use crate::validation as val;

        #enum_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #non_exhaustive
        pub enum #name {
            #(#variants)*
            /// A member this crate does not know, kept exactly as the service sent it.
            #unrecognized(String),
        }

        impl #name {
            /// The members this crate knows, in the spec's order.
            pub const KNOWN: &'static [#name] = &[#(#name::#variant_idents),*];

            /// The member's name on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variant_idents => #wire_names,)*
                    #name::#unrecognized(other) => other,
                }
            }
        }

        impl From<&str> for #name {
            #[inline]
            fn from(wire_name: &str) -> Self {
                match wire_name {
                    #(#wire_names => #name::#variant_idents,)*
                    other => #name::#unrecognized(other.to_owned()),
                }
            }
        }

        impl fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #literal

        impl AsRef<str> for #name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        #property_value

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::codegen_runtime::model::deserialize_member(deserializer)
            }
        }

        #check
    };
    Module {
        path: format!("src/models/{}.rs", spec_enum.module),
        doc: format!("The `{spec_name}` enum."),
        example: None,
        items,
    }
}

fn member_doc(member: &Member) -> String {
    let mut text = member
        .description
        .as_deref()
        .map_or_else(|| format!("The `{}` member.", member.name), spec_text);
    if member.name == SENTINEL_MEMBER {
        text.push_str(" Never sent.");
    }
    if let Availability::Only(versions) = &member.versions {
        text.push_str(&format!(" Only in API version {}.", versions.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lengths of a tuple expression's elements that are tuples, level by level.
    fn shape(expr: &syn::Expr) -> Vec<usize> {
        match expr {
            syn::Expr::Tuple(tuple) => {
                let mut lengths = vec![tuple.elems.len()];
                if let Some(first) = tuple.elems.first() {
                    lengths.extend(shape(first));
                }
                lengths
            }
            _ => Vec::new(),
        }
    }

    #[test]
    fn more_fields_than_a_tuple_takes_are_nested_as_often_as_needed() {
        let fields = |count: usize| (0..count).map(|i| quote! { f[#i] }).collect::<Vec<_>>();
        let nested =
            |count| syn::parse2::<syn::Expr>(nested_tuple(fields(count))).expect("a tuple");
        assert_eq!(shape(&nested(16)), [16]);
        assert_eq!(shape(&nested(17)), [2, 16]);
        assert_eq!(shape(&nested(256)), [16, 16]);
        // 272: 17 tuples of 16, then those in a tuple of two (16 of them, and 1).
        let syn::Expr::Tuple(outer) = nested(272) else {
            panic!("a tuple")
        };
        assert_eq!(outer.elems.len(), 2);
        assert_eq!(shape(&outer.elems[0]), [16, 16]);
        assert_eq!(shape(&outer.elems[1]), [1, 16]);
    }
}
