//! OData query options of a list: a typed `$filter` expression, `$orderby` keys, and the
//! options' validation and rendering into the URL's query string.
//!
//! A generated crate gives each resource that can be filtered a struct of constants, one per
//! filterable property (`EducationUserFilter::DISPLAY_NAME`), and each that can be ordered an
//! enum of its orderable properties, so a filter or an order on another property does not
//! compile.
//!
//! ```
//! use codegen_runtime::query::{Filter, FilterProperty, NotNull, Nullable};
//!
//! struct Book; // the resource a generated crate's constants name
//! const TITLE: FilterProperty<Book, String, Nullable> = FilterProperty::new("title", &[]);
//! const PAGES: FilterProperty<Book, i64, NotNull> = FilterProperty::new("pages", &[]);
//!
//! let filter = TITLE.starts_with("Rust's").and(PAGES.eq(300).or(TITLE.is_null()));
//! assert_eq!(filter.as_str(), "startsWith(title, 'Rust''s') and (pages eq 300 or title eq null)");
//! assert_eq!((!TITLE.is_in(["a", "b"])).as_str(), "not (title in ('a', 'b'))");
//! ```

use std::fmt;
use std::marker::PhantomData;

use crate::validation::{Segment, Validator, ViolationCode};
use crate::{Date, DateTimeOffset, Guid};

/// A property of a resource that a query option names: the generated property enums.
pub trait QueryProperty: Copy + fmt::Debug + PartialEq {
    /// The property's JSON name.
    fn name(self) -> &'static str;

    /// The API versions the option can name it in; empty for all.
    fn versions(self) -> &'static [&'static str];
}

/// For an operation whose resource has no property a query option could name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoProperty {}

impl QueryProperty for NoProperty {
    fn name(self) -> &'static str {
        match self {}
    }

    fn versions(self) -> &'static [&'static str] {
        match self {}
    }
}

/// The direction of an `$orderby` key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Smallest first (`asc`, the service's default).
    #[default]
    Ascending,
    /// Largest first (`desc`).
    Descending,
}

/// A value written into a filter as an OData literal.
pub trait Literal {
    /// Appends the literal to `out`; a value that can't be one (a date that is not
    /// `YYYY-MM-DD`) says why, and the filter reports it when validated.
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str>;
}

/// Writes `text` as an OData string literal: in single quotes, each `'` doubled.
///
/// ```
/// let mut out = String::new();
/// codegen_runtime::query::quote("O'Neil", &mut out);
/// assert_eq!(out, "'O''Neil'");
/// ```
pub fn quote(text: &str, out: &mut String) {
    out.push('\'');
    for (index, part) in text.split('\'').enumerate() {
        if index > 0 {
            out.push_str("''");
        }
        out.push_str(part);
    }
    out.push('\'');
}

impl Literal for String {
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
        quote(self, out);
        Ok(())
    }
}

impl Literal for bool {
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
        out.push_str(if *self { "true" } else { "false" });
        Ok(())
    }
}

impl Literal for i64 {
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
        out.push_str(&self.to_string());
        Ok(())
    }
}

impl Literal for Date {
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
        lexical(
            self.as_str(),
            crate::validation::is_date,
            "a date that is not `YYYY-MM-DD`",
            out,
        )
    }
}

impl Literal for DateTimeOffset {
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
        let valid = crate::validation::is_date_time;
        lexical(
            self.as_str(),
            valid,
            "a date and time that is not RFC 3339",
            out,
        )
    }
}

impl Literal for Guid {
    fn write_literal(&self, out: &mut String) -> Result<(), &'static str> {
        lexical(
            self.as_str(),
            crate::validation::is_guid,
            "a GUID that is not one",
            out,
        )
    }
}

/// Dates, times and GUIDs are unquoted in OData, so only a valid one may be written.
fn lexical(
    text: &str,
    valid: fn(&str) -> bool,
    problem: &'static str,
    out: &mut String,
) -> Result<(), &'static str> {
    if valid(text) {
        out.push_str(text);
        Ok(())
    } else {
        out.push_str("null");
        Err(problem)
    }
}

