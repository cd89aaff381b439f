//! Validation: the shared checker of the generated crate (`src/validation.rs`), and the
//! per-type `Check` impls that walk a value and apply the spec's constraints.
//!
//! All violations are collected, each with the JSON pointer of its value and a stable code;
//! messages never quote a value, so no secret can leak through them.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Module;
use super::docs::line_literal;
use crate::ir::{
    Api, Availability, ComplexType, Enum, Format, Property, SENTINEL_MEMBER, UNRECOGNIZED_VARIANT,
};

/// ISO 3166-1 alpha-2: the officially assigned codes, sorted.
const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// `src/validation.rs`: spec-independent except for the patterns the spec uses.
pub fn validation_module(api: &Api) -> Module {
    let pattern_fns = api.patterns.iter().enumerate().map(|(index, pattern)| {
        let name = pattern_fn(index);
        let anchored = format!("^(?:{pattern})$");
        quote! {
            pub(crate) fn #name(value: &str) -> bool {
                static REGEX: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(#anchored).expect("the generator checked this pattern")
                });
                REGEX.is_match(value)
            }
        }
    });
    let violations = violations();
    let validator = validator();
    let checks = leaf_checks();
    let formats = formats();
    let pattern_fns: Vec<TokenStream> = pattern_fns.collect();
    let patterns_module = (!pattern_fns.is_empty()).then(|| {
        quote! {
            /// The spec's patterns, one compiled regex each, shared by every property that uses it.
            pub(crate) mod patterns {
                use std::sync::LazyLock;

                use regex_lite::Regex;

                #(#pattern_fns)*
            }
        }
    });
    let items = quote! {
        use std::fmt;

        use ::serde::Serialize;
        use crate::{Date, DateTimeOffset, Field, Flags, Guid, Sensitive};

        #violations
        #validator
        #checks
        #formats
        #patterns_module
    };
    Module {
        path: "src/validation.rs".into(),
        doc:
            "Validation of values before they are sent: every violation of the spec's constraints, \
              each with the JSON pointer of its value and a stable code."
                .into(),
        example: None,
        items,
    }
}

fn pattern_fn(index: usize) -> proc_macro2::Ident {
    format_ident!("pattern_{index}")
}

