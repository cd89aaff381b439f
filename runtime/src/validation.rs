//! Validation of values before they are sent: every violation of the spec's constraints, each
//! with the JSON pointer of its value and a stable code.

use std::fmt;

use serde::Serialize;

use crate::{Date, DateTimeOffset, Field, Flags, Guid, Sensitive};

/// What rule a value broke; [`ViolationCode::as_str`] gives a stable machine-readable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationCode {
    /// The update sets nothing.
    EmptyUpdate,
    /// The target of the request is invalid, such as an empty id.
    InvalidTarget,
    /// The operation does not exist in the chosen API version.
    UnsupportedVersion,
    /// The operation is not available in the chosen national cloud.
    UnsupportedCloud,
    /// The property does not exist in the chosen API version.
    PropertyNotInVersion,
    /// The enum member does not exist in the chosen API version.
    MemberNotInVersion,
    /// An enum member this crate does not know; it is never sent.
    UnknownMember,
    /// `unknownFutureValue`, which is never sent.
    SentinelMember,
    /// `null` for a property that can't be null.
    NullNotAllowed,
    /// A required property is missing.
    Required,
    /// A string shorter than its minimum length.
    TooShort,
    /// A string longer than its maximum length.
    TooLong,
    /// A collection with fewer items than its minimum.
    TooFewItems,
    /// A collection with more items than its maximum.
    TooManyItems,
    /// A string that does not match its pattern.
    PatternMismatch,
    /// Not an email address.
    InvalidEmail,
    /// Not an ISO 3166-1 alpha-2 country code.
    InvalidCountryCode,
    /// Not a BCP 47 language tag such as `en`, `en-US` or `zh-Hant-TW`.
    InvalidLanguageTag,
    /// Not a phone number.
    InvalidPhoneNumber,
    /// Not a date, `YYYY-MM-DD`.
    InvalidDate,
    /// Not an RFC 3339 date and time.
    InvalidDateTime,
    /// Not a GUID.
    InvalidGuid,
    /// A diff found a change to a read-only property, which no update can make.
    ReadOnlyChanged,
    /// A diff found a property removed that can't be cleared.
    CannotClear,
    /// A diff found a change that only another, exclusive operation can make.
    NeedsOwnOperation,
    /// A header value that HTTP can't carry (a control character or non-ASCII text).
    InvalidHeader,
    /// A query option the service can't take: `$top=0`, an empty `$search`, a filter
    /// with a value that can't be written.
    InvalidQuery,
    /// A next or delta link to another host than the request's cloud.
    ForeignLink,
}

impl ViolationCode {
    /// The stable code, such as `too_many_items`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ViolationCode::EmptyUpdate => "empty_update",
            ViolationCode::InvalidTarget => "invalid_target",
            ViolationCode::UnsupportedVersion => "unsupported_version",
            ViolationCode::UnsupportedCloud => "unsupported_cloud",
            ViolationCode::PropertyNotInVersion => "property_not_in_version",
            ViolationCode::MemberNotInVersion => "member_not_in_version",
            ViolationCode::UnknownMember => "unknown_member",
            ViolationCode::SentinelMember => "sentinel_member",
            ViolationCode::NullNotAllowed => "null_not_allowed",
            ViolationCode::Required => "required",
            ViolationCode::TooShort => "too_short",
            ViolationCode::TooLong => "too_long",
            ViolationCode::TooFewItems => "too_few_items",
            ViolationCode::TooManyItems => "too_many_items",
            ViolationCode::PatternMismatch => "pattern_mismatch",
            ViolationCode::InvalidEmail => "invalid_email",
            ViolationCode::InvalidCountryCode => "invalid_country_code",
            ViolationCode::InvalidLanguageTag => "invalid_language_tag",
            ViolationCode::InvalidPhoneNumber => "invalid_phone_number",
            ViolationCode::InvalidDate => "invalid_date",
            ViolationCode::InvalidDateTime => "invalid_date_time",
            ViolationCode::InvalidGuid => "invalid_guid",
            ViolationCode::ReadOnlyChanged => "read_only_changed",
            ViolationCode::CannotClear => "cannot_clear",
            ViolationCode::NeedsOwnOperation => "needs_own_operation",
            ViolationCode::InvalidHeader => "invalid_header",
            ViolationCode::InvalidQuery => "invalid_query",
            ViolationCode::ForeignLink => "foreign_link",
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
        let pointer = if self.pointer.is_empty() {
            "the request"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} ({})", self.message, self.code)
    }
}

