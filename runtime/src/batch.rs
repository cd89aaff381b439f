//! JSON batching (`POST /$batch`): any mix of operations in one [`Batch`], each validated
//! first, split into requests of at most [`MAX_ITEMS`], and their answers mapped back by id
//! to each operation's typed outcome ([`Outcomes::take`]).
//!
//! Sans-IO: [`Batch::requests`] gives `http::Request`s, [`BatchRequest::parse_response`] reads
//! what the service answered; the client (feature `client`) sends them, retrying throttled
//! items.
//!
//! ```
//! use codegen_runtime::batch::{Batch, ItemError};
//! # use codegen_runtime::requests::{self, Operation};
//! # #[derive(Clone, Copy, Debug, PartialEq, Eq)]
//! # struct V;
//! # impl std::fmt::Display for V {
//! #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("v1") }
//! # }
//! # impl requests::ApiVersion for V { fn as_str(self) -> &'static str { "v1" } }
//! # #[derive(Clone, Copy, Debug, PartialEq, Eq)]
//! # struct C;
//! # impl requests::Cloud for C { fn root(self) -> &'static str { "https://api.example.com" } }
//! # /// `DELETE /books/{id}`, answered 204.
//! # struct DeleteBook(&'static str);
//! # impl Operation for DeleteBook {
//! #     type Response = ();
//! #     type Version = V;
//! #     type Cloud = C;
//! #     const METHOD: http::Method = http::Method::DELETE;
//! #     const SUCCESS: u16 = 204;
//! #     const VERSIONS: &'static [V] = &[V];
//! #     const CLOUDS: &'static [C] = &[C];
//! #     const APPLICATION_PERMISSIONS: &'static [&'static str] = &[];
//! #     fn into_request(self, v: V, c: C) -> Result<http::Request<Vec<u8>>, codegen_runtime::ValidationErrors> {
//! #         let path = format!("/books/{}", requests::encode_segment(self.0));
//! #         requests::request::<Self>(v, c, &path, &[], [], Vec::new())
//! #     }
//! # }
//! let mut batch = Batch::new(V, C);
//! let first = batch.push(DeleteBook("b-1"));
//! let second = batch.push(DeleteBook("b-2"));
//! let requests = batch.requests();
//! assert_eq!(requests.len(), 1);
//! assert_eq!(requests[0].request.uri(), "https://api.example.com/v1/$batch");
//! let sent: serde_json::Value = serde_json::from_slice(requests[0].request.body())?;
//! assert_eq!(sent["requests"][1]["url"], "/books/b-2");
//!
//! let answer = br#"{"responses": [
//!     {"id": "1", "status": 404, "body": {"error": {"code": "itemNotFound", "message": "No."}}},
//!     {"id": "0", "status": 204}
//! ]}"#;
//! let answers = requests[0].parse_response(http::StatusCode::OK, answer)?;
//! let mut outcomes = batch.outcomes(answers);
//! assert!(outcomes.take(first).is_ok());
//! assert!(matches!(outcomes.take(second), Err(ItemError::Graph(e)) if e.code == "itemNotFound"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use http::StatusCode;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::graph_error::GraphError;
use crate::requests::{ApiVersion, Cloud, Operation, Response};
use crate::{ParseError, ValidationErrors};

/// The most requests one batch may hold (Graph's limit).
pub const MAX_ITEMS: usize = 20;

/// Operations to send together, in the order they were pushed. Each item's id in the batch is
/// its position, so ids are unique by construction.
pub struct Batch<V, C> {
    version: V,
    cloud: C,
    items: Vec<Item>,
}

/// One operation of a batch: its request, ready to be written, or why it can't be sent.
enum Item {
    Ready(Prepared),
    Invalid(ValidationErrors),
}

/// A request as a batch item writes it.
struct Prepared {
    method: http::Method,
    /// Relative to the version root: `/education/users/42?$select=id`.
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Box<RawValue>>,
}