fn violations() -> TokenStream {
    let codes = [
        ("EmptyUpdate", "empty_update", "The update sets nothing."),
        (
            "InvalidTarget",
            "invalid_target",
            "The target of the request is invalid, such as an empty id.",
        ),
        (
            "UnsupportedVersion",
            "unsupported_version",
            "The operation does not exist in the chosen API version.",
        ),
        (
            "UnsupportedCloud",
            "unsupported_cloud",
            "The operation is not available in the chosen national cloud.",
        ),
        (
            "PropertyNotInVersion",
            "property_not_in_version",
            "The property does not exist in the chosen API version.",
        ),
        (
            "MemberNotInVersion",
            "member_not_in_version",
            "The enum member does not exist in the chosen API version.",
        ),
        (
            "UnknownMember",
            "unknown_member",
            "An enum member this crate does not know; it is never sent.",
        ),
        (
            "SentinelMember",
            "sentinel_member",
            "`unknownFutureValue`, which is never sent.",
        ),
        (
            "NullNotAllowed",
            "null_not_allowed",
            "`null` for a property that can't be null.",
        ),
        ("Required", "required", "A required property is missing."),
        (
            "TooShort",
            "too_short",
            "A string shorter than its minimum length.",
        ),
        (
            "TooLong",
            "too_long",
            "A string longer than its maximum length.",
        ),
        (
            "TooFewItems",
            "too_few_items",
            "A collection with fewer items than its minimum.",
        ),
        (
            "TooManyItems",
            "too_many_items",
            "A collection with more items than its maximum.",
        ),
        (
            "PatternMismatch",
            "pattern_mismatch",
            "A string that does not match its pattern.",
        ),
        ("InvalidEmail", "invalid_email", "Not an email address."),
        (
            "InvalidCountryCode",
            "invalid_country_code",
            "Not an ISO 3166-1 alpha-2 country code.",
        ),
        (
            "InvalidLanguageTag",
            "invalid_language_tag",
            "Not a language tag such as `en` or `en-US`.",
        ),
        (
            "InvalidPhoneNumber",
            "invalid_phone_number",
            "Not a phone number.",
        ),
        ("InvalidDate", "invalid_date", "Not a date, `YYYY-MM-DD`."),
        (
            "InvalidDateTime",
            "invalid_date_time",
            "Not an RFC 3339 date and time.",
        ),
        ("InvalidGuid", "invalid_guid", "Not a GUID."),
        (
            "ReadOnlyChanged",
            "read_only_changed",
            "A diff found a change to a read-only property, which no update can make.",
        ),
        (
            "CannotClear",
            "cannot_clear",
            "A diff found a property removed that can't be cleared.",
        ),
        (
            "NeedsOwnOperation",
            "needs_own_operation",
            "A diff found a change that only another, exclusive operation can make.",
        ),
    ];
    let variants = codes.iter().map(|(variant, _, doc)| {
        let variant = format_ident!("{variant}");
        let doc = line_literal(&format!(" {doc}"));
        quote! { #[doc = #doc] #variant, }
    });
    let arms = codes.iter().map(|(variant, code, _)| {
        let variant = format_ident!("{variant}");
        quote! { ViolationCode::#variant => #code, }
    });
    quote! {
        /// What rule a value broke; [`ViolationCode::as_str`] gives a stable machine-readable code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ViolationCode {
            #(#variants)*
        }

        impl ViolationCode {
            /// The stable code, such as `too_many_items`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl fmt::Display for ViolationCode {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// One broken rule: where (a JSON pointer into the request body), which rule, and why.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Violation {
            /// The JSON pointer of the value, such as `/student/birthDate`; empty for the request
            /// as a whole.
            pub pointer: String,
            /// The rule that was broken.
            pub code: ViolationCode,
            /// A human-readable explanation; it never quotes the value.
            pub message: String,
        }

        impl fmt::Display for Violation {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let pointer = if self.pointer.is_empty() { "the request" } else { &self.pointer };
                write!(f, "{pointer}: {} ({})", self.message, self.code)
            }
        }

        /// Every violation found in a request, in the order of its properties.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct ValidationErrors(Vec<Violation>);

        impl ValidationErrors {
            /// A single violation of the request as a whole.
            pub(crate) fn one(code: ViolationCode, message: String) -> Self {
                ValidationErrors(vec![Violation { pointer: String::new(), code, message }])
            }

            /// The violations; never empty.
            pub fn violations(&self) -> &[Violation] {
                &self.0
            }

            /// The violation at `pointer` with `code`, if there is one.
            pub fn find(&self, pointer: &str, code: ViolationCode) -> Option<&Violation> {
                self.0.iter().find(|v| v.pointer == pointer && v.code == code)
            }
        }

        impl fmt::Display for ValidationErrors {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the request is invalid ({} violation{})", self.0.len(), if self.0.len() == 1 { "" } else { "s" })?;
                for violation in &self.0 {
                    write!(f, "\n  {violation}")?;
                }
                Ok(())
            }
        }

        impl std::error::Error for ValidationErrors {}
    }
}