/// Every violation found in a request, in the order of its properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors(Vec<Violation>);
impl ValidationErrors {
    /// A single violation of the request as a whole.
    #[doc(hidden)]
    pub fn one(code: ViolationCode, message: String) -> Self {
        ValidationErrors(vec![Violation {
            pointer: String::new(),
            code,
            message,
        }])
    }

    /// The violations; never empty.
    pub fn violations(&self) -> &[Violation] {
        &self.0
    }

    /// The violation at `pointer` with `code`, if there is one.
    pub fn find(&self, pointer: &str, code: ViolationCode) -> Option<&Violation> {
        self.0
            .iter()
            .find(|v| v.pointer == pointer && v.code == code)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the request is invalid ({} violation{})",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )?;
        for violation in &self.0 {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}
/// A well-known string format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub enum Format {
    Email,
    CountryCode,
    LanguageTag,
    PhoneNumber,
}

/// A pattern: its source, for messages, and its compiled matcher.
#[derive(Clone, Copy)]
#[doc(hidden)]
pub struct Pattern {
    pub source: &'static str,
    pub matches: fn(&str) -> bool,
}

/// The rules a value must meet.
#[derive(Clone, Copy)]
#[doc(hidden)]
pub struct Rules {
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
    const NONE: Rules = Rules::new();

    #[doc(hidden)]
    pub const fn new() -> Self {
        Rules {
            versions: &[],
            required: false,
            non_null: false,
            min_length: None,
            max_length: None,
            min_items: None,
            max_items: None,
            pattern: None,
            format: None,
        }
    }
}

/// What the spec says about one property: its name, the same name as a JSON key with
/// its colon (`"displayName":`, escaped by the generator), and its rules. Generated
/// code keeps one `static` table of them per type and per operation, built with these
/// `const` calls, and hands an entry with each property to an `rt::Properties` sink.
#[doc(hidden)]
pub struct Property {
    pub name: &'static str,
    pub key: &'static str,
    rules: Rules,
    /// Never sent, so never checked.
    read_only: bool,
}

impl Property {
    #[doc(hidden)]
    pub const fn new(name: &'static str, key: &'static str) -> Self {
        Property {
            name,
            key,
            rules: Rules::NONE,
            read_only: false,
        }
    }

    #[doc(hidden)]
    pub const fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    #[doc(hidden)]
    pub const fn versions(mut self, versions: &'static [&'static str]) -> Self {
        self.rules.versions = versions;
        self
    }

    #[doc(hidden)]
    pub const fn required(mut self) -> Self {
        self.rules.required = true;
        self
    }

    #[doc(hidden)]
    pub const fn non_null(mut self) -> Self {
        self.rules.non_null = true;
        self
    }

    #[doc(hidden)]
    pub const fn min_length(mut self, min: usize) -> Self {
        self.rules.min_length = Some(min);
        self
    }

    #[doc(hidden)]
    pub const fn max_length(mut self, max: usize) -> Self {
        self.rules.max_length = Some(max);
        self
    }

    #[doc(hidden)]
    pub const fn min_items(mut self, min: usize) -> Self {
        self.rules.min_items = Some(min);
        self
    }

    #[doc(hidden)]
    pub const fn max_items(mut self, max: usize) -> Self {
        self.rules.max_items = Some(max);
        self
    }