/// Where the outcome of one pushed operation will be, and of what type: the operation's
/// response.
pub struct Handle<R> {
    index: usize,
    marker: PhantomData<fn() -> R>,
}

impl<R> Handle<R> {
    /// The operation's position in its batch, from 0.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<R> Clone for Handle<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Handle<R> {}

impl<R> fmt::Debug for Handle<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.index)
    }
}

impl<V: ApiVersion, C: Cloud> Batch<V, C> {
    /// An empty batch for `version` in `cloud`.
    pub fn new(version: V, cloud: C) -> Self {
        Batch {
            version,
            cloud,
            items: Vec::new(),
        }
    }

    /// Validates `operation` and adds it. An invalid one is kept out of the requests, and its
    /// outcome is its violations ([`ItemError::Invalid`]); the others are still sent.
    pub fn push<O: Operation<Version = V, Cloud = C>>(
        &mut self,
        operation: O,
    ) -> Handle<O::Response> {
        let index = self.items.len();
        let item = match operation.into_request(self.version, self.cloud) {
            Ok(request) => self.prepare(request),
            Err(errors) => Item::Invalid(errors),
        };
        self.items.push(item);
        Handle {
            index,
            marker: PhantomData,
        }
    }

    /// How many operations were pushed, invalid ones included.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The position and violations of each operation that was not valid.
    pub fn invalid(&self) -> impl Iterator<Item = (usize, &ValidationErrors)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| match item {
                Item::Invalid(errors) => Some((index, errors)),
                Item::Ready(_) => None,
            })
    }

    /// The positions of the operations that can be sent.
    pub fn ready(&self) -> Vec<usize> {
        (0..self.items.len())
            .filter(|index| matches!(self.items[*index], Item::Ready(_)))
            .collect()
    }

    /// The `$batch` requests of every valid operation, [`MAX_ITEMS`] at most in each.
    pub fn requests(&self) -> Vec<BatchRequest> {
        self.requests_for(&self.ready())
    }

    /// The `$batch` requests of the operations at `indices` (such as the throttled ones, to
    /// retry them), [`MAX_ITEMS`] at most in each. Positions out of range or of invalid
    /// operations are left out.
    pub fn requests_for(&self, indices: &[usize]) -> Vec<BatchRequest> {
        let ready: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|index| matches!(self.items.get(*index), Some(Item::Ready(_))))
            .collect();
        ready
            .chunks(MAX_ITEMS)
            .map(|chunk| self.request(chunk))
            .collect()
    }

    /// Collects the answers of the requests into the outcome of every operation.
    pub fn outcomes(&self, answers: impl IntoIterator<Item = (usize, ItemResponse)>) -> Outcomes {
        let mut slots: Vec<Slot> = self
            .items
            .iter()
            .map(|item| match item {
                Item::Ready(_) => Slot::Unanswered,
                Item::Invalid(errors) => Slot::Failed(ItemError::Invalid(errors.clone())),
            })
            .collect();
        for (index, answer) in answers {
            if let Some(slot @ Slot::Unanswered) = slots.get_mut(index) {
                *slot = Slot::Answered(answer);
            }
        }
        Outcomes { slots }
    }

    fn prepare(&self, request: http::Request<Vec<u8>>) -> Item {
        let (parts, body) = request.into_parts();
        let prefix = format!(
            "{}/{}",
            self.cloud.root().trim_end_matches('/'),
            self.version.as_str()
        );
        let uri = parts.uri.to_string();
        let Some(url) = uri.strip_prefix(&prefix).filter(|url| url.starts_with('/')) else {
            return invalid("the request does not go to the batch's version root");
        };
        let body = if body.is_empty() {
            None
        } else {
            match String::from_utf8(body).map(RawValue::from_string) {
                Ok(Ok(raw)) => Some(raw),
                _ => return invalid("the request's body is not JSON, which a batch item needs"),
            }
        };
        let headers = parts
            .headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        Item::Ready(Prepared {
            method: parts.method,
            url: url.to_owned(),
            headers,
            body,
        })
    }

    /// One `$batch` request of the items at `indices`, all of them ready.
    fn request(&self, indices: &[usize]) -> BatchRequest {
        let mut json = Vec::with_capacity(indices.len() * 256);
        json.extend_from_slice(br#"{"requests":["#);
        for (position, index) in indices.iter().enumerate() {
            let Some(Item::Ready(item)) = self.items.get(*index) else {
                continue;
            };
            if position > 0 {
                json.push(b',');
            }
            write_item(&mut json, *index, item);
        }
        json.extend_from_slice(b"]}");
        let url = format!(
            "{}/{}/$batch",
            self.cloud.root().trim_end_matches('/'),
            self.version.as_str()
        );
        let request = http::Request::post(url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "application/json")
            .body(json)
            .unwrap_or_default();
        BatchRequest {
            request,
            indices: indices.to_vec(),
        }
    }
}