fn validator() -> TokenStream {
    quote! {
        /// A well-known string format.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(dead_code, reason = "a spec need not use every format")]
        pub(crate) enum Format {
            Email,
            CountryCode,
            LanguageTag,
            PhoneNumber,
        }

        /// A pattern: its source, for messages, and its compiled matcher.
        #[derive(Clone, Copy)]
        pub(crate) struct Pattern {
            pub(crate) source: &'static str,
            pub(crate) matches: fn(&str) -> bool,
        }

        /// The rules a value must meet.
        #[derive(Clone, Copy)]
        pub(crate) struct Rules {
            versions: &'static [&'static str],
            required: bool,
            non_null: bool,
            min_length: Option<usize>,
            max_length: Option<usize>,
            min_items: Option<usize>,
            max_items: Option<usize>,
            pattern: Option<Pattern>,
            format: Option<Format>,
        }

        impl Rules {
            pub(crate) const fn new() -> Self {
                Rules { versions: &[], required: false, non_null: false, min_length: None, max_length: None, min_items: None, max_items: None, pattern: None, format: None }
            }
        }

        /// What the spec says about one property: its name, the same name as a JSON key with
        /// its colon (`"displayName":`, escaped by the generator), and its rules. Generated
        /// code keeps one `static` table of them per type and per operation, built with these
        /// `const` calls, and hands an entry with each property to an `rt::Properties` sink.
        pub(crate) struct Property {
            pub(crate) name: &'static str,
            pub(crate) key: &'static str,
            rules: Rules,
            /// Never sent, so never checked.
            read_only: bool,
        }

        #[allow(dead_code, reason = "a spec need not use every rule")]
        impl Property {
            pub(crate) const fn new(name: &'static str, key: &'static str) -> Self {
                Property { name, key, rules: Rules::new(), read_only: false }
            }
            pub(crate) const fn read_only(mut self) -> Self {
                self.read_only = true;
                self
            }
            pub(crate) const fn versions(mut self, versions: &'static [&'static str]) -> Self {
                self.rules.versions = versions;
                self
            }
            pub(crate) const fn required(mut self) -> Self {
                self.rules.required = true;
                self
            }
            pub(crate) const fn non_null(mut self) -> Self {
                self.rules.non_null = true;
                self
            }
            pub(crate) const fn min_length(mut self, min: usize) -> Self {
                self.rules.min_length = Some(min);
                self
            }
            pub(crate) const fn max_length(mut self, max: usize) -> Self {
                self.rules.max_length = Some(max);
                self
            }
            pub(crate) const fn min_items(mut self, min: usize) -> Self {
                self.rules.min_items = Some(min);
                self
            }
            pub(crate) const fn max_items(mut self, max: usize) -> Self {
                self.rules.max_items = Some(max);
                self
            }
            pub(crate) const fn pattern(mut self, source: &'static str, matches: fn(&str) -> bool) -> Self {
                self.rules.pattern = Some(Pattern { source, matches });
                self
            }
            pub(crate) const fn format(mut self, format: Format) -> Self {
                self.rules.format = Some(format);
                self
            }
        }

        /// Walks a value, collecting violations at JSON pointers, for one API version.
        pub(crate) struct Validator {
            version: &'static str,
            /// Where the walk is, rendered as a JSON pointer only when something is reported:
            /// `path`, then `last`. The innermost step is kept apart so that checking a
            /// top-level property, the common case, never allocates.
            path: Vec<Segment>,
            last: Option<Segment>,
            violations: Vec<Violation>,
        }

        /// One step of a JSON pointer.
        #[derive(Clone, Copy)]
        pub(crate) enum Segment {
            Property(&'static str),
            Index(usize),
        }

        impl Validator {
            pub(crate) fn new(version: &'static str) -> Self {
                Validator { version, path: Vec::new(), last: None, violations: Vec::new() }
            }

            pub(crate) fn version(&self) -> &'static str {
                self.version
            }

            pub(crate) fn report(&mut self, code: ViolationCode, message: impl Into<String>) {
                let pointer = self.pointer();
                self.violations.push(Violation { pointer, code, message: message.into() });
            }

            /// The JSON pointer (RFC 6901) of where the walk is.
            fn pointer(&self) -> String {
                let mut pointer = String::new();
                for segment in self.path.iter().chain(&self.last) {
                    pointer.push('/');
                    match segment {
                        Segment::Property(name) => crate::runtime::push_pointer_name(&mut pointer, name),
                        Segment::Index(index) => pointer.push_str(&index.to_string()),
                    }
                }
                pointer
            }

            /// Steps into `segment`; `leave` steps out. Not a closure-taking method: one copy
            /// of it serves every call site.
            pub(crate) fn enter(&mut self, segment: Segment) {
                if let Some(outer) = self.last.replace(segment) {
                    self.path.push(outer);
                }
            }

            pub(crate) fn leave(&mut self) {
                if self.last.take().is_none() {
                    self.path.pop();
                }
            }

            /// Reports a violation of the property `name` of the current object.
            pub(crate) fn report_at(&mut self, name: &'static str, code: ViolationCode, message: &str) {
                self.enter(Segment::Property(name));
                self.report(code, message);
                self.leave();
            }

            /// Checks one property of an object.
            /// Inlined so that an absent property, the common case, costs a test at the caller.
            #[inline]
            pub(crate) fn property<T: Check + ?Sized>(&mut self, name: &'static str, value: Field<&T>, rules: &Rules) {
                if value.is_absent() {
                    if rules.required {
                        self.report_at(name, ViolationCode::Required, "is required");
                    }
                } else {
                    self.present_property(name, value, rules);
                }
            }

            fn present_property<T: Check + ?Sized>(&mut self, name: &'static str, value: Field<&T>, rules: &Rules) {
                self.enter(Segment::Property(name));
                if !rules.versions.is_empty() && !rules.versions.contains(&self.version) {
                    let message = format!("does not exist in API version {}", self.version);
                    self.report(ViolationCode::PropertyNotInVersion, message);
                }
                match value {
                    Field::Value(value) => value.check(self, rules),
                    _ if rules.non_null => self.report(ViolationCode::NullNotAllowed, "can't be null"),
                    _ => {}
                }
                self.leave();
            }

            /// Ends validation: `Ok` when nothing was reported.
            pub(crate) fn finish(self) -> Result<(), ValidationErrors> {
                if self.violations.is_empty() { Ok(()) } else { Err(ValidationErrors(self.violations)) }
            }
        }

        /// A value that can be validated against a property's rules.
        pub(crate) trait Check {
            fn check(&self, v: &mut Validator, rules: &Rules);
        }

        impl<T: Check + ?Sized> Check for &T {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                (**self).check(v, rules);
            }
        }

        /// The validator walks the same properties as the writers: each present one is checked
        /// against its rules, each absent one only for being required.
        impl crate::runtime::Properties for Validator {
            #[inline]
            fn value<T: Serialize + Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
                if !property.read_only {
                    self.property(property.name, field.as_ref(), &property.rules);
                }
                self
            }
        }
    }
}

