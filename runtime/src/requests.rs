//! What every operation tells about itself, and the parts of a request that are the same for
//! every operation: the URL's root and version, encoded path segments, headers and body.

use std::fmt;

use crate::ParseError;
use crate::validation::{ValidationErrors, Validator, ViolationCode};

/// A version of an API, written into the URL after the root (`v1.0`, `beta`).
///
/// The generated crate's `ApiVersion` enum implements it; the spec lists the versions.
pub trait ApiVersion: Copy + Eq + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// The URL segment, such as `v1.0`.
    fn as_str(self) -> &'static str;
}

/// A deployment of the service, with a root URL of its own (a national cloud).
///
/// The generated crate's `Cloud` enum implements it; the spec lists the clouds.
pub trait Cloud: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The root URL, `https://` and a host, without a trailing `/`.
    fn root(self) -> &'static str;
}

/// What an operation tells about itself, so that a caller can send its request and read the
/// response. The request carries every header but `Authorization`, which the caller adds
/// (`Bearer {token}`).
pub trait Operation {
    /// What a successful response holds: a model, or `()` when it has no body.
    type Response: Response;

    /// The API versions this operation's crate knows.
    type Version: ApiVersion;

    /// The clouds this operation's crate knows.
    type Cloud: Cloud;

    /// The HTTP method.
    const METHOD: http::Method;

    /// The status of a successful response, such as 200.
    const SUCCESS: u16;

    /// The API versions the operation exists in; the first is the default.
    const VERSIONS: &'static [Self::Version];

    /// The national clouds the operation is available in; the first is the default.
    const CLOUDS: &'static [Self::Cloud];

    /// The application permissions, from least to most privileged; any one is enough.
    const APPLICATION_PERMISSIONS: &'static [&'static str];

    /// Validates, then builds the request for `version` in `cloud`: the builder's
    /// `build_for`, for code that is generic over operations.
    fn into_request(
        self,
        version: Self::Version,
        cloud: Self::Cloud,
    ) -> Result<http::Request<Vec<u8>>, ValidationErrors>
    where
        Self: Sized;

    /// Parses the body of a successful response.
    fn parse_response(body: &[u8]) -> Result<Self::Response, ParseError> {
        Self::Response::parse(body)
    }
}

/// What a successful response holds, read from its body.
///
/// Every model is one (its JSON), and so is `()`: the response of an operation answered
/// without a body (`204 No Content`), which accepts any body, even an empty one.
pub trait Response: Sized {
    /// Reads the body of a successful response.
    fn parse(body: &[u8]) -> Result<Self, ParseError>;
}

impl Response for () {
    /// Ignores the body: a `204` has none, and what a proxy adds is not the service's answer.
    fn parse(_: &[u8]) -> Result<Self, ParseError> {
        Ok(())
    }
}

impl<T: crate::model::Model + serde::de::DeserializeOwned> Response for T {
    fn parse(body: &[u8]) -> Result<Self, ParseError> {
        crate::from_json(body)
    }
}

/// Checks that the operation exists in `version` and `cloud`.
#[doc(hidden)]
pub fn check_availability<O: Operation>(v: &mut Validator, version: O::Version, cloud: O::Cloud) {
    if !O::VERSIONS.contains(&version) {
        v.report(
            ViolationCode::UnsupportedVersion,
            format!("the operation does not exist in API version {version}"),
        );
    }

    if !O::CLOUDS.contains(&cloud) {
        v.report(
            ViolationCode::UnsupportedCloud,
            format!("the operation is not available in the {cloud:?} cloud"),
        );
    }
}

/// Percent-encodes a path parameter: everything but unreserved characters (RFC 3986), so a
/// value can't add segments, a query or a fragment to the URL.
///
/// ```
/// use codegen_runtime::requests::encode_segment;
///
/// assert_eq!(encode_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
/// assert_eq!(encode_segment("..-_~"), "..-_~");
/// ```
pub fn encode_segment(value: &str) -> String {
    const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, RESERVED).to_string()
}