    #[doc(hidden)]
    pub const fn pattern(mut self, source: &'static str, matches: fn(&str) -> bool) -> Self {
        self.rules.pattern = Some(Pattern { source, matches });
        self
    }

    #[doc(hidden)]
    pub const fn format(mut self, format: Format) -> Self {
        self.rules.format = Some(format);
        self
    }
}

/// Walks a value, collecting violations at JSON pointers, for one API version.
#[doc(hidden)]
pub struct Validator {
    version: &'static str,
    /// Where the walk is, rendered as a JSON pointer only when something is reported:
    /// `path`, then `last`. The innermost step is kept apart so that checking a
    /// top-level property, the common case, never allocates.
    path: Vec<Segment>,
    last: Option<Segment>,
    violations: Vec<Violation>,
    /// Whether properties required on creation must be there: when values are sent to be
    /// created, not when a model the service returned is checked.
    creating: bool,
    /// Whether any property handed to it was present (set or `null`).
    saw_present: bool,
}

/// One step of a JSON pointer.
#[derive(Clone, Copy)]
#[doc(hidden)]
pub enum Segment {
    Property(&'static str),
    Index(usize),
}

impl Validator {
    #[doc(hidden)]
    #[inline]
    pub fn new(version: &'static str) -> Self {
        Validator {
            version,
            path: Vec::new(),
            last: None,
            violations: Vec::new(),
            creating: true,
            saw_present: false,
        }
    }

    /// A validator of a value as it stands (a model as the service returned it), not as it
    /// would be created: properties required only on creation may be absent.
    #[doc(hidden)]
    #[inline]
    pub fn existing(version: &'static str) -> Self {
        Validator {
            creating: false,
            ..Validator::new(version)
        }
    }

    #[doc(hidden)]
    #[inline]
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// Whether no property it was handed was present (set or `null`): an update's visit
    /// tells that it sends nothing, without a visit of its own.
    #[doc(hidden)]
    #[inline]
    pub fn saw_nothing(&self) -> bool {
        !self.saw_present
    }

    #[doc(hidden)]
    pub fn report(&mut self, code: ViolationCode, message: impl Into<String>) {
        let pointer = self.pointer();
        self.violations.push(Violation {
            pointer,
            code,
            message: message.into(),
        });
    }

    /// The JSON pointer (RFC 6901) of where the walk is.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for segment in self.path.iter().chain(&self.last) {
            pointer.push('/');
            match segment {
                Segment::Property(name) => crate::model::push_pointer_name(&mut pointer, name),
                Segment::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }

    /// Steps into `segment`; `leave` steps out. Not a closure-taking method: one copy
    /// of it serves every call site.
    #[doc(hidden)]
    #[inline]
    pub fn enter(&mut self, segment: Segment) {
        if let Some(outer) = self.last.replace(segment) {
            self.path.push(outer);
        }
    }

    #[doc(hidden)]
    #[inline]
    pub fn leave(&mut self) {
        if self.last.take().is_none() {
            self.path.pop();
        }
    }

    /// Reports a violation of the property `name` of the current object.
    #[doc(hidden)]
    pub fn report_at(&mut self, name: &'static str, code: ViolationCode, message: &str) {
        self.enter(Segment::Property(name));
        self.report(code, message);
        self.leave();
    }

    /// Checks that the version has a property `$select` names, the `index`th: a property
    /// the version lacks is reported at `/$select/{index}`.
    #[doc(hidden)]
    pub fn selected(&mut self, index: usize, name: &str, versions: &[&str]) {
        if !versions.is_empty() && !versions.contains(&self.version) {
            self.enter(Segment::Property("$select"));
            self.enter(Segment::Index(index));
            let message = format!("`{name}` does not exist in API version {}", self.version);
            self.report(ViolationCode::PropertyNotInVersion, message);
            self.leave();
            self.leave();
        }
    }

