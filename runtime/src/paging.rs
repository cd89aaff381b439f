//! Collection pages and delta rounds: the [`Page`] a list answers with, the [`DeltaPage`] of a
//! delta query with its changed and removed items, the opaque links between pages, and the
//! requests that follow them, which never leave the host the first request went to.
//!
//! ```
//! use codegen_runtime::paging::Page;
//!
//! let page: Page<serde_json::Value> = codegen_runtime::from_json(
//!     r#"{"value": [{"id": "1"}], "@odata.nextLink": "https://example.com/users?$skiptoken=X",
//!         "@odata.context": "https://example.com/$metadata#users"}"#,
//! )?;
//! assert_eq!(page.value.len(), 1);
//! assert_eq!(page.next_link.unwrap().as_str(), "https://example.com/users?$skiptoken=X");
//! assert!(page.annotations.contains_key("@odata.context"));
//! # Ok::<(), codegen_runtime::ParseError>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::model::{AdditionalProperties, Model, deserialize_model};
use crate::requests::{Cloud, Operation, Response};
use crate::validation::{ValidationErrors, Validator, ViolationCode};
use crate::{Field, ParseError};

macro_rules! link {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Opaque: use it as the service gave it, never pull its token out. It serializes as
        /// the URL itself, so it can be stored and read back after a restart.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name)
            }
        }

        impl $name {
            /// A link as the service gave it (or as it was stored).
            pub fn new(url: impl Into<String>) -> Self {
                $name(url.into())
            }

            /// The absolute URL.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The URL, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

link! {
    /// `@odata.nextLink`: the absolute URL of the next page of a list or a delta round.
    NextLink
}

link! {
    /// `@odata.deltaLink`: the absolute URL that asks for the changes since the round that
    /// gave it; it ends a delta round.
    DeltaLink
}

/// One page of a collection: `{"value": [...], "@odata.nextLink": ..., "@odata.count": ...}`.
///
/// Each item is boxed: models are large (every property of the type, such as 1.5 KB for a
/// Graph user), and a page of them in one array is hundreds of kilobytes, which the allocator
/// takes from the kernel and gives back on every page. Boxed, parsing a page of 100 users
/// faulted 400 times less and took 1.16 times a plain derive's time instead of 1.31 times
/// (BENCHMARKS.md). Field access goes through the box: `page.value[0].id`.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page; a page may have none and still not be the last.
    pub value: Vec<Box<T>>,
    /// The next page; `None` on the last.
    pub next_link: Option<NextLink>,
    /// `@odata.count` (asked for with `$count`): the size of the whole collection, on the
    /// first page only.
    pub count: Option<i64>,
    /// Every other member (`@odata.context`, annotations added later), kept as it was.
    pub annotations: AdditionalProperties,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            count: None,
            annotations: AdditionalProperties::default(),
        }
    }
}

/// One page of a delta round: changed and removed items, and either the next page's link or
/// the link that starts the next round.
#[derive(Clone, Debug, PartialEq)]
pub struct DeltaPage<T> {
    /// The changes on this page; a page may have none and still not be the last.
    pub value: Vec<DeltaItem<T>>,
    /// The next page of this round.
    pub next_link: Option<NextLink>,
    /// The round is complete: store this link and follow it later for what changed since.
    pub delta_link: Option<DeltaLink>,
    /// Every other member, kept as it was.
    pub annotations: AdditionalProperties,
}

impl<T> Default for DeltaPage<T> {
    fn default() -> Self {
        DeltaPage {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            annotations: AdditionalProperties::default(),
        }
    }
}

/// One entry of a delta page. The same item may come more than once, even in one round:
/// apply them in order, idempotently.
#[derive(Clone, Debug, PartialEq)]
pub enum DeltaItem<T> {
    /// A new item in full, or a changed one with its id and at least the properties that
    /// changed (the others are `Field::Absent`). Boxed, as [`Page`]'s items are.
    Changed(Box<T>),
    /// An item that left the collection.
    Removed(Removal),
}

/// An item a delta round reports removed (`"@removed": {"reason": ...}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    /// The removed item's id.
    pub id: String,
    /// Why it was removed.
    pub reason: RemovalReason,
}

/// `@removed.reason`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RemovalReason {
    /// Removed, and can be restored: a later round may report it changed again.
    Changed,
    /// Deleted for good.
    Deleted,
    /// A reason this crate does not know, as the service sent it.
    Unrecognized(String),
}

impl RemovalReason {
    /// The reason's name on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            RemovalReason::Changed => "changed",
            RemovalReason::Deleted => "deleted",
            RemovalReason::Unrecognized(other) => other,
        }
    }
}

/// A resource with a key, which a removal in a delta round names.
pub trait Entity {
    /// The resource's `id`, if it has one.
    fn id(&self) -> Option<&str>;
}

/// Which member of a page a key is.
enum Member {
    Value,
    NextLink,
    DeltaLink,
    Count,
    Other,
}

fn member(key: &str) -> Member {
    match key {
        "value" => Member::Value,
        "@odata.nextLink" => Member::NextLink,
        "@odata.deltaLink" => Member::DeltaLink,
        "@odata.count" => Member::Count,
        _ => Member::Other,
    }
}