fn invalid(message: &str) -> Item {
    Item::Invalid(ValidationErrors::one(
        crate::ViolationCode::InvalidTarget,
        message.to_owned(),
    ))
}

/// `{"id":"3","method":"PATCH","url":"/users/1","headers":{...},"body":{...}}`.
fn write_item(json: &mut Vec<u8>, index: usize, item: &Prepared) {
    json.extend_from_slice(br#"{"id":""#);
    json.extend_from_slice(index.to_string().as_bytes());
    json.extend_from_slice(br#"","method":""#);
    json.extend_from_slice(item.method.as_str().as_bytes());
    json.extend_from_slice(br#"","url":"#);
    write_str(json, &item.url);
    if !item.headers.is_empty() {
        json.extend_from_slice(br#","headers":{"#);
        for (position, (name, value)) in item.headers.iter().enumerate() {
            if position > 0 {
                json.push(b',');
            }
            write_str(json, name);
            json.push(b':');
            write_str(json, value);
        }
        json.push(b'}');
    }
    if let Some(body) = &item.body {
        json.extend_from_slice(br#","body":"#);
        json.extend_from_slice(body.get().as_bytes());
    }
    json.push(b'}');
}

fn write_str(json: &mut Vec<u8>, text: &str) {
    // Writing a string into a Vec can't fail.
    let _ = serde_json::to_writer(&mut *json, text);
}

/// One `$batch` request, and the positions of the operations it holds.
#[derive(Debug)]
pub struct BatchRequest {
    /// `POST {root}/{version}/$batch`, without `Authorization`.
    pub request: http::Request<Vec<u8>>,
    indices: Vec<usize>,
}

impl BatchRequest {
    /// The positions (in the batch) of the operations this request holds.
    pub fn indices(&self) -> &[usize] {
        &self.indices
    }

    /// Reads the service's answer: a `200` whose body holds one response per item, in any
    /// order. Anything else is a [`BatchError`]: another status, a body that is not a batch
    /// response (or is cut short), an id that is not one of this request's, an id answered
    /// twice, an item left unanswered.
    pub fn parse_response(
        &self,
        status: StatusCode,
        body: &[u8],
    ) -> Result<Vec<(usize, ItemResponse)>, BatchError> {
        if status != StatusCode::OK {
            return Err(BatchError::Status {
                status,
                error: GraphError::parse(status, body, None).ok().map(Box::new),
            });
        }
        let parsed: Responses = crate::from_json(body).map_err(BatchError::Body)?;
        let mut answers: Vec<(usize, ItemResponse)> = Vec::with_capacity(parsed.0.len());
        for (id, response) in parsed.0 {
            let index = id
                .parse::<usize>()
                .ok()
                .filter(|index| self.indices.contains(index) && id == index.to_string())
                .ok_or_else(|| BatchError::UnknownId(id.clone()))?;
            if answers.iter().any(|(known, _)| *known == index) {
                return Err(BatchError::DuplicateId(id));
            }
            answers.push((index, response));
        }
        let missing: Vec<usize> = self
            .indices
            .iter()
            .copied()
            .filter(|index| !answers.iter().any(|(known, _)| known == index))
            .collect();
        if !missing.is_empty() {
            return Err(BatchError::Missing(missing));
        }
        Ok(answers)
    }
}

/// What the service answered to one item.
#[derive(Clone, Debug)]
pub struct ItemResponse {
    /// The item's status.
    pub status: StatusCode,
    /// The item's headers, names as the service wrote them.
    pub headers: Vec<(String, String)>,
    /// The item's body, if it has one (a `204` may have `null`, or none).
    pub body: Option<Box<RawValue>>,
}

impl PartialEq for ItemResponse {
    fn eq(&self, other: &Self) -> bool {
        let body = |answer: &Self| answer.body.as_ref().map(|body| body.get().to_owned());
        self.status == other.status && self.headers == other.headers && body(self) == body(other)
    }
}

impl ItemResponse {
    /// The value of the header `name`, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the service throttled the item (`429`, `503`, `504`): it may be sent again.
    pub fn is_throttled(&self) -> bool {
        matches!(self.status.as_u16(), 429 | 503 | 504)
    }

    /// The outcome this answer stands for: the response of a success, parsed, or the error.
    fn outcome<R: Response>(&self) -> Result<R, ItemError> {
        let body = self.body.as_ref().map(|body| body.get()).unwrap_or("null");
        if self.status.is_success() {
            return R::parse(body.as_bytes()).map_err(|error| ItemError::Decode {
                status: self.status,
                error,
            });
        }
        let request_id = self.header("request-id").map(str::to_owned);
        match GraphError::parse(self.status, body.as_bytes(), request_id) {
            Ok(error) => Err(ItemError::Graph(Box::new(error))),
            Err(problem) => Err(ItemError::Unreadable {
                status: self.status,
                problem,
            }),
        }
    }
}

/// Why a batch's answer could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BatchError {
    /// The batch as a whole failed (`400` for a malformed batch, or throttled).
    Status {
        /// The status of the `$batch` response.
        status: StatusCode,
        /// Its body, when it is a Graph error.
        error: Option<Box<GraphError>>,
    },
    /// The body is not a batch response: not JSON, cut short, or of another shape.
    Body(ParseError),
    /// An item's id that the request did not hold.
    UnknownId(String),
    /// An item answered twice.
    DuplicateId(String),
    /// The positions of the items the response does not answer.
    Missing(Vec<usize>),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Status { status, error } => {
                write!(f, "the batch was answered {status}")?;
                match error {
                    Some(error) => write!(f, ": {}", error.code),
                    None => Ok(()),
                }
            }
            BatchError::Body(error) => write!(f, "the batch's answer is unreadable: {error}"),
            BatchError::UnknownId(id) => {
                write!(
                    f,
                    "the batch's answer has an item `{}` it was not sent",
                    id.escape_debug()
                )
            }
            BatchError::DuplicateId(id) => {
                write!(
                    f,
                    "the batch's answer has the item `{}` twice",
                    id.escape_debug()
                )
            }
            BatchError::Missing(indices) => {
                write!(f, "the batch's answer lacks the items {indices:?}")
            }
        }
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BatchError::Body(error) => Some(error),
            _ => None,
        }
    }
}

/// Why one operation of a batch has no response.
#[derive(Debug)]
#[non_exhaustive]
pub enum ItemError {
    /// It broke a rule of the spec, and was not sent.
    Invalid(ValidationErrors),
    /// The service answered it with an error in Graph's shape.
    Graph(Box<GraphError>),
    /// The service answered it with an error body not in Graph's shape.
    Unreadable {
        /// The item's status.
        status: StatusCode,
        /// What is wrong with the body.
        problem: String,
    },
    /// A success whose body does not fit the operation's response.
    Decode {
        /// The item's status.
        status: StatusCode,
        /// What is wrong, and where.
        error: ParseError,
    },
    /// No answer was read for it: its batch failed (the reason), or it was not sent.
    Unanswered(String),
    /// Its outcome was already taken.
    Taken,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemError::Invalid(errors) => write!(f, "invalid, not sent: {errors}"),
            ItemError::Graph(error) => error.fmt(f),
            ItemError::Unreadable { status, problem } => {
                write!(
                    f,
                    "answered {status} with a body that is not a Graph error ({problem})"
                )
            }
            ItemError::Decode { status, error } => {
                write!(f, "the {status} answer does not fit the response: {error}")
            }
            ItemError::Unanswered(why) => write!(f, "no answer: {why}"),
            ItemError::Taken => f.write_str("the outcome was already taken"),
        }
    }
}

