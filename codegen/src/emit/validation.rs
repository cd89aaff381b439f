//! Validation: the generated crate's `src/validation.rs` (the runtime's checker and a compiled
//! regex per spec pattern), and the per-type `Check` impls that walk a value and apply the
//! spec's constraints.
//!
//! All violations are collected, each with the JSON pointer of its value and a stable code;
//! messages never quote a value, so no secret can leak through them.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Module;
use crate::ir::{
    Api, Availability, ComplexType, Enum, Format, Property, SENTINEL_MEMBER, UNRECOGNIZED_VARIANT,
    anchored_pattern,
};

/// `src/validation.rs`: the runtime's validation, and a compiled regex for each pattern of
/// the spec.
pub fn validation_module(api: &Api) -> Module {
    let pattern_fns: Vec<TokenStream> = api
        .patterns
        .iter()
        .enumerate()
        .map(|(index, pattern)| {
            let name = pattern_fn(index);
            let anchored = anchored_pattern(pattern);
            quote! {
                pub(crate) fn #name(value: &str) -> bool {
                    static REGEX: LazyLock<Regex> = LazyLock::new(|| {
                        Regex::new(#anchored).expect("the generator compiled this regex")
                    });
                    REGEX.is_match(value)
                }
            }
        })
        .collect();
    let patterns_module = (!pattern_fns.is_empty()).then(|| {
        quote! {
            /// The spec's patterns, one compiled regex each, shared by every property that uses it.
            pub(crate) mod patterns {
                use std::sync::LazyLock;

                use ::codegen_runtime::deps::regex_lite::Regex;

                #(#pattern_fns)*
            }
        }
    });
    let items = quote! {
        pub use ::codegen_runtime::validation::*;

        #patterns_module
    };
    Module {
        path: "src/validation.rs".into(),
        doc: "Validation of values before they are sent: every violation of the spec's \
              constraints, each with the JSON pointer of its value and a stable code."
            .into(),
        example: None,
        items,
    }
}

fn pattern_fn(index: usize) -> proc_macro2::Ident {
    format_ident!("pattern_{index}")
}

/// What the spec says about each property of a complex type, in field order: the table its
/// `visit_properties` hands out. A nested value is sent whole, so its rules are `Nested`.
pub fn property_table(api: &Api, ty: &ComplexType) -> TokenStream {
    let count = Literal::usize_unsuffixed(ty.properties.len());
    let entries = ty
        .properties
        .iter()
        .map(|p| property_entry(api, p, RulesContext::Nested));
    quote! {
        /// What the spec says about each property, in field order.
        static PROPERTIES: [val::Property; #count] = [#(#entries),*];
    }
}

/// The `validate` method of a complex type, for its inherent `impl`.
pub fn validate_method() -> TokenStream {
    quote! {
        /// Checks the spec's rules for this value in `version`: constraints, and members and
        /// properties the version lacks. Properties required only when creating may be absent
        /// (the service never returns some, such as secrets); an operation that creates the
        /// value checks them.
        #[inline]
        pub fn validate(&self, version: crate::requests::ApiVersion) -> Result<(), val::ValidationErrors> {
            let mut v = val::Validator::existing(version.as_str());
            val::Check::check(self, &mut v, &val::Rules::new());
            v.finish()
        }
    }
}

/// The `Check` impl of a complex type: the validator walks the properties as the writers do.
pub fn complex_type_check(ty: &ComplexType) -> TokenStream {
    let name = format_ident!("{}", ty.rust_name);
    quote! {
        impl val::Check for #name {
            #[inline]
            fn check(&self, v: &mut val::Validator, _: &val::Rules) {
                rt::Model::visit_properties(self, v);
            }
        }
    }
}

/// Where a property's rules apply.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RulesContext {
    /// A property of the resource itself in a partial update: nothing is required, and the
    /// builder's types already rule out `null` where it is not allowed.
    Update,
    /// A property of a nested value, which is sent whole: required properties must be there.
    Nested,
}