/// How a page type reads each of its members; [`PageVisitor`] reads the object around them.
trait PageMembers<'de>: Default {
    /// What the visitor expects, for error messages.
    const EXPECTING: &'static str;

    /// Reads the value of `key`, which is `member`.
    fn read<A: MapAccess<'de>>(
        &mut self,
        member: Member,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Reads a page: every member, `value` required.
struct PageVisitor<P>(PhantomData<P>);

impl<'de, P: PageMembers<'de>> Visitor<'de> for PageVisitor<P> {
    type Value = P;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(P::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<P, A::Error> {
        let mut page = P::default();
        let mut seen_value = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let member = member(&key);
            seen_value |= matches!(member, Member::Value);
            page.read(member, &key, &mut map)?;
        }
        if !seen_value {
            return Err(de::Error::missing_field("value"));
        }
        Ok(page)
    }
}

impl<'de, T: Deserialize<'de>> PageMembers<'de> for Page<T> {
    const EXPECTING: &'static str = "a page of a collection, `{\"value\": [...]}`";

    fn read<A: MapAccess<'de>>(
        &mut self,
        member: Member,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match member {
            Member::Value => self.value = map.next_value()?,
            Member::NextLink => self.next_link = map.next_value()?,
            Member::Count => self.count = map.next_value()?,
            Member::DeltaLink | Member::Other => {
                map.next_value_seed(self.annotations.capture(key))?;
            }
        }
        Ok(())
    }
}

impl<'de, T: Model + Entity> PageMembers<'de> for DeltaPage<T> {
    const EXPECTING: &'static str = "a page of a delta round, `{\"value\": [...]}`";

    fn read<A: MapAccess<'de>>(
        &mut self,
        member: Member,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match member {
            Member::Value => self.value = map.next_value()?,
            Member::NextLink => self.next_link = map.next_value()?,
            Member::DeltaLink => self.delta_link = map.next_value()?,
            Member::Count | Member::Other => {
                map.next_value_seed(self.annotations.capture(key))?;
            }
        }
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

impl<'de, T: Model + Entity> Deserialize<'de> for DeltaPage<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

impl<'de, T: Model + Entity> Deserialize<'de> for DeltaItem<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut item: T = deserialize_model(deserializer)?;
        let Some(removed) = item.additional_properties().get_raw("@removed") else {
            return Ok(DeltaItem::Changed(Box::new(item)));
        };
        let removed: serde_json::Value = serde_json::from_str(removed.get())
            .map_err(|_| de::Error::custom("`@removed` is not JSON"))?;
        let reason = match removed.get("reason").and_then(serde_json::Value::as_str) {
            Some("changed") => RemovalReason::Changed,
            Some("deleted") => RemovalReason::Deleted,
            Some(other) => RemovalReason::Unrecognized(other.to_owned()),
            None => return Err(de::Error::custom("`@removed` has no `reason` string")),
        };
        item.additional_properties_mut().remove("@removed");
        let id = item
            .id()
            .ok_or_else(|| de::Error::custom("a removed item without an `id`"))?;
        Ok(DeltaItem::Removed(Removal {
            id: id.to_owned(),
            reason,
        }))
    }
}

impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &self.value)?;
        if let Some(link) = &self.next_link {
            map.serialize_entry("@odata.nextLink", link)?;
        }
        if let Some(count) = &self.count {
            map.serialize_entry("@odata.count", count)?;
        }
        for (key, value) in self.annotations.iter() {
            map.serialize_entry(&key, value)?;
        }
        map.end()
    }
}

impl<T: Model> Serialize for DeltaPage<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &self.value)?;
        if let Some(link) = &self.next_link {
            map.serialize_entry("@odata.nextLink", link)?;
        }
        if let Some(link) = &self.delta_link {
            map.serialize_entry("@odata.deltaLink", link)?;
        }
        for (key, value) in self.annotations.iter() {
            map.serialize_entry(&key, value)?;
        }
        map.end()
    }
}

impl<T: Model> Serialize for DeltaItem<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            DeltaItem::Changed(item) => item.serialize(serializer),
            DeltaItem::Removed(removal) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("id", &removal.id)?;
                let reason = [("reason", removal.reason.as_str())];
                map.serialize_entry("@removed", &std::collections::BTreeMap::from(reason))?;
                map.end()
            }
        }
    }
}

impl<T: DeserializeOwned> Response for Page<T> {
    fn parse(body: &[u8]) -> Result<Self, ParseError> {
        crate::from_json(body)
    }
}

impl<T: Model + Entity> Response for DeltaPage<T> {
    fn parse(body: &[u8]) -> Result<Self, ParseError> {
        crate::from_json(body)
    }
}

/// What a response is made of when it is a page: the items, and the link that follows.
pub trait Paged: Response {
    /// One item of the page.
    type Item;

    /// The link to the next page, if there is one.
    fn next_link(&self) -> Option<&NextLink>;

