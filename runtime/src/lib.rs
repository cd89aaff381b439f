//! What every crate that `cargo xtask codegen` generates shares, whatever its spec: the
//! three-state [`Field`], models that keep the JSON properties they don't know, validation that
//! collects every violation with its JSON pointer, the fixed parts of requests, and (feature
//! `client`) an async client with retries.
//!
//! A generated crate re-exports what its users name, so they rarely depend on this crate
//! directly. Items hidden from the documentation are the generated code's machinery: they may
//! change in any release.
//!
//! ```
//! use codegen_runtime::{Field, Sensitive};
//!
//! // A property is absent, explicitly `null`, or a value, and the three read back as such.
//! let fields: Vec<Field<u8>> = serde_json::from_str("[null, 7]")?;
//! assert_eq!(fields, [Field::Null, Field::Value(7)]);
//! assert!(Field::<u8>::Absent.is_absent());
//!
//! // Secrets never show in `Debug` output.
//! assert_eq!(format!("{:?}", Sensitive::new("hunter2")), "<redacted>");
//! # Ok::<(), serde_json::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
#[cfg(feature = "client")]
pub mod client;

pub mod graph_error;
#[doc(hidden)]
pub mod model;
pub mod paging;
pub mod query;
pub mod requests;
pub mod validation;

pub use model::{
    AdditionalProperties, Date, DateTimeOffset, Field, Flags, Guid, ParseError, Sensitive,
    from_json, from_json_str, redacted,
};
pub use validation::{ValidationErrors, Violation, ViolationCode};

/// The crates the generated code names, so that a generated crate needs no dependency of its own
/// on them and always gets the versions this crate was built with.
#[doc(hidden)]
pub mod deps {
    pub use {http, regex_lite, serde, serde_json};
}