/// An enum member, written as a string literal of its wire name.
#[doc(hidden)]
pub fn write_member(member: &str, out: &mut String) -> Result<(), &'static str> {
    quote(member, out);
    Ok(())
}

/// Marks a property the service may hold `null` in: its filter can test for `null`.
#[derive(Clone, Copy, Debug)]
pub enum Nullable {}

/// Marks a property that is never `null`.
#[derive(Clone, Copy, Debug)]
pub enum NotNull {}

/// A property of the resource `R` that `$filter` can test, holding values of type `V`.
///
/// Generated crates define one constant per filterable property; [`Self::new`] is for them.
pub struct FilterProperty<R, V, N> {
    name: &'static str,
    versions: &'static [&'static str],
    marker: Marker<R, V, N>,
}

/// Ties a property to its resource, value type and nullability without holding any of them.
type Marker<R, V, N> = PhantomData<fn() -> (R, V, N)>;

impl<R, V, N> Clone for FilterProperty<R, V, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R, V, N> Copy for FilterProperty<R, V, N> {}

impl<R, V, N> fmt::Debug for FilterProperty<R, V, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FilterProperty({})", self.name)
    }
}

impl<R, V: Literal, N> FilterProperty<R, V, N> {
    /// The property `name`, filterable in `versions` (empty: in every version).
    pub const fn new(name: &'static str, versions: &'static [&'static str]) -> Self {
        FilterProperty {
            name,
            versions,
            marker: PhantomData,
        }
    }

    /// The property's JSON name.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// `name eq value`.
    pub fn eq(self, value: impl Into<V>) -> Filter<R> {
        self.compare("eq", &value.into())
    }

    /// `name ne value`.
    pub fn ne(self, value: impl Into<V>) -> Filter<R> {
        self.compare("ne", &value.into())
    }

    /// `name in (a, b, ...)`; an empty list is reported when the filter is validated.
    pub fn is_in<T: Into<V>>(self, values: impl IntoIterator<Item = T>) -> Filter<R> {
        let mut filter = Filter::test(self.name, self.versions);
        filter.text.push_str(self.name);
        filter.text.push_str(" in (");
        let mut empty = true;
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                filter.text.push_str(", ");
            }
            filter.literal(&value.into());
            empty = false;
        }
        filter.text.push(')');
        if empty {
            filter.problems.push("`in` with no values");
        }
        filter
    }

    fn compare(self, operator: &str, value: &V) -> Filter<R> {
        let mut filter = Filter::test(self.name, self.versions);
        filter.text.push_str(self.name);
        filter.text.push(' ');
        filter.text.push_str(operator);
        filter.text.push(' ');
        filter.literal(value);
        filter
    }
}

impl<R, N> FilterProperty<R, String, N> {
    /// `startsWith(name, 'prefix')`.
    pub fn starts_with(self, prefix: impl Into<String>) -> Filter<R> {
        let mut filter = Filter::test(self.name, self.versions);
        filter.text.push_str("startsWith(");
        filter.text.push_str(self.name);
        filter.text.push_str(", ");
        quote(&prefix.into(), &mut filter.text);
        filter.text.push(')');
        filter
    }
}

impl<R, V> FilterProperty<R, V, Nullable> {
    /// `name eq null`.
    pub fn is_null(self) -> Filter<R> {
        let mut filter = Filter::test(self.name, self.versions);
        filter.text = format!("{} eq null", self.name);
        filter
    }

    /// `name ne null`.
    pub fn is_not_null(self) -> Filter<R> {
        let mut filter = Filter::test(self.name, self.versions);
        filter.text = format!("{} ne null", self.name);
        filter
    }
}

/// How tightly an expression binds, to parenthesize it only where OData needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Binding {
    Or,
    And,
    /// A comparison, a function call, `not (...)`: never needs parentheses around it.
    Test,
    /// Text the caller wrote: always parenthesized when combined.
    Raw,
}