fn leaf_checks() -> TokenStream {
    quote! {
        impl Check for str {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                // A character is one to four bytes, so the byte length often decides alone.
                let surely_long_enough = rules.min_length.is_none_or(|min| self.len() >= min.saturating_mul(4));
                let surely_short_enough = rules.max_length.is_none_or(|max| self.len() <= max);
                if !(surely_long_enough && surely_short_enough) {
                    let length = self.chars().count();
                    if let Some(min) = rules.min_length.filter(|min| length < *min) {
                        v.report(ViolationCode::TooShort, format!("must have at least {min} characters"));
                    }
                    if let Some(max) = rules.max_length.filter(|max| length > *max) {
                        v.report(ViolationCode::TooLong, format!("must have at most {max} characters"));
                    }
                }
                if let Some(pattern) = rules.pattern.filter(|p| !(p.matches)(self)) {
                    v.report(ViolationCode::PatternMismatch, format!("must match the pattern `{}`", pattern.source));
                }
                match rules.format {
                    Some(Format::Email) if !is_email(self) => v.report(ViolationCode::InvalidEmail, "must be an email address"),
                    Some(Format::CountryCode) if !is_country_code(self) => v.report(ViolationCode::InvalidCountryCode, "must be an ISO 3166-1 alpha-2 country code, such as `US`"),
                    Some(Format::LanguageTag) if !is_language_tag(self) => v.report(ViolationCode::InvalidLanguageTag, "must be a language tag such as `en` or `en-US`"),
                    Some(Format::PhoneNumber) if !is_phone_number(self) => v.report(ViolationCode::InvalidPhoneNumber, "must be a phone number: digits, with an optional leading `+`, spaces, dashes and parentheses"),
                    _ => {}
                }
            }
        }

        impl Check for String {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                self.as_str().check(v, rules);
            }
        }

        impl Check for std::borrow::Cow<'_, str> {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                (**self).check(v, rules);
            }
        }

        impl Check for bool {
            fn check(&self, _: &mut Validator, _: &Rules) {}
        }

        impl Check for i64 {
            fn check(&self, _: &mut Validator, _: &Rules) {}
        }

        impl Check for Date {
            fn check(&self, v: &mut Validator, _: &Rules) {
                if !is_date(self.as_str()) {
                    v.report(ViolationCode::InvalidDate, "must be a date, `YYYY-MM-DD`");
                }
            }
        }

        impl Check for DateTimeOffset {
            fn check(&self, v: &mut Validator, _: &Rules) {
                let rfc3339 = &time::format_description::well_known::Rfc3339;
                if time::OffsetDateTime::parse(self.as_str(), rfc3339).is_err() {
                    v.report(ViolationCode::InvalidDateTime, "must be an RFC 3339 date and time, such as `2024-08-10T18:13:49Z`");
                }
            }
        }

        impl Check for Guid {
            fn check(&self, v: &mut Validator, _: &Rules) {
                let text = self.as_str();
                // Graph writes GUIDs hyphenated, without braces.
                if text.len() != 36 || uuid::Uuid::try_parse(text).is_err() {
                    v.report(ViolationCode::InvalidGuid, "must be a GUID, such as `5b5b8a58-5e2d-4b7c-9f0e-0c8a2b1e6f3d`");
                }
            }
        }

        impl<T: Check> Check for Vec<T> {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                self.as_slice().check(v, rules);
            }
        }

        impl<T: Check> Check for [T] {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                if let Some(min) = rules.min_items.filter(|min| self.len() < *min) {
                    v.report(ViolationCode::TooFewItems, format!("must have at least {min} items"));
                }
                if let Some(max) = rules.max_items.filter(|max| self.len() > *max) {
                    v.report(ViolationCode::TooManyItems, format!("must have at most {max} items"));
                }
                for (index, item) in self.iter().enumerate() {
                    v.enter(Segment::Index(index));
                    item.check(v, rules);
                    v.leave();
                }
            }
        }

        impl<T: Check> Check for Sensitive<T> {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                self.expose().check(v, rules);
            }
        }

        impl<E: Check + PartialEq> Check for Flags<E> {
            fn check(&self, v: &mut Validator, rules: &Rules) {
                for member in self.members() {
                    member.check(v, rules);
                }
            }
        }
    }
}