    /// Checks one property of an object.
    /// Inlined so that an absent property, the common case, costs a test at the caller.
    #[inline]
    #[doc(hidden)]
    pub fn property<T: Check + ?Sized>(
        &mut self,
        name: &'static str,
        value: Field<&T>,
        rules: &Rules,
    ) {
        if value.is_absent() {
            if rules.required && self.creating {
                self.report_at(name, ViolationCode::Required, "is required");
            }
        } else {
            self.present_property(name, value, rules);
        }
    }

    #[inline(never)]
    fn present_property<T: Check + ?Sized>(
        &mut self,
        name: &'static str,
        value: Field<&T>,
        rules: &Rules,
    ) {
        self.saw_present = true;
        self.enter_property(name, rules);
        match value {
            Field::Value(value) => value.check(self, rules),
            _ => self.null(rules),
        }
        self.leave();
    }

    /// Enters a property that is present, and checks that `version` has it. Not generic
    /// (nor is `null`), so that one copy serves properties of every type.
    fn enter_property(&mut self, name: &'static str, rules: &Rules) {
        self.enter(Segment::Property(name));
        if !rules.versions.is_empty() && !rules.versions.contains(&self.version) {
            let message = format!("does not exist in API version {}", self.version);
            self.report(ViolationCode::PropertyNotInVersion, message);
        }
    }

    fn null(&mut self, rules: &Rules) {
        if rules.non_null {
            self.report(ViolationCode::NullNotAllowed, "can't be null");
        }
    }

    /// Checks the number of items of a collection.
    fn count(&mut self, items: usize, rules: &Rules) {
        if let Some(min) = rules.min_items.filter(|min| items < *min) {
            self.report(
                ViolationCode::TooFewItems,
                format!("must have at least {min} items"),
            );
        }
        if let Some(max) = rules.max_items.filter(|max| items > *max) {
            self.report(
                ViolationCode::TooManyItems,
                format!("must have at most {max} items"),
            );
        }
    }

    /// Ends validation: `Ok` when nothing was reported.
    #[doc(hidden)]
    #[inline]
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.violations))
        }
    }
}

/// A value that can be validated against a property's rules. Every property value is one,
/// and can be written and shown, so the sinks of `visit_properties` ask for this one bound.
#[doc(hidden)]
pub trait Check: Serialize + fmt::Debug {
    fn check(&self, v: &mut Validator, rules: &Rules);
}

impl<T: Check + ?Sized> Check for &T {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        (**self).check(v, rules);
    }
}

/// The validator walks the same properties as the writers: each present one is checked
/// against its rules, each absent one only for being required.
impl crate::model::Properties for Validator {
    #[inline]
    fn value<T: Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        if !property.read_only {
            self.property(property.name, field.as_ref(), &property.rules);
        }
        self
    }
}

impl Check for str {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        let surely_long_enough = rules
            .min_length
            .is_none_or(|min| self.len() >= min.saturating_mul(4));
        let surely_short_enough = rules.max_length.is_none_or(|max| self.len() <= max);
        if !(surely_long_enough && surely_short_enough) {
            let length = self.chars().count();
            if let Some(min) = rules.min_length.filter(|min| length < *min) {
                v.report(
                    ViolationCode::TooShort,
                    format!("must have at least {min} characters"),
                );
            }
            if let Some(max) = rules.max_length.filter(|max| length > *max) {
                v.report(
                    ViolationCode::TooLong,
                    format!("must have at most {max} characters"),
                );
            }
        }
        if let Some(pattern) = rules.pattern.filter(|p| !(p.matches)(self)) {
            v.report(
                ViolationCode::PatternMismatch,
                format!("must match the pattern `{}`", pattern.source),
            );
        }
        match rules.format {
            Some(Format::Email) if !is_email(self) => {
                v.report(ViolationCode::InvalidEmail, "must be an email address")
            }
            Some(Format::CountryCode) if !is_country_code(self) => {
                v.report(
                    ViolationCode::InvalidCountryCode,
                    "must be an ISO 3166-1 alpha-2 country code, such as `US`",
                )
            }
            Some(Format::LanguageTag) if !is_language_tag(self) => {
                v.report(
                    ViolationCode::InvalidLanguageTag,
                    "must be a language tag such as `en` or `en-US`",
                )
            }
            Some(Format::PhoneNumber) if !is_phone_number(self) => {
                v.report(
                    ViolationCode::InvalidPhoneNumber,
                    "must be a phone number: digits, with an optional leading `+`, spaces, dashes and parentheses",
                )
            }
            _ => {}
        }
    }
}