/// Appends the query option `name` with `values` joined by commas (`?$select=id,mail`, or
/// `&...` after another option) to `path`; nothing when there are no values. Each value is
/// percent-encoded but for `-._~`; a comma in a value can't be told from the separator.
///
/// ```
/// use codegen_runtime::requests::push_query;
///
/// let mut path = "/users/1".to_string();
/// push_query(&mut path, "$select", ["displayName", "@odata.id"]);
/// push_query(&mut path, "$expand", []);
/// push_query(&mut path, "$filter", ["name eq 'a&b'"]);
/// assert_eq!(path, "/users/1?$select=displayName,%40odata.id&$filter=name%20eq%20%27a%26b%27");
/// ```
pub fn push_query<'a>(path: &mut String, name: &str, values: impl IntoIterator<Item = &'a str>) {
    let mut values = values.into_iter().peekable();
    if values.peek().is_none() {
        return;
    }
    path.push(if path.contains('?') { '&' } else { '?' });
    path.push_str(name);
    path.push('=');
    for (index, value) in values.enumerate() {
        if index > 0 {
            path.push(',');
        }
        path.push_str(&encode_segment(value));
    }
}

/// A header whose value the caller gives (`If-Match: {etag}`), checked before a request
/// exists: a value that is not a valid header value is reported at `name`.
#[doc(hidden)]
pub fn header_value(
    v: &mut Validator,
    name: &'static str,
    value: &str,
) -> Option<http::HeaderValue> {
    match http::HeaderValue::from_str(value) {
        Ok(header) if value.is_ascii() => Some(header),
        _ => {
            v.report(
                ViolationCode::InvalidHeader,
                format!("the `{name}` header can't hold the value given (a control character or non-ASCII text)"),
            );
            None
        }
    }
}

/// Assembles a request: `{root}/{version}{path}`, the spec's fixed headers, the headers whose
/// values the caller gave (checked by [`header_value`]), and the body.
#[doc(hidden)]
pub fn request<O: Operation>(
    version: O::Version,
    cloud: O::Cloud,
    path: &str,
    fixed_headers: &[(&'static str, &'static str)],
    given_headers: impl IntoIterator<Item = (&'static str, http::HeaderValue)>,
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
    let url = format!("{}/{}{}", cloud.root(), version.as_str(), path);
    let mut builder = http::Request::builder().method(O::METHOD).uri(url);
    for (name, value) in fixed_headers {
        builder = builder.header(*name, *value);
    }

    for (name, value) in given_headers {
        builder = builder.header(name, value);
    }

    builder.body(body).map_err(|error| {
        ValidationErrors::one(
            ViolationCode::InvalidTarget,
            format!("the request can't be built: {error}"),
        )
    })
}

/// The values of headers a builder's setters gave (`If-Match`), by lowercase header name.
#[doc(hidden)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GivenHeaders(Vec<(&'static str, String)>);

impl GivenHeaders {
    /// No header given yet.
    pub const fn new() -> Self {
        GivenHeaders(Vec::new())
    }

    /// Gives `name` the value `value`, replacing what it had.
    pub fn set(&mut self, name: &'static str, value: String) {
        match self.0.iter_mut().find(|(given, _)| *given == name) {
            Some((_, old)) => *old = value,
            None => self.0.push((name, value)),
        }
    }

    /// The value given to `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(given, _)| *given == name)
            .map(|(_, value)| value.as_str())
    }

    /// Reports each value HTTP can't carry, and each `required` header not given.
    pub fn check(&self, v: &mut Validator, required: &[&'static str]) {
        for (name, value) in &self.0 {
            header_value(v, name, value);
        }
        for name in required {
            if self.get(name).is_none() {
                v.report(
                    ViolationCode::Required,
                    format!("the `{name}` header is required"),
                );
            }
        }
    }

    /// The values, as the request sends them; a value [`Self::check`] reports is left out.
    pub fn values(&self) -> impl Iterator<Item = (&'static str, http::HeaderValue)> + '_ {
        self.0.iter().filter_map(|(name, value)| {
            let valid = value.is_ascii();
            http::HeaderValue::from_str(value)
                .ok()
                .filter(|_| valid)
                .map(|value| (*name, value))
        })
    }
}