fn formats() -> TokenStream {
    let country_codes = COUNTRY_CODES;
    quote! {
        /// ISO 3166-1 alpha-2, the officially assigned codes, sorted.
        const COUNTRY_CODES: [&str; 249] = [#(#country_codes),*];

        fn is_country_code(text: &str) -> bool {
            COUNTRY_CODES.binary_search(&text).is_ok()
        }

        /// An ISO 639-1 language code, optionally with a country: `en`, `en-US`.
        fn is_language_tag(text: &str) -> bool {
            let (language, region) = match text.split_once('-') {
                Some((language, region)) => (language, Some(region)),
                None => (text, None),
            };
            language.len() == 2 && language.bytes().all(|b| b.is_ascii_lowercase()) && region.is_none_or(is_country_code)
        }

        /// An address as RFC 5322 has it (`email_address`), without a display name.
        fn is_email(text: &str) -> bool {
            // email_address also accepts `Name <address>`; Graph wants the address alone.
            is_everyday_email(text) || (!text.contains(['<', '>', ' ']) && email_address::EmailAddress::is_valid(text))
        }

        /// The everyday shape of an address, `first.last+tag@mail.example.com` in ASCII,
        /// all of which `email_address` accepts; checked in one pass over the bytes, it is a
        /// fraction of the full parser's cost, and the parser decides everything else.
        fn is_everyday_email(text: &str) -> bool {
            let bytes = text.as_bytes();
            let Some(at) = bytes.iter().position(|&b| b == b'@') else {
                return false;
            };
            let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
            let atom = DIGIT | LETTER | HYPHEN | ATOM_SYMBOL;
            local.len() <= 64
                && domain.len() <= 254
                && dot_separated(local, atom, atom, 64)
                && dot_separated(domain, DIGIT | LETTER | HYPHEN, DIGIT | LETTER, 63)
        }

        /// Whether `bytes` are parts of 1 to `max_part` bytes separated by single dots, each
        /// made of bytes of an `inner` class that begin and end with one of an `edge` class.
        fn dot_separated(bytes: &[u8], inner: u8, edge: u8, max_part: usize) -> bool {
            let mut part = 0;
            let mut last = 0;
            for &byte in bytes {
                let class = BYTE_CLASSES[usize::from(byte)];
                if byte == b'.' {
                    if part == 0 || last & edge == 0 {
                        return false;
                    }
                    part = 0;
                } else if class & inner == 0 || (part == 0 && class & edge == 0) || part == max_part {
                    return false;
                } else {
                    part += 1;
                }
                last = class;
            }
            part > 0 && last & edge != 0
        }

        fn is_phone_number(text: &str) -> bool {
            let number = text.strip_prefix('+').unwrap_or(text);
            let mut seen = 0;
            for &byte in number.as_bytes() {
                let class = BYTE_CLASSES[usize::from(byte)];
                if class & (DIGIT | PHONE_SYMBOL) == 0 {
                    return false;
                }
                seen |= class;
            }
            seen & DIGIT != 0
        }

        const DIGIT: u8 = 1;
        const LETTER: u8 = 2;
        const HYPHEN: u8 = 4;
        /// Other than letters, digits and `-`, what the everyday address allows before its `@`.
        const ATOM_SYMBOL: u8 = 8;
        /// What a phone number may have between its digits: ` `, `-`, `(`, `)`.
        const PHONE_SYMBOL: u8 = 16;

        /// The classes of each byte, for checks that look at every byte of a text: a lookup
        /// is cheaper than a chain of comparisons. Bytes past ASCII are in no class.
        static BYTE_CLASSES: [u8; 256] = {
            let mut classes = [0; 256];
            let mut byte = 0;
            while byte < 128 {
                let b = byte as u8;
                classes[byte] = match b {
                    b'0'..=b'9' => DIGIT,
                    b'a'..=b'z' | b'A'..=b'Z' => LETTER,
                    b'-' => HYPHEN | PHONE_SYMBOL,
                    b'_' | b'+' => ATOM_SYMBOL,
                    b' ' | b'(' | b')' => PHONE_SYMBOL,
                    _ => 0,
                };
                byte += 1;
            }
            classes
        };

        fn is_date(text: &str) -> bool {
            let bytes = text.as_bytes();
            let shaped = bytes.len() == 10
                && bytes[4] == b'-'
                && bytes[7] == b'-'
                && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
            if !shaped {
                return false;
            }
            let number = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or_default();
            let month = time::Month::try_from(number(5..7) as u8);
            month.is_ok_and(|month| time::Date::from_calendar_date(i32::from(number(0..4)), month, number(8..10) as u8).is_ok())
        }
    }
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
        /// Checks the spec's rules for this value as it would be sent whole in `version`:
        /// required properties, constraints, and members and properties the version lacks.
        pub fn validate(&self, version: crate::requests::ApiVersion) -> Result<(), crate::ValidationErrors> {
            let mut v = val::Validator::new(version.as_str());
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
        let index = api.patterns.binary_search(pattern).unwrap_or_default();
        let function = pattern_fn(index);
        calls.push(quote! { .pattern(#pattern, val::patterns::#function) });
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
            fn check(&self, v: &mut val::Validator, _: &val::Rules) {
                #body
            }
        }
    }
}