impl Check for String {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        self.as_str().check(v, rules);
    }
}

impl Check for std::borrow::Cow<'_, str> {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        (**self).check(v, rules);
    }
}

impl Check for bool {
    #[inline]
    fn check(&self, _: &mut Validator, _: &Rules) {}
}

impl Check for i64 {
    #[inline]
    fn check(&self, _: &mut Validator, _: &Rules) {}
}

impl Check for Date {
    #[inline]
    fn check(&self, v: &mut Validator, _: &Rules) {
        if !is_date(self.as_str()) {
            v.report(ViolationCode::InvalidDate, "must be a date, `YYYY-MM-DD`");
        }
    }
}

impl Check for DateTimeOffset {
    #[inline]
    fn check(&self, v: &mut Validator, _: &Rules) {
        if !is_date_time(self.as_str()) {
            v.report(
                ViolationCode::InvalidDateTime,
                "must be an RFC 3339 date and time, such as `2024-08-10T18:13:49Z`",
            );
        }
    }
}

impl Check for Guid {
    #[inline]
    fn check(&self, v: &mut Validator, _: &Rules) {
        if !is_guid(self.as_str()) {
            v.report(
                ViolationCode::InvalidGuid,
                "must be a GUID, such as `5b5b8a58-5e2d-4b7c-9f0e-0c8a2b1e6f3d`",
            );
        }
    }
}

impl<T: Check + ?Sized> Check for Box<T> {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        (**self).check(v, rules);
    }
}

impl<T: Check> Check for Vec<T> {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        self.as_slice().check(v, rules);
    }
}

impl<T: Check> Check for [T] {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        v.count(self.len(), rules);
        for (index, item) in self.iter().enumerate() {
            v.enter(Segment::Index(index));
            item.check(v, rules);
            v.leave();
        }
    }
}

impl<T: Check> Check for Sensitive<T> {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        self.expose().check(v, rules);
    }
}

impl<E: Check + PartialEq + fmt::Display> Check for Flags<E> {
    #[inline]
    fn check(&self, v: &mut Validator, rules: &Rules) {
        for member in self.members() {
            member.check(v, rules);
        }
    }
}

/// ISO 3166-1 alpha-2, the officially assigned codes, sorted.
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
fn is_country_code(text: &str) -> bool {
    COUNTRY_CODES.binary_search(&text).is_ok()
}

/// A well-formed BCP 47 language tag, in any case, as Graph takes them: `en`, `en-US`,
/// `es-419`, `zh-Hant-TW`.
fn is_language_tag(text: &str) -> bool {
    language_tags::LanguageTag::parse(text).is_ok_and(|tag| tag.validate().is_ok())
}

/// An address as RFC 5322 has it (`email_address`), without a display name.
fn is_email(text: &str) -> bool {
    is_everyday_email(text)
        || (!text.contains(['<', '>', ' ']) && email_address::EmailAddress::is_valid(text))
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
pub(crate) fn is_date_time(text: &str) -> bool {
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(text, rfc3339).is_ok()
}

pub(crate) fn is_guid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

pub(crate) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return false;
    }

    let number = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or_default();
    let month = time::Month::try_from(number(5..7) as u8);
    month.is_ok_and(|month| {
        time::Date::from_calendar_date(i32::from(number(0..4)), month, number(8..10) as u8).is_ok()
    })
}
