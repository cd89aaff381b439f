//! The optional async client (`src/client.rs`, behind the generated crate's `client` feature):
//! the runtime's client, with the spec's `Cloud` filled in.

use quote::quote;

use super::{CrateInfo, Module};

pub fn client(info: &CrateInfo) -> Module {
    let items = quote! {
        pub use ::codegen_runtime::client::{
            AccessToken, BatchReport, BoxError, ClientError, DecodeError, DeltaRound, DeltaSync,
            GraphError, Progress, RetryPolicy, TokenSource, UnreadableError,
        };

        /// Sends the requests of [`crate::operations`] and reads their responses.
        ///
        /// Needs a Tokio runtime with its timer (`#[tokio::main]` has both). Dropping the future
        /// of a call cancels its request.
        pub type Client<T> = ::codegen_runtime::client::Client<T, crate::requests::Cloud>;
    };
    Module {
        path: "src/client.rs".into(),
        doc: "An async client (feature `client`): sends the requests of the operations with a \
              token from a `TokenSource`, reads the service's error bodies into a `ClientError`, \
              and retries throttled requests (`429`, `503`, `504`), honouring `Retry-After`."
            .into(),
        example: Some(example(&info.name)),
        items,
    }
}

/// A doc test, spec-independent: generic over the operation.
fn example(krate: &str) -> String {
    format!(
        "```no_run\n\
         use std::time::Duration;\n\
         \n\
         use {krate}::client::{{AccessToken, Client, ClientError, RetryPolicy}};\n\
         use {krate}::requests::{{Cloud, Operation}};\n\
         \n\
         async fn send<O>(operation: O) -> Result<O::Response, ClientError>\n\
         where\n\
         \x20   O: Operation<Cloud = Cloud> + Send,\n\
         {{\n\
         \x20   let token = AccessToken::new(std::env::var(\"GRAPH_TOKEN\").unwrap_or_default());\n\
         \x20   let client = Client::new(token)?\n\
         \x20       .timeout(Duration::from_secs(10))\n\
         \x20       .retry(RetryPolicy {{ max_attempts: 3, ..RetryPolicy::default() }});\n\
         \x20   client.send(operation).await\n\
         }}\n\
         ```"
    )
}
