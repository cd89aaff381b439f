//! Requests (`src/requests.rs`): the API versions and national clouds of the spec; the
//! `Operation` trait and the assembly of requests are the runtime's.

use quote::{format_ident, quote};

use super::Module;
use super::docs::{doc, spec_text};
use crate::ir::Api;

pub fn requests_module(api: &Api) -> Module {
    let versions = api.versions.iter().map(|version| {
        let variant = format_ident!("{}", version.rust_name);
        let version_doc = doc(&format!(
            "`{}`: {}",
            version.name,
            spec_text(&version.description)
        ));
        quote! { #version_doc #variant, }
    });
    let version_arms = api.versions.iter().map(|version| {
        let variant = format_ident!("{}", version.rust_name);
        let name = &version.name;
        quote! { ApiVersion::#variant => #name, }
    });
    let clouds = api.clouds.iter().map(|cloud| {
        let variant = format_ident!("{}", cloud.rust_name);
        let cloud_doc = doc(&format!(
            "{} Root: <{}>.",
            spec_text(&cloud.description),
            cloud.root
        ));
        quote! { #cloud_doc #variant, }
    });
    let cloud_arms = api.clouds.iter().map(|cloud| {
        let variant = format_ident!("{}", cloud.rust_name);
        let root = &cloud.root;
        quote! { Cloud::#variant => #root, }
    });
    let items = quote! {
        use std::fmt;

        pub use ::codegen_runtime::requests::{Operation, Response};

        /// A version of the API; each is a URL segment, such as `v1.0`. Non-exhaustive: the spec
        /// may add versions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
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

        impl ::codegen_runtime::requests::ApiVersion for ApiVersion {
            fn as_str(self) -> &'static str {
                self.as_str()
            }
        }

        /// A national cloud deployment of the service. Non-exhaustive: the spec may add clouds.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
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

        impl ::codegen_runtime::requests::Cloud for Cloud {
            fn root(self) -> &'static str {
                self.root()
            }
        }
    };
    Module {
        path: "src/requests.rs".into(),
        doc: "Requests: the API versions and national clouds of the spec, and what every \
              operation tells about itself ([`Operation`])."
            .into(),
        example: None,
        items,
    }
}
