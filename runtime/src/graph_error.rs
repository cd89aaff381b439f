//! Graph's error bodies, `{"error": {"code", "message", "innerError": {...}}}`, read into a
//! [`GraphError`]: what the client returns for an error response, and what a batch item that
//! failed holds.

use std::error::Error as StdError;
use std::fmt;

use http::StatusCode;
use serde_json::{Map, Value};

/// An error response in Graph's shape:
/// `{"error": {"code", "message", "innerError": {"request-id", "date", ...}}}`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GraphError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Graph's error code, such as `Request_ResourceNotFound`.
    pub code: String,
    /// The message for people; empty if the service sent none.
    pub message: String,
    /// `innerError.request-id`, or else the `request-id` header: quote it to Microsoft
    /// support.
    pub request_id: Option<String>,
    /// `innerError.client-request-id`.
    pub client_request_id: Option<String>,
    /// `innerError.date`, as the service wrote it.
    pub date: Option<String>,
    /// Everything in `innerError`, as the service wrote it.
    pub inner_error: Map<String, Value>,
}

impl GraphError {
    /// Reads an error body; on failure, says what is wrong with it.
    pub(crate) fn parse(
        status: StatusCode,
        body: &[u8],
        header_request_id: Option<String>,
    ) -> Result<Self, String> {
        if body.is_empty() {
            return Err("the body is empty".into());
        }
        let document: Value = serde_json::from_slice(body)
            .map_err(|error| format!("the body is not JSON: {error}"))?;
        let error = document
            .get("error")
            .and_then(Value::as_object)
            .ok_or("the body has no `error` object")?;
        let code = error
            .get("code")
            .and_then(Value::as_str)
            .ok_or("`/error/code` is missing or not a string")?;
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let inner_error = error
            .get("innerError")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let inner_text = |key: &str| {
            inner_error
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Ok(GraphError {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            request_id: inner_text("request-id").or(header_request_id),
            client_request_id: inner_text("client-request-id"),
            date: inner_text("date"),
            inner_error,
        })
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph answered {}: {}", self.status, self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

impl StdError for GraphError {}
