//! The client with operations written by hand, as a generated crate writes them: one answered
//! `204 No Content`, against a wiremock server on 127.0.0.1.
#![cfg(feature = "client")]

use std::fmt;
use std::time::Duration;

use codegen_runtime::client::{AccessToken, Client, ClientError};
use codegen_runtime::requests::{self, Operation};
use codegen_runtime::validation::Validator;
use codegen_runtime::{ValidationErrors, ViolationCode};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Version;

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v2")
    }
}

impl requests::ApiVersion for Version {
    fn as_str(self) -> &'static str {
        "v2"
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cloud;

impl requests::Cloud for Cloud {
    fn root(self) -> &'static str {
        "https://api.invalid"
    }
}

/// `PUT /shelves/{shelf}/books`, replacing the shelf's books; answered 204 without a body.
struct ReplaceBooks {
    shelf: String,
    books: Vec<u8>,
}

impl Operation for ReplaceBooks {
    type Response = ();
    type Version = Version;
    type Cloud = Cloud;
    const METHOD: http::Method = http::Method::PUT;
    const SUCCESS: u16 = 204;
    const VERSIONS: &'static [Version] = &[Version];
    const CLOUDS: &'static [Cloud] = &[Cloud];
    const APPLICATION_PERMISSIONS: &'static [&'static str] = &[];

    fn into_request(
        self,
        version: Version,
        cloud: Cloud,
    ) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
        let mut v = Validator::new(requests::ApiVersion::as_str(version));
        requests::check_availability::<Self>(&mut v, version, cloud);
        if self.shelf.is_empty() {
            v.report(ViolationCode::InvalidTarget, "the shelf must not be empty");
        }
        v.finish()?;
        let path = format!("/shelves/{}/books", requests::encode_segment(&self.shelf));
        let headers = [("content-type", "application/json")];
        requests::request::<Self>(version, cloud, &path, &headers, [], self.books)
    }
}

fn client(server: &MockServer) -> Client<AccessToken, Cloud> {
    Client::new(AccessToken::new("t0k3n"))
        .expect("a client")
        .root(server.uri().parse().expect("a URL"))
        .timeout(Duration::from_secs(10))
}

#[tokio::test]
async fn a_204_without_a_body_is_a_success_with_nothing_to_read() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/shelves/a%20b/books"))
        .and(header("authorization", "Bearer t0k3n"))
        .and(body_bytes(br#"[{"title":"Dune"}]"#.to_vec()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let replace = ReplaceBooks {
        shelf: "a b".into(),
        books: br#"[{"title":"Dune"}]"#.to_vec(),
    };
    let answer: () = client(&server).send(replace).await.expect("a success");
    assert_eq!(answer, ());
}

#[tokio::test]
async fn an_error_answer_to_a_bodiless_operation_is_still_read() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404).set_body_string(
            r#"{"error":{"code":"NotFound","message":"No shelf.","innerError":{"request-id":"r1"}}}"#,
        ))
        .mount(&server)
        .await;
    let replace = ReplaceBooks {
        shelf: "x".into(),
        books: b"[]".to_vec(),
    };
    let error = client(&server).send(replace).await.expect_err("a 404");
    let graph = error.graph_error().expect("the service's error");
    assert_eq!(
        (graph.code.as_str(), graph.request_id.as_deref()),
        ("NotFound", Some("r1"))
    );
}

#[tokio::test]
async fn an_invalid_operation_is_not_sent() {
    let server = MockServer::start().await;
    let replace = ReplaceBooks {
        shelf: String::new(),
        books: b"[]".to_vec(),
    };
    let error = client(&server).send(replace).await.expect_err("invalid");
    let ClientError::Invalid(errors) = error else {
        panic!("expected a validation error, got {error:?}")
    };
    assert!(errors.find("", ViolationCode::InvalidTarget).is_some());
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

/// `GET /books?$count=true`, which needs `ConsistencyLevel: eventual` on every page.
struct CountBooks;

impl Operation for CountBooks {
    type Response = codegen_runtime::paging::Page<serde_json::Value>;
    type Version = Version;
    type Cloud = Cloud;
    const METHOD: http::Method = http::Method::GET;
    const SUCCESS: u16 = 200;
    const VERSIONS: &'static [Version] = &[Version];
    const CLOUDS: &'static [Cloud] = &[Cloud];
    const APPLICATION_PERMISSIONS: &'static [&'static str] = &[];

    fn into_request(
        self,
        version: Version,
        cloud: Cloud,
    ) -> Result<http::Request<Vec<u8>>, ValidationErrors> {
        let headers = [("consistencylevel", "eventual")];
        requests::request::<Self>(
            version,
            cloud,
            "/books?$count=true",
            &headers,
            [],
            Vec::new(),
        )
    }
}

#[tokio::test]
async fn every_page_is_sent_with_the_headers_of_the_first() {
    use futures_util::TryStreamExt as _;

    let server = MockServer::start().await;
    let next = format!("{}/v2/books?$count=true&$skiptoken=2", server.uri());
    Mock::given(wiremock::matchers::query_param("$skiptoken", "2"))
        .and(header("consistencylevel", "eventual"))
        .and(header("authorization", "Bearer t0k3n"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value": [3]}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/books"))
        .and(header("consistencylevel", "eventual"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"value": [1, 2], "@odata.count": 3, "@odata.nextLink": "{next}"}}"#
        )))
        .mount(&server)
        .await;
    let items: Vec<serde_json::Value> = client(&server)
        .items(CountBooks)
        .try_collect()
        .await
        .expect("every item");
    assert_eq!(items, [1, 2, 3]);
}
