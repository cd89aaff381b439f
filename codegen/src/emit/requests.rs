//! Requests (`src/requests.rs`): the API versions and national clouds of the spec, what every
//! operation tells about itself, and the assembly of an `http::Request`.

use quote::{format_ident, quote};

use super::Module;
use super::docs::doc;
use crate::ir::Api;

pub fn requests_module(api: &Api) -> Module {
    let versions = api.versions.iter().map(|version| {
        let variant = format_ident!("{}", version.rust_name);
        let version_doc = doc(&format!("`{}`: {}", version.name, version.description));
        quote! { #version_doc #variant, }
    });
    let version_arms = api.versions.iter().map(|version| {
        let variant = format_ident!("{}", version.rust_name);
        let name = &version.name;
        quote! { ApiVersion::#variant => #name, }
    });
    let clouds = api.clouds.iter().map(|cloud| {
        let variant = format_ident!("{}", cloud.rust_name);
        let cloud_doc = doc(&format!("{} Root: <{}>.", cloud.description, cloud.root));
        quote! { #cloud_doc #variant, }
    });
    let cloud_arms = api.clouds.iter().map(|cloud| {
        let variant = format_ident!("{}", cloud.rust_name);
        let root = &cloud.root;
        quote! { Cloud::#variant => #root, }
    });
    let items = quote! {
        use std::fmt;

        use crate::validation::{ValidationErrors, Validator, ViolationCode};

        /// A version of the API; each is a URL segment, such as `v1.0`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ApiVersion {
            #(#versions)*
        }

        impl ApiVersion {
            /// The URL segment.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#version_arms)*
                }
            }
        }

        impl fmt::Display for ApiVersion {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A national cloud deployment of the service.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Cloud {
            #(#clouds)*
        }

        impl Cloud {
            /// The root URL of the service in this cloud, without a trailing `/`.
            pub const fn root(self) -> &'static str {
                match self {
                    #(#cloud_arms)*
                }
            }
        }

        /// What an operation tells about itself, so that a caller can send its request and read
        /// the response. The request carries every header but `Authorization`, which the caller
        /// adds (`Bearer {token}`).
        pub trait Operation {
            /// The type of the body of a successful response.
            type Response: ::serde::de::DeserializeOwned;
            /// The HTTP method.
            const METHOD: http::Method;
            /// The status of a successful response, such as 200.
            const SUCCESS: u16;
            /// The API versions the operation exists in; the first is the default.
            const VERSIONS: &'static [ApiVersion];
            /// The national clouds the operation is available in; the first is the default.
            const CLOUDS: &'static [Cloud];
            /// The application permissions, from least to most privileged; any one is enough.
            const APPLICATION_PERMISSIONS: &'static [&'static str];

            /// Validates, then builds the request for `version` in `cloud`: the builder's
            /// `build_for`, for code that is generic over operations.
            fn into_request(self, version: ApiVersion, cloud: Cloud) -> Result<http::Request<Vec<u8>>, ValidationErrors>
            where
                Self: Sized;

            /// Parses the body of a successful response.
            fn parse_response(body: &[u8]) -> Result<Self::Response, crate::ParseError> {
                crate::from_json(body)
            }
        }

        /// Checks that the operation exists in `version` and `cloud`.
        pub(crate) fn check_availability<O: Operation>(v: &mut Validator, version: ApiVersion, cloud: Cloud) {
            if !O::VERSIONS.contains(&version) {
                v.report(ViolationCode::UnsupportedVersion, format!("the operation does not exist in API version {version}"));
            }
            if !O::CLOUDS.contains(&cloud) {
                v.report(ViolationCode::UnsupportedCloud, format!("the operation is not available in the {cloud:?} cloud"));
            }
        }

        /// Percent-encodes a path parameter: everything but unreserved characters (RFC 3986).
        pub(crate) fn encode_segment(value: &str) -> String {
            const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
            percent_encoding::utf8_percent_encode(value, RESERVED).to_string()
        }

        /// Assembles a request with a JSON body.
        pub(crate) fn json_request<O: Operation>(
            version: ApiVersion,
            cloud: Cloud,
            path: &str,
            headers: &[(&'static str, &'static str)],
            body: Vec<u8>,
        ) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
            let url = format!("{}/{}{}", cloud.root(), version.as_str(), path);
            let mut builder = http::Request::builder().method(O::METHOD).uri(url);
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            builder.body(body).map_err(|error| {
                ValidationErrors::one(ViolationCode::InvalidTarget, format!("the request can't be built: {error}"))
            })
        }
    };
    Module {
        path: "src/requests.rs".into(),
        doc:
            "Requests: API versions, national clouds, and what every operation tells about itself."
                .into(),
        example: None,
        items,
    }
}