impl std::error::Error for ItemError {}

enum Slot {
    Unanswered,
    Answered(ItemResponse),
    Failed(ItemError),
    Taken,
}

/// The outcome of every operation of a batch, taken one at a time by its [`Handle`].
pub struct Outcomes {
    slots: Vec<Slot>,
}

impl Outcomes {
    /// The outcome of the operation `handle` stands for: its response, or why there is none.
    pub fn take<R: Response>(&mut self, handle: Handle<R>) -> Result<R, ItemError> {
        let Some(slot) = self.slots.get_mut(handle.index) else {
            return Err(ItemError::Unanswered(
                "not an operation of this batch".into(),
            ));
        };
        match std::mem::replace(slot, Slot::Taken) {
            Slot::Answered(answer) => answer.outcome(),
            Slot::Failed(error) => Err(error),
            Slot::Unanswered => Err(ItemError::Unanswered(
                "the batch's answer did not hold it".into(),
            )),
            Slot::Taken => Err(ItemError::Taken),
        }
    }

    /// The answer read for the operation at `index`, unparsed, if there is one.
    pub fn answer(&self, index: usize) -> Option<&ItemResponse> {
        match self.slots.get(index) {
            Some(Slot::Answered(answer)) => Some(answer),
            _ => None,
        }
    }