/// A `$filter` expression over the properties of the resource `R`, built from its
/// filterable properties' constants, [`Filter::and`], [`Filter::or`] and `!` (`not`), or
/// written by hand with [`Filter::raw`].
pub struct Filter<R> {
    text: String,
    binding: Binding,
    /// Each property tested, with the versions it can be filtered in.
    properties: Vec<(&'static str, &'static [&'static str])>,
    problems: Vec<&'static str>,
    marker: PhantomData<fn() -> R>,
}

impl<R> Filter<R> {
    /// A filter written by hand, sent as it is: the escape hatch for what the typed
    /// constants can't say. Nothing in it is checked or quoted.
    pub fn raw(text: impl Into<String>) -> Self {
        let text = text.into();
        let problems = if text.trim().is_empty() {
            vec!["an empty filter"]
        } else {
            Vec::new()
        };
        Filter {
            text,
            binding: Binding::Raw,
            properties: Vec::new(),
            problems,
            marker: PhantomData,
        }
    }

    fn test(name: &'static str, versions: &'static [&'static str]) -> Self {
        Filter {
            text: String::new(),
            binding: Binding::Test,
            properties: vec![(name, versions)],
            problems: Vec::new(),
            marker: PhantomData,
        }
    }

    fn literal(&mut self, value: &impl Literal) {
        if let Err(problem) = value.write_literal(&mut self.text) {
            self.problems.push(problem);
        }
    }

    /// `self and other`.
    pub fn and(self, other: Filter<R>) -> Self {
        self.combine(" and ", Binding::And, other)
    }

    /// `self or other`.
    pub fn or(self, other: Filter<R>) -> Self {
        self.combine(" or ", Binding::Or, other)
    }

    fn combine(mut self, operator: &str, binding: Binding, mut other: Filter<R>) -> Self {
        let left = std::mem::take(&mut self.text);
        self.text = parenthesized(left, self.binding, binding);
        self.text.push_str(operator);
        self.text
            .push_str(&parenthesized(other.text, other.binding, binding));
        self.binding = binding;
        self.properties.append(&mut other.properties);
        self.problems.append(&mut other.problems);
        self
    }

    /// The expression, as `$filter` sends it (before percent-encoding).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Reports at `/$filter` each property that can't be filtered in the validator's
    /// version, and each value that can't be written (an empty `in`, a malformed date).
    #[doc(hidden)]
    pub fn check(&self, v: &mut Validator) {
        v.enter(Segment::Property("$filter"));
        for (name, versions) in &self.properties {
            if !versions.is_empty() && !versions.contains(&v.version()) {
                let message = format!("`{name}` can't be filtered in API version {}", v.version());
                v.report(ViolationCode::PropertyNotInVersion, message);
            }
        }
        for problem in &self.problems {
            v.report(
                ViolationCode::InvalidQuery,
                format!("the filter has {problem}"),
            );
        }
        v.leave();
    }
}

fn parenthesized(text: String, inner: Binding, outer: Binding) -> String {
    // `and` binds tighter than `or`; a raw text or a weaker operator needs parentheses.
    if inner == Binding::Raw || inner < outer {
        format!("({text})")
    } else {
        text
    }
}

impl<R> std::ops::Not for Filter<R> {
    type Output = Filter<R>;

    /// `not (self)`.
    fn not(mut self) -> Filter<R> {
        self.text = format!("not ({})", self.text);
        self.binding = Binding::Test;
        self
    }
}

impl<R> Clone for Filter<R> {
    fn clone(&self) -> Self {
        Filter {
            text: self.text.clone(),
            binding: self.binding,
            properties: self.properties.clone(),
            problems: self.problems.clone(),
            marker: PhantomData,
        }
    }
}

impl<R> PartialEq for Filter<R> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.problems == other.problems
    }
}

impl<R> fmt::Debug for Filter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.text).finish()
    }
}