    /// The page's items, in order.
    fn into_items(self) -> impl Iterator<Item = Self::Item>;
}

impl<T: DeserializeOwned> Paged for Page<T> {
    type Item = T;

    fn next_link(&self) -> Option<&NextLink> {
        self.next_link.as_ref()
    }

    fn into_items(self) -> impl Iterator<Item = T> {
        self.value.into_iter().map(|item| *item)
    }
}

impl<T: Model + Entity> Paged for DeltaPage<T> {
    type Item = DeltaItem<T>;

    fn next_link(&self) -> Option<&NextLink> {
        self.next_link.as_ref()
    }

    fn into_items(self) -> impl Iterator<Item = DeltaItem<T>> {
        self.value.into_iter()
    }
}

/// The request for the page at `link`, which the response to `previous` gave: a `GET` with
/// `previous`'s headers (a header a page needs, such as `ConsistencyLevel`, is not carried
/// over by the service), and no body.
///
/// A link to another scheme, host or port than `previous` went to is refused, so that a
/// token meant for the service is never sent elsewhere.
///
/// ```
/// use codegen_runtime::paging::follow;
///
/// let first = http::Request::get("https://graph.microsoft.com/v1.0/users?$top=2")
///     .header("ConsistencyLevel", "eventual")
///     .body(Vec::new())?;
/// let next = follow("https://graph.microsoft.com/v1.0/users?$skiptoken=X", &first)?;
/// assert_eq!(next.uri(), "https://graph.microsoft.com/v1.0/users?$skiptoken=X");
/// assert_eq!(next.headers()["consistencylevel"], "eventual");
/// assert!(follow("https://example.com/v1.0/users?$skiptoken=X", &first).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn follow(
    link: &str,
    previous: &http::Request<Vec<u8>>,
) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
    let origin = Origin::of(previous.uri())
        .ok_or_else(|| foreign("the request the link follows has no host"))?;
    let uri = checked_link(link, &origin)?;
    let mut request = http::Request::get(uri).body(Vec::new()).map_err(|error| {
        ValidationErrors::one(ViolationCode::ForeignLink, format!("not a URL: {error}"))
    })?;
    for (name, value) in previous.headers() {
        if name != http::header::CONTENT_TYPE && name != http::header::CONTENT_LENGTH {
            request.headers_mut().append(name, value.clone());
        }
    }
    Ok(request)
}

/// Reports a stored link (a delta link, to resume a sync) that does not go to `cloud`'s
/// root, where the operation `O`'s requests go.
#[doc(hidden)]
pub fn check_link<O: Operation>(v: &mut Validator, link: &str, cloud: O::Cloud) {
    if let Err(errors) = cloud_link(link, cloud) {
        for violation in errors.violations() {
            v.report(violation.code, violation.message.clone());
        }
    }
}

/// The request that follows a stored link for the operation `O` in `cloud`: a `GET` with the
/// operation's headers, refused unless the link goes to `cloud`'s root.
#[doc(hidden)]
pub fn link_request<O: Operation>(
    link: &str,
    cloud: O::Cloud,
    fixed_headers: &[(&'static str, &'static str)],
    given_headers: impl IntoIterator<Item = (&'static str, http::HeaderValue)>,
) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
    let uri = cloud_link(link, cloud)?;
    let mut builder = http::Request::get(uri);
    for (name, value) in fixed_headers {
        builder = builder.header(*name, *value);
    }
    for (name, value) in given_headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Vec::new())
        .map_err(|error| foreign(&format!("the request can't be built: {error}")))
}

fn cloud_link<C: Cloud>(link: &str, cloud: C) -> Result<http::Uri, ValidationErrors> {
    let root: http::Uri = cloud
        .root()
        .parse()
        .map_err(|_| foreign("the cloud's root is not a URL"))?;
    let origin = Origin::of(&root).ok_or_else(|| foreign("the cloud's root has no host"))?;
    checked_link(link, &origin)
}

fn foreign(message: &str) -> ValidationErrors {
    ValidationErrors::one(ViolationCode::ForeignLink, message.to_owned())
}

/// Parses `link` and checks that it goes to `origin`. The link is never quoted: it carries
/// a token.
fn checked_link(link: &str, origin: &Origin) -> Result<http::Uri, ValidationErrors> {
    let uri: http::Uri = link
        .parse()
        .map_err(|_| foreign("the link is not an absolute URL"))?;
    match Origin::of(&uri) {
        Some(theirs) if theirs == *origin => Ok(uri),
        Some(_) => Err(foreign(&format!(
            "the link goes to another host than {origin}; it is not followed"
        ))),
        None => Err(foreign("the link is not an absolute URL")),
    }
}

/// A URL's scheme, host and port: where a request goes.
#[derive(Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    fn of(uri: &http::Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return None,
        };
        Some(Origin {
            host: uri.host()?.to_ascii_lowercase(),
            port: uri.port_u16().unwrap_or(default_port),
            scheme,
        })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// A model's `id`, for the generated [`Entity`] impls.
#[doc(hidden)]
pub fn field_id(field: &Field<String>) -> Option<&str> {
    field.value().map(String::as_str)
}