/// A `val::Property` built with `const` calls: the name, the JSON key, and only the rules the
/// property has. Read-only properties are never sent, so they have no rules.
pub fn property_entry(api: &Api, property: &Property, context: RulesContext) -> TokenStream {
    let name = &property.name;
    let key = json_key(name);
    if property.read_only {
        return quote! { val::Property::new(#name, #key).read_only() };
    }
    let mut calls = Vec::new();
    if let Availability::Only(versions) = &property.versions {
        calls.push(quote! { .versions(&[#(#versions),*]) });
    }
    if context == RulesContext::Nested {
        if property.required_on_create {
            calls.push(quote! { .required() });
        }
        if !property.clearable {
            calls.push(quote! { .non_null() });
        }
    }
    let c = &property.constraints;
    let bounds = [
        ("min_length", c.min_length),
        ("max_length", c.max_length),
        ("min_items", c.min_items),
        ("max_items", c.max_items),
    ];
    for (method, bound) in bounds {
        if let Some(bound) = bound {
            let method = format_ident!("{method}");
            let bound = Literal::u64_unsuffixed(bound);
            calls.push(quote! { .#method(#bound) });
        }
    }
    if let Some(pattern) = &c.pattern {
        // The resolver collects every pattern; were one missing, the crate must not compile
        // rather than check another pattern.
        calls.push(match api.patterns.binary_search(pattern) {
            Ok(index) => {
                let function = pattern_fn(index);
                quote! { .pattern(#pattern, val::patterns::#function) }
            }
            Err(_) => quote! { .pattern(#pattern, compile_error!("a pattern the generator did not collect")) },
        });
    }
    if let Some(format) = c.format {
        let variant = format_ident!(
            "{}",
            match format {
                Format::Email => "Email",
                Format::CountryCode => "CountryCode",
                Format::LanguageTag => "LanguageTag",
                Format::PhoneNumber => "PhoneNumber",
            }
        );
        calls.push(quote! { .format(val::Format::#variant) });
    }
    quote! { val::Property::new(#name, #key) #(#calls)* }
}

/// A property name as JSON writes it: a JSON string and a colon, such as `"displayName":`.
fn json_key(name: &str) -> String {
    format!("{}:", serde_json::Value::from(name))
}

/// The `Check` impl of an enum: members that must never be sent, or that the version lacks.
pub fn enum_check(spec_enum: &Enum) -> TokenStream {
    let name = format_ident!("{}", spec_enum.rust_name);
    let unrecognized = format_ident!("{UNRECOGNIZED_VARIANT}");
    let sentinel = spec_enum
        .members
        .iter()
        .find(|m| m.name == SENTINEL_MEMBER)
        .map(|member| {
            let variant = format_ident!("{}", member.rust_name);
            let message = format!("`{SENTINEL_MEMBER}` is never sent");
            quote! {
                #name::#variant => v.report(val::ViolationCode::SentinelMember, #message),
            }
        });
    let versioned = spec_enum.members.iter().filter_map(|member| {
        let Availability::Only(versions) = &member.versions else { return None };
        let variant = format_ident!("{}", member.rust_name);
        let message = format!("`{}` does not exist in this API version", member.name);
        Some(quote! {
            #name::#variant if ![#(#versions),*].contains(&v.version()) => v.report(val::ViolationCode::MemberNotInVersion, #message),
        })
    });
    let versioned: Vec<TokenStream> = versioned.collect();
    let unknown = quote! {
        v.report(val::ViolationCode::UnknownMember, "is not a member this crate knows, so it is never sent")
    };
    let body = if sentinel.is_none() && versioned.is_empty() {
        quote! { if let #name::#unrecognized(_) = self { #unknown; } }
    } else {
        quote! {
            match self {
                #sentinel
                #(#versioned)*
                #name::#unrecognized(_) => #unknown,
                _ => {}
            }
        }
    };
    quote! {
        impl val::Check for #name {
            #[inline]
            fn check(&self, v: &mut val::Validator, _: &val::Rules) {
                #body
            }
        }
    }
}