    /// Marks the operation at `index` failed with `error` (its batch failed as a whole).
    #[doc(hidden)]
    pub fn fail(&mut self, index: usize, error: ItemError) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Slot::Failed(error);
        }
    }
}

/// `{"responses": [...]}`, each item with its id.
struct Responses(Vec<(String, ItemResponse)>);

impl<'de> serde::Deserialize<'de> for Responses {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResponsesVisitor)
    }
}

struct ResponsesVisitor;

impl<'de> Visitor<'de> for ResponsesVisitor {
    type Value = Responses;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a batch response, `{\"responses\": [...]}`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Responses, A::Error> {
        let mut responses = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "responses" {
                responses = Some(map.next_value_seed(ItemsSeed)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        responses
            .map(Responses)
            .ok_or_else(|| de::Error::missing_field("responses"))
    }
}

struct ItemsSeed;

impl<'de> DeserializeSeed<'de> for ItemsSeed {
    type Value = Vec<(String, ItemResponse)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed {
    type Value = Vec<(String, ItemResponse)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of item responses")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(MAX_ITEMS));
        while let Some(item) = seq.next_element_seed(ItemSeed)? {
            items.push(item);
        }
        Ok(items)
    }
}

struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = (String, ItemResponse);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed {
    type Value = (String, ItemResponse);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item response, `{\"id\", \"status\", \"headers\", \"body\"}`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut status, mut headers, mut body) = (None, None, Vec::new(), None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "id" => id = Some(map.next_value::<String>()?),
                "status" => status = Some(map.next_value::<u16>()?),
                "headers" => {
                    let given: Option<std::collections::BTreeMap<String, String>> =
                        map.next_value()?;
                    headers = given.unwrap_or_default().into_iter().collect();
                }
                "body" => {
                    let raw: Box<RawValue> = map.next_value()?;
                    body = (raw.get() != "null").then_some(raw);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let status = status.ok_or_else(|| de::Error::missing_field("status"))?;
        let status = StatusCode::from_u16(status)
            .map_err(|_| de::Error::custom(format!("{status} is not an HTTP status")))?;
        Ok((
            id,
            ItemResponse {
                status,
                headers,
                body,
            },
        ))
    }
}