impl<R> fmt::Display for Filter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The query options of a request, as its builder's setters gave them: `S` names the
/// properties `$select` can name, `O` those `$orderby` can, `R` is the resource.
#[doc(hidden)]
pub struct QueryOptions<S, O, R> {
    pub select: Vec<S>,
    pub filter: Option<Filter<R>>,
    pub order_by: Vec<(O, Direction)>,
    pub top: Option<u32>,
    pub count: bool,
    pub search: Option<String>,
}

impl<S, O, R> QueryOptions<S, O, R> {
    /// No option given.
    pub const fn new() -> Self {
        QueryOptions {
            select: Vec::new(),
            filter: None,
            order_by: Vec::new(),
            top: None,
            count: false,
            search: None,
        }
    }
}

impl<S, O, R> Default for QueryOptions<S, O, R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone, O: Clone, R> Clone for QueryOptions<S, O, R> {
    fn clone(&self) -> Self {
        QueryOptions {
            select: self.select.clone(),
            filter: self.filter.clone(),
            order_by: self.order_by.clone(),
            top: self.top,
            count: self.count,
            search: self.search.clone(),
        }
    }
}

impl<S: PartialEq, O: PartialEq, R> PartialEq for QueryOptions<S, O, R> {
    fn eq(&self, other: &Self) -> bool {
        self.select == other.select
            && self.filter == other.filter
            && self.order_by == other.order_by
            && self.top == other.top
            && self.count == other.count
            && self.search == other.search
    }
}

impl<S: fmt::Debug, O: fmt::Debug, R> fmt::Debug for QueryOptions<S, O, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryOptions")
            .field("select", &self.select)
            .field("filter", &self.filter)
            .field("order_by", &self.order_by)
            .field("top", &self.top)
            .field("count", &self.count)
            .field("search", &self.search)
            .finish()
    }
}

impl<S: QueryProperty, O: QueryProperty, R> QueryOptions<S, O, R> {
    /// Reports every option the validator's version can't take, at `/$select/{i}`,
    /// `/$filter`, `/$orderby/{i}`, `/$top` and `/$search`.
    pub fn check(&self, v: &mut Validator) {
        for (index, property) in self.select.iter().enumerate() {
            v.selected(index, property.name(), property.versions());
        }
        if let Some(filter) = &self.filter {
            filter.check(v);
        }
        for (index, (property, _)) in self.order_by.iter().enumerate() {
            let versions = property.versions();
            if !versions.is_empty() && !versions.contains(&v.version()) {
                v.enter(Segment::Property("$orderby"));
                v.enter(Segment::Index(index));
                let message = format!(
                    "`{}` can't order a list in API version {}",
                    property.name(),
                    v.version()
                );
                v.report(ViolationCode::PropertyNotInVersion, message);
                v.leave();
                v.leave();
            }
        }
        if self.top == Some(0) {
            v.report_at(
                "$top",
                ViolationCode::InvalidQuery,
                "`$top` must be at least 1",
            );
        }
        if self
            .search
            .as_deref()
            .is_some_and(|text| text.trim().is_empty())
        {
            v.report_at("$search", ViolationCode::InvalidQuery, "`$search` is empty");
        }
    }

    /// Appends the options that were given to `path`'s query string, percent-encoded.
    pub fn render(&self, path: &mut String) {
        use crate::requests::push_query;

        push_query(path, "$select", self.select.iter().map(|p| p.name()));
        if let Some(filter) = &self.filter {
            push_query(path, "$filter", [filter.as_str()]);
        }
        let keys: Vec<String> = self
            .order_by
            .iter()
            .map(|(property, direction)| match direction {
                Direction::Ascending => property.name().to_owned(),
                Direction::Descending => format!("{} desc", property.name()),
            })
            .collect();
        push_query(path, "$orderby", keys.iter().map(String::as_str));
        if let Some(top) = self.top {
            push_query(path, "$top", [top.to_string().as_str()]);
        }
        if self.count {
            push_query(path, "$count", ["true"]);
        }
        if let Some(search) = &self.search {
            push_query(path, "$search", [search.as_str()]);
        }
    }
}
