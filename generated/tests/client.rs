//! The optional async client (feature `client`) against HTTP servers on 127.0.0.1 that the tests
//! start: wiremock for the answers, a bare socket where the test must see the connection itself.
//! Every test is bounded in time.
#![cfg(feature = "client")]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use graph_education::client::{AccessToken, BoxError, Client, ClientError, RetryPolicy};
use graph_education::models::{
    ContactRelationship, EducationUser, EducationUserProperty, PasswordProfile, RelatedContact,
};
use graph_education::operations::{
    CreateEducationUser, DeleteEducationUser, GetEducationUser, UpdateEducationUser,
    UpdateRelatedContacts,
};
use graph_education::requests::{ApiVersion, Cloud, Operation};
use graph_education::{Field, ViolationCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "t0k3n-that-must-not-leak";
const USER: &str = include_str!("data/full_user_response.json");
const USER_PATH: &str = "/v1.0/education/users/42";

/// Fails the test instead of hanging it.
async fn bounded<F: Future>(test: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), test)
        .await
        .expect("the test finished within 20 s")
}

/// A client for `server`, retrying quickly so that the tests stay short.
fn client(server: &MockServer) -> Client<AccessToken> {
    Client::new(AccessToken::new(TOKEN))
        .expect("a client")
        .root(server.uri().parse().expect("a URL"))
        .retry(RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(10),
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(40),
        })
}

fn update() -> UpdateEducationUser<'static> {
    UpdateEducationUser::users("42").department("Mathematics")
}

fn json_response(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

async fn requests_received(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("the server records requests")
        .len()
}

#[tokio::test]
async fn sends_the_request_with_the_token_and_returns_the_updated_user() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path(USER_PATH))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(header("content-type", "application/json"))
            .and(body_json(json!({"department": "Mathematics"})))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .expect(1)
            .mount(&server)
            .await;

        let user: EducationUser = client(&server).send(update()).await.expect("the update");
        assert_eq!(
            user.id,
            Field::Value("f6ab2a7c-b5b2-4a3c-9a41-0b3fa4bcd8c3".to_string())
        );
        assert_eq!(
            user,
            graph_education::from_json(USER).expect("the same user")
        );
    })
    .await;
}

#[tokio::test]
async fn sends_the_related_contacts_replace_in_beta() {
    bounded(async {
        let server = MockServer::start().await;
        let mut contact = RelatedContact::default();
        contact.display_name = Field::Value("Father Time".into());
        contact.email_address = Field::Value("father@time.com".into());
        contact.relationship = Field::Value(ContactRelationship::Guardian);
        Mock::given(method("PATCH"))
            .and(path("/beta/education/users/42"))
            .and(body_json(json!({"relatedContacts": [{
                "displayName": "Father Time",
                "emailAddress": "father@time.com",
                "relationship": "guardian",
            }]})))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .expect(1)
            .mount(&server)
            .await;

        let operation = UpdateRelatedContacts::users("42", [contact]);
        client(&server).send(operation).await.expect("the replace");
    })
    .await;
}

#[tokio::test]
async fn a_get_sends_its_selection_and_returns_the_user() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(USER_PATH))
            .and(query_param("$select", "id,displayName"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .expect(1)
            .mount(&server)
            .await;

        let get = GetEducationUser::users("42").select([
            EducationUserProperty::Id,
            EducationUserProperty::DisplayName,
        ]);
        let user: EducationUser = client(&server).send(get).await.expect("the get");
        assert_eq!(
            user,
            graph_education::from_json(USER).expect("the same user")
        );
    })
    .await;
}

#[tokio::test]
async fn a_create_is_answered_201_with_the_created_user() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1.0/education/users"))
            .and(header("content-type", "application/json"))
            .and(body_json(json!({
                "accountEnabled": false,
                "displayName": "Ann Ng",
                "mailNickname": "annng",
                "passwordProfile": {},
                "userPrincipalName": "annng@contoso.com",
            })))
            .respond_with(ResponseTemplate::new(201).set_body_raw(USER, "application/json"))
            .expect(1)
            .mount(&server)
            .await;

        let create = CreateEducationUser::users(
            false,
            "Ann Ng",
            "annng",
            PasswordProfile::default(),
            "annng@contoso.com",
        );
        let user: EducationUser = client(&server).send(create).await.expect("the create");
        assert_eq!(user, graph_education::from_json(USER).expect("the user"));
    })
    .await;
}

#[tokio::test]
async fn a_delete_is_answered_204_with_no_body_and_returns_unit() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path(USER_PATH))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;

        let deleted: () = client(&server)
            .send(DeleteEducationUser::users("42"))
            .await
            .expect("the delete");
        assert_eq!(deleted, ());
        let received = server.received_requests().await.expect("recorded");
        assert!(received[0].body.is_empty());
        assert!(!received[0].headers.contains_key("content-type"));
    })
    .await;
}

#[tokio::test]
async fn execute_sends_a_request_built_beforehand_to_the_clouds_path() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path("/beta/education/me"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .expect(1)
            .mount(&server)
            .await;
        let request = UpdateEducationUser::me()
            .account_enabled(false)
            .build_for(ApiVersion::Beta, Cloud::Global)
            .expect("a valid request");
        client(&server)
            .execute::<UpdateEducationUser>(request)
            .await
            .expect("the update");
    })
    .await;
}

#[tokio::test]
async fn a_graph_error_body_becomes_a_typed_error() {
    bounded(async {
        let server = MockServer::start().await;
        let body = json!({"error": {
            "code": "Request_ResourceNotFound",
            "message": "Resource '42' does not exist.",
            "innerError": {
                "date": "2026-11-23T10:00:00",
                "request-id": "0b1c8a0e-request",
                "client-request-id": "7d9f-client",
                "innerError": {"code": "deeper"}
            }
        }});
        Mock::given(method("PATCH"))
            .respond_with(json_response(404, body).insert_header("request-id", "header-id"))
            .expect(1)
            .mount(&server)
            .await;

        let error = client(&server).send(update()).await.expect_err("a 404");
        let ClientError::Graph(graph) = &error else {
            panic!("expected a Graph error, got {error:?}")
        };
        assert_eq!(graph.status, 404);
        assert_eq!(graph.code, "Request_ResourceNotFound");
        assert_eq!(graph.message, "Resource '42' does not exist.");
        assert_eq!(graph.request_id.as_deref(), Some("0b1c8a0e-request"));
        assert_eq!(graph.client_request_id.as_deref(), Some("7d9f-client"));
        assert_eq!(graph.date.as_deref(), Some("2026-11-23T10:00:00"));
        assert_eq!(graph.inner_error["innerError"], json!({"code": "deeper"}));
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
        assert_eq!(
            error.to_string(),
            "Graph answered 404 Not Found: Request_ResourceNotFound: Resource '42' does not \
             exist. (request id 0b1c8a0e-request)"
        );
    })
    .await;
}

#[tokio::test]
async fn a_minimal_graph_error_takes_its_request_id_from_the_header() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(
                json_response(
                    403,
                    json!({"error": {"code": "Authorization_RequestDenied"}}),
                )
                .insert_header("request-id", "from-the-header"),
            )
            .mount(&server)
            .await;

        let error = client(&server).send(update()).await.expect_err("a 403");
        let graph = error.graph_error().expect("a Graph error");
        assert_eq!(graph.code, "Authorization_RequestDenied");
        assert_eq!(graph.message, "");
        assert_eq!(graph.request_id.as_deref(), Some("from-the-header"));
        assert!(graph.inner_error.is_empty());
    })
    .await;
}

#[tokio::test]
async fn error_bodies_not_in_graphs_shape_are_reported_not_panicked_on() {
    let cases: [(&str, &[u8], &str, &str); 5] = [
        (
            "text/html",
            b"<html>Bad gateway</html>",
            "the body is not JSON",
            "text/html",
        ),
        (
            "application/json",
            br#"{"error": {"code": "Request_Bad", "mess"#,
            "the body is not JSON: EOF while parsing",
            "application/json",
        ),
        (
            "application/json",
            br#"{"message": "no envelope"}"#,
            "no `error` object",
            "application/json",
        ),
        (
            "application/json",
            br#"{"error": {"code": 7}}"#,
            "`/error/code` is missing",
            "application/json",
        ),
        (
            "application/json",
            b"",
            "the body is empty",
            "application/json",
        ),
    ];
    bounded(async {
        for (content_type, body, problem, shown_type) in cases {
            let server = MockServer::start().await;
            Mock::given(method("PATCH"))
                .respond_with(
                    ResponseTemplate::new(502)
                        .set_body_raw(body, content_type)
                        .insert_header("request-id", "r-1"),
                )
                .expect(1)
                .mount(&server)
                .await;

            let error = client(&server).send(update()).await.expect_err("a 502");
            let ClientError::UnreadableError(unreadable) = &error else {
                panic!("expected an unreadable error, got {error:?}")
            };
            assert_eq!(unreadable.status, 502);
            assert!(
                unreadable.problem.contains(problem),
                "{}",
                unreadable.problem
            );
            assert_eq!(unreadable.content_type.as_deref(), Some(shown_type));
            assert_eq!(unreadable.request_id.as_deref(), Some("r-1"));
            assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_success_body_that_does_not_fit_the_model_names_the_pointer() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(json_response(
                200,
                json!({"id": "1", "accountEnabled": "yes"}),
            ))
            .mount(&server)
            .await;

        let error = client(&server)
            .send(update())
            .await
            .expect_err("a bad body");
        let ClientError::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert_eq!(decode.status, 200);
        assert_eq!(decode.error.pointer(), "/accountEnabled");
    })
    .await;
}

#[tokio::test]
async fn a_truncated_success_body_is_a_decode_error() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(&USER[..200], "application/json"))
            .mount(&server)
            .await;

        let error = client(&server).send(update()).await.expect_err("a cut body");
        assert!(
            matches!(&error, ClientError::Decode(decode) if decode.error.to_string().contains("EOF")),
            "{error:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn throttling_is_retried_after_the_time_retry_after_asks_for() {
    bounded(async {
        // Whole seconds, and fractional ones as Graph sends them.
        for (retry_after, asked) in [
            ("1", Duration::from_secs(1)),
            ("0.3", Duration::from_millis(300)),
        ] {
            let server = MockServer::start().await;
            Mock::given(method("PATCH"))
                .respond_with(
                    json_response(429, json!({"error": {"code": "TooManyRequests"}}))
                        .insert_header("retry-after", retry_after),
                )
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("PATCH"))
                .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
                .mount(&server)
                .await;

            let started = Instant::now();
            client(&server)
                .send(update())
                .await
                .expect("the retry succeeds");
            let elapsed = started.elapsed();
            assert_eq!(requests_received(&server).await, 2);
            // The backoff alone would wait at most 40 ms.
            assert!(
                elapsed >= asked,
                "retried after {elapsed:?}, asked {retry_after}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    bounded(async {
        let server = MockServer::start().await;
        let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", at.as_str()))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .mount(&server)
            .await;

        let started = Instant::now();
        client(&server)
            .send(update())
            .await
            .expect("the retry succeeds");
        // HTTP dates have whole seconds: the wait is between 1 and 2 s.
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(requests_received(&server).await, 2);
    })
    .await;
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error_with_the_attempts() {
    bounded(async {
        for status in [429, 503, 504] {
            let server = MockServer::start().await;
            Mock::given(method("PATCH"))
                .respond_with(json_response(
                    status,
                    json!({"error": {"code": "Throttled"}}),
                ))
                .expect(3)
                .mount(&server)
                .await;

            let error = client(&server).send(update()).await.expect_err("throttled");
            let ClientError::RetriesExhausted { attempts, last } = &error else {
                panic!("expected exhausted retries, got {error:?}")
            };
            assert_eq!(*attempts, 3);
            assert!(matches!(**last, ClientError::Graph(_)), "{last:?}");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert_eq!(
                error.graph_error().map(|e| e.code.as_str()),
                Some("Throttled")
            );
            assert_eq!(requests_received(&server).await, 3);
        }
    })
    .await;
}

#[tokio::test]
async fn a_retry_after_past_the_time_limit_gives_up_at_once() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
            .mount(&server)
            .await;

        let started = Instant::now();
        let error = client(&server).send(update()).await.expect_err("throttled");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(
            matches!(error, ClientError::RetriesExhausted { attempts: 1, .. }),
            "{error:?}"
        );
        assert_eq!(requests_received(&server).await, 1);
    })
    .await;
}

#[tokio::test]
async fn nothing_but_throttling_is_retried() {
    bounded(async {
        for status in [400, 401, 404, 409, 500, 502] {
            let server = MockServer::start().await;
            Mock::given(method("PATCH"))
                .respond_with(json_response(status, json!({"error": {"code": "No"}})))
                .mount(&server)
                .await;

            let error = client(&server).send(update()).await.expect_err("an error");
            assert!(
                matches!(error, ClientError::Graph(_)),
                "{status}: {error:?}"
            );
            assert_eq!(requests_received(&server).await, 1, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout_and_is_not_retried() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(USER, "application/json")
                    .set_delay(Duration::from_secs(5)),
            )
            .mount(&server)
            .await;

        let started = Instant::now();
        let timeout = Duration::from_millis(200);
        let error = client(&server)
            .timeout(timeout)
            .send(update())
            .await
            .expect_err("too slow");
        assert!(
            matches!(error, ClientError::Timeout(t) if t == timeout),
            "{error:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(4));
        assert_eq!(requests_received(&server).await, 1);
    })
    .await;
}

#[tokio::test]
async fn dropping_the_future_closes_the_connection() {
    bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let root = format!("http://{}", listener.local_addr().expect("an address"));
        let client = Client::new(AccessToken::new(TOKEN))
            .expect("a client")
            .root(root.parse().expect("a URL"));

        let call = tokio::spawn(async move { client.send(update()).await });
        let (mut socket, _) = listener.accept().await.expect("the request's connection");
        let mut request = vec![0; 4096];
        let read = socket.read(&mut request).await.expect("the request");
        assert!(request[..read].starts_with(b"PATCH /v1.0/education/users/42 "));

        call.abort();
        assert!(call.await.expect_err("aborted").is_cancelled());
        // The server never answered; the client's side of the connection is closed.
        let mut rest = [0; 64];
        let closed = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut rest)).await;
        assert!(
            matches!(closed, Ok(Ok(0)) | Ok(Err(_))),
            "the connection stayed open: {closed:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_body_cut_short_by_the_connection_is_a_transport_error() {
    bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let root = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("a connection");
            let mut request = vec![0; 4096];
            let _ = socket.read(&mut request).await;
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n";
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(br#"{"id": "1""#).await;
            // Dropping the socket ends the body 490 bytes early.
        });
        let client = Client::new(AccessToken::new(TOKEN))
            .expect("a client")
            .root(root.parse().expect("a URL"));

        let error = client.send(update()).await.expect_err("a cut body");
        assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn the_token_source_is_asked_before_every_attempt() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(header("authorization", "Bearer token-1"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .and(header("authorization", "Bearer token-2"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .mount(&server)
            .await;

        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let tokens = move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, BoxError>(AccessToken::new(format!("token-{n}"))) }
        };
        let client = Client::new(tokens)
            .expect("a client")
            .root(server.uri().parse().expect("a URL"))
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(10),
                ..RetryPolicy::default()
            });
        client
            .send(update())
            .await
            .expect("the second attempt succeeds");
        assert_eq!(asked.load(Ordering::SeqCst), 2);
    })
    .await;
}

#[tokio::test]
async fn nothing_is_sent_without_a_token_or_with_an_invalid_request() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
            .expect(0)
            .mount(&server)
            .await;
        let root: reqwest::Url = server.uri().parse().expect("a URL");

        let failing =
            || async { Err::<AccessToken, BoxError>("the identity platform is down".into()) };
        let error = Client::new(failing)
            .expect("a client")
            .root(root.clone())
            .send(update())
            .await
            .expect_err("no token");
        assert!(matches!(error, ClientError::Token(_)), "{error:?}");
        assert!(error.to_string().contains("the identity platform is down"));

        let error = client(&server)
            .send(UpdateEducationUser::users("42").usage_location("Germany"))
            .await
            .expect_err("invalid");
        let ClientError::Invalid(errors) = &error else {
            panic!("expected a validation error, got {error:?}")
        };
        assert_eq!(
            errors.violations()[0].code,
            ViolationCode::InvalidCountryCode
        );

        // The relatedContacts replace exists in beta only.
        let error = client(&server)
            .send_for(UpdateRelatedContacts::users("42", []), ApiVersion::V1_0)
            .await
            .expect_err("not in v1.0");
        assert!(matches!(error, ClientError::Invalid(_)), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn the_token_never_shows_in_debug_output_or_errors() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(json_response(
                401,
                json!({"error": {"code": "InvalidAuthenticationToken"}}),
            ))
            .mount(&server)
            .await;
        let client = client(&server);
        let error = client.send(update()).await.expect_err("a 401");

        for shown in [
            format!("{client:?}"),
            format!("{error:?}"),
            error.to_string(),
            format!("{:?}", AccessToken::new(TOKEN)),
        ] {
            assert!(!shown.contains(TOKEN), "{shown}");
        }
        assert_eq!(AccessToken::new(TOKEN).secret(), TOKEN);
    })
    .await;
}

#[test]
fn backoff_doubles_with_jitter_up_to_its_cap() {
    let policy = RetryPolicy {
        max_attempts: 10,
        max_elapsed: Duration::from_secs(60),
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(800),
    };
    for (retry, ceiling) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 800), (30, 800)] {
        let ceiling = Duration::from_millis(ceiling);
        let waits: Vec<Duration> = (0..50).map(|_| policy.backoff(retry)).collect();
        for wait in &waits {
            assert!(
                *wait >= ceiling / 2 && *wait <= ceiling,
                "retry {retry}: {wait:?}"
            );
        }
        assert!(
            waits.iter().any(|w| *w != waits[0]),
            "retry {retry}: no jitter"
        );
    }
    assert_eq!(RetryPolicy::never().max_attempts, 1);
}

#[test]
fn every_operation_builds_its_request_through_the_trait() {
    let request = update()
        .into_request(ApiVersion::Beta, Cloud::Global)
        .expect("valid");
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/beta/education/users/42"
    );
}

fn user(id: &str) -> serde_json::Value {
    json!({"id": id, "displayName": format!("User {id}")})
}

#[tokio::test]
async fn pages_follow_next_links_as_given_through_an_empty_page_to_the_last() {
    use futures_util::TryStreamExt as _;
    use graph_education::models::EducationUserFilter as F;
    use graph_education::operations::ListEducationUsers;

    bounded(async {
        let server = MockServer::start().await;
        let base = format!("{}/v1.0/education/users", server.uri());
        let pages = [
            (
                None,
                json!({"value": [user("1"), user("2")], "@odata.count": 3,
                "@odata.nextLink": format!("{base}?$top=2&$skiptoken=p2")}),
            ),
            (
                Some("p2"),
                json!({"value": [], "@odata.nextLink": format!("{base}?$top=2&$skiptoken=p3")}),
            ),
            (Some("p3"), json!({"value": [user("3")]})),
        ];
        for (token, body) in pages {
            let mock = Mock::given(method("GET"))
                .and(path("/v1.0/education/users"))
                .and(query_param("$top", "2"))
                .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
            let mock = match token {
                Some(token) => mock.and(query_param("$skiptoken", token)),
                None => mock
                    .and(query_param("$filter", "accountEnabled eq true"))
                    .and(query_param("$count", "true")),
            };
            mock.respond_with(json_response(200, body))
                .expect(1)
                .mount(&server)
                .await;
        }
        let list = || {
            ListEducationUsers::users()
                .top(2)
                .count(true)
                .filter(F::ACCOUNT_ENABLED.eq(true))
        };
        let client = client(&server);
        let pages: Vec<_> = client
            .pages(list())
            .try_collect()
            .await
            .expect("three pages");
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].count, Some(3));
        assert!(pages[1].value.is_empty() && pages[1].next_link.is_some());
        assert!(pages[2].next_link.is_none());
    })
    .await;
}

#[tokio::test]
async fn items_flatten_every_page_in_order() {
    use futures_util::TryStreamExt as _;
    use graph_education::operations::ListEducationUsers;

    bounded(async {
        let server = MockServer::start().await;
        let next = format!("{}/v1.0/education/users?$skiptoken=2", server.uri());
        Mock::given(query_param("$skiptoken", "2"))
            .respond_with(json_response(200, json!({"value": [user("c")]})))
            .mount(&server)
            .await;
        Mock::given(path("/v1.0/education/users"))
            .respond_with(json_response(
                200,
                json!({"value": [user("a"), user("b")], "@odata.nextLink": next}),
            ))
            .mount(&server)
            .await;
        let users: Vec<EducationUser> = client(&server)
            .items(ListEducationUsers::users())
            .try_collect()
            .await
            .expect("every user");
        let ids: Vec<&str> = users
            .iter()
            .filter_map(|u| u.id.value())
            .map(String::as_str)
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
    })
    .await;
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused_before_anything_is_sent_to_it() {
    use futures_util::StreamExt as _;
    use graph_education::operations::ListEducationUsers;

    bounded(async {
        let server = MockServer::start().await;
        let elsewhere = MockServer::start().await;
        Mock::given(path("/v1.0/education/users"))
            .respond_with(json_response(
                200,
                json!({"value": [user("1")],
                       "@odata.nextLink": format!("{}/v1.0/education/users?$skiptoken=2", elsewhere.uri())}),
            ))
            .mount(&server)
            .await;
        let client = client(&server);
        let pages: Vec<_> = client.pages(ListEducationUsers::users()).collect().await;
        assert_eq!(pages.len(), 2, "the first page, then the refusal");
        assert!(pages[0].is_ok());
        let Err(ClientError::Invalid(errors)) = &pages[1] else {
            panic!("refused: {:?}", pages[1]);
        };
        assert_eq!(errors.violations()[0].code, ViolationCode::ForeignLink);
        assert_eq!(requests_received(&elsewhere).await, 0, "no token went there");
        assert_eq!(requests_received(&server).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_delta_round_runs_to_its_delta_link_and_resumes_from_it() {
    use graph_education::client::DeltaSync;
    use graph_education::operations::DeltaEducationUsers;
    use graph_education::paging::{DeltaItem, RemovalReason};

    bounded(async {
        let server = MockServer::start().await;
        let delta = format!("{}/v1.0/education/users/delta", server.uri());
        let answers = [
            (None, json!({"value": [user("1"), user("2")], "@odata.nextLink": format!("{delta}?$skiptoken=s2")})),
            (Some(("$skiptoken", "s2")), json!({"value": [{"id": "2", "department": "Art"}], "@odata.nextLink": format!("{delta}?$skiptoken=s3")})),
            (Some(("$skiptoken", "s3")), json!({"value": [{"id": "3", "@removed": {"reason": "deleted"}}], "@odata.deltaLink": format!("{delta}?$deltatoken=d1")})),
            (Some(("$deltatoken", "d1")), json!({"value": [{"id": "1", "@removed": {"reason": "changed"}}], "@odata.deltaLink": format!("{delta}?$deltatoken=d2")})),
        ];
        for (token, body) in answers {
            let mock = Mock::given(method("GET")).and(path("/v1.0/education/users/delta"));
            let mock = match token {
                Some((name, value)) => mock.and(query_param(name, value)),
                None => mock.and(wiremock::matchers::query_param_is_missing("$skiptoken"))
                    .and(wiremock::matchers::query_param_is_missing("$deltatoken")),
            };
            mock.respond_with(json_response(200, body)).expect(1).mount(&server).await;
        }
        let client = client(&server);
        let DeltaSync::Round(round) = client.delta(DeltaEducationUsers::users()).await.expect("a round") else {
            panic!("a complete round");
        };
        assert_eq!(round.items.len(), 4);
        let DeltaItem::Changed(partial) = &round.items[2] else { panic!("a change") };
        assert!(partial.display_name.is_absent());
        assert_eq!(partial.department.value().map(String::as_str), Some("Art"));
        let DeltaItem::Removed(removed) = &round.items[3] else { panic!("a removal") };
        assert_eq!((removed.id.as_str(), &removed.reason), ("3", &RemovalReason::Deleted));
        // The link is handed out for the cloud, as stored links must be, whatever `root` is.
        assert_eq!(
            round.delta_link.as_str(),
            "https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=d1"
        );

        let stored = serde_json::to_string(&round.delta_link).expect("stored");
        let link = serde_json::from_str(&stored).expect("read back after a restart");
        let DeltaSync::Round(next) = client.delta(DeltaEducationUsers::from_link(link)).await.expect("a round") else {
            panic!("a complete round");
        };
        assert!(matches!(&next.items[..], [DeltaItem::Removed(r)] if r.reason == RemovalReason::Changed));
        assert!(next.delta_link.as_str().ends_with("$deltatoken=d2"));
    })
    .await;
}

#[tokio::test]
async fn an_expired_delta_token_asks_for_a_restart() {
    use graph_education::client::DeltaSync;
    use graph_education::operations::DeltaEducationUsers;
    use graph_education::paging::DeltaLink;

    bounded(async {
        let server = MockServer::start().await;
        Mock::given(query_param("$deltatoken", "expired"))
            .respond_with(json_response(
                400,
                json!({"error": {"code": "syncStateNotFound", "message": "The sync state is gone."}}),
            ))
            .mount(&server)
            .await;
        Mock::given(query_param("$deltatoken", "gone"))
            .respond_with(ResponseTemplate::new(410).insert_header("location", "https://graph.microsoft.com/v1.0/education/users/delta"))
            .mount(&server)
            .await;
        Mock::given(query_param("$deltatoken", "forbidden"))
            .respond_with(json_response(403, json!({"error": {"code": "accessDenied", "message": "No."}})))
            .mount(&server)
            .await;
        let client = client(&server);
        let link = |token: &str| {
            DeltaEducationUsers::from_link(DeltaLink::new(format!(
                "https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken={token}"
            )))
        };
        for token in ["expired", "gone"] {
            let outcome = client.delta(link(token)).await.expect("not an error");
            assert!(matches!(outcome, DeltaSync::Restart(_)), "{token}: {outcome:?}");
        }
        let error = client.delta(link("forbidden")).await.expect_err("an error");
        assert_eq!(error.graph_error().map(|e| e.code.as_str()), Some("accessDenied"));
    })
    .await;
}

/// Answers each `$batch` item by its id: `plan(id, attempt)` gives its status, headers and
/// body; the attempt counts from 1 per id.
struct BatchServer {
    attempts: std::sync::Mutex<std::collections::HashMap<String, u32>>,
    plan: fn(&str, u32) -> (u16, serde_json::Value, serde_json::Value),
}

impl wiremock::Respond for BatchServer {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let batch: serde_json::Value = serde_json::from_slice(&request.body).expect("a batch");
        let mut attempts = self.attempts.lock().expect("not poisoned");
        let responses: Vec<serde_json::Value> = batch["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .rev() // in another order than asked
            .map(|item| {
                let id = item["id"].as_str().expect("an id").to_owned();
                let attempt = attempts.entry(id.clone()).or_default();
                *attempt += 1;
                let (status, headers, body) = (self.plan)(&id, *attempt);
                json!({"id": id, "status": status, "headers": headers, "body": body})
            })
            .collect();
        json_response(200, json!({ "responses": responses }))
    }
}

#[tokio::test]
async fn a_batch_retries_throttled_items_after_their_retry_after_and_reports_each_outcome() {
    use graph_education::batch::{Batch, ItemError};

    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1.0/$batch"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(BatchServer {
                attempts: Default::default(),
                plan: |id, attempt| match (id, attempt) {
                    ("1", _) => (
                        404,
                        json!({}),
                        json!({"error": {"code": "Request_ResourceNotFound", "message": "Gone."}}),
                    ),
                    ("2" | "3", 1) => (
                        429,
                        json!({"Retry-After": "0.25"}),
                        json!({"error": {"code": "TooManyRequests"}}),
                    ),
                    ("3", 2) => (
                        503,
                        json!({"Retry-After": "0.1"}),
                        json!({"error": {"code": "serviceNotAvailable"}}),
                    ),
                    _ => (200, json!({}), json!({"id": id, "department": "Art"})),
                },
            })
            .mount(&server)
            .await;
        let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
        let handles: Vec<_> = (0..4)
            .map(|i| batch.push(UpdateEducationUser::users(i.to_string()).department("Art")))
            .collect();
        let invalid = batch.push(UpdateEducationUser::users("").department("Art"));
        let mut rounds = Vec::new();
        let started = Instant::now();
        let report = client(&server)
            .send_batch(batch, 2, |progress| rounds.push(*progress))
            .await;
        assert!(
            started.elapsed() >= Duration::from_millis(350),
            "waited as asked"
        );
        let attempts: Vec<u32> = (0..5).map(|i| report.attempts(i)).collect();
        assert_eq!(attempts, [1, 1, 2, 3, 0]);
        let mut outcomes = report.outcomes;
        for i in [0, 2, 3] {
            let user = outcomes.take(handles[i]).expect("updated");
            assert_eq!(
                user.id.value().map(String::as_str),
                Some(i.to_string().as_str())
            );
        }
        let Err(ItemError::Graph(error)) = outcomes.take(handles[1]) else {
            panic!("a Graph error");
        };
        assert_eq!(error.code, "Request_ResourceNotFound");
        assert!(matches!(outcomes.take(invalid), Err(ItemError::Invalid(_))));
        let last = rounds.last().expect("progress was reported");
        assert_eq!(
            (
                last.total,
                last.succeeded,
                last.failed,
                last.retried,
                last.sent
            ),
            (5, 3, 2, 3, 7)
        );
        assert_eq!(rounds.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn items_still_throttled_when_the_policy_gives_up_keep_their_last_answer() {
    use graph_education::batch::{Batch, ItemError};

    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(BatchServer {
                attempts: Default::default(),
                plan: |_, _| {
                    (
                        429,
                        json!({"retry-after": "0.01"}),
                        json!({"error": {"code": "TooManyRequests"}}),
                    )
                },
            })
            .mount(&server)
            .await;
        let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
        let handle = batch.push(DeleteEducationUser::users("1"));
        let mut report = client(&server).send_batch(batch, 1, |_| {}).await;
        assert_eq!(report.attempts(0), 3, "the policy's max_attempts");
        let Err(ItemError::Graph(error)) = report.outcomes.take(handle) else {
            panic!("the last answer");
        };
        assert_eq!(error.status.as_u16(), 429);
    })
    .await;
}

#[tokio::test]
async fn a_batch_answered_400_or_cut_short_fails_each_of_its_items() {
    use graph_education::batch::{Batch, ItemError};

    bounded(async {
        for (status, body) in [
            (
                400,
                r#"{"error": {"code": "BadRequest", "message": "Invalid batch payload."}}"#,
            ),
            (200, r#"{"responses": [{"id": "0", "status": 20"#),
        ] {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
                .mount(&server)
                .await;
            let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
            let first = batch.push(DeleteEducationUser::users("1"));
            let second = batch.push(DeleteEducationUser::users("2"));
            let mut report = client(&server).send_batch(batch, 1, |_| {}).await;
            for handle in [first, second] {
                let Err(ItemError::Unanswered(why)) = report.outcomes.take(handle) else {
                    panic!("unanswered");
                };
                assert!(
                    why.contains(if status == 400 { "BadRequest" } else { "EOF" }),
                    "{why}"
                );
            }
            assert_eq!(report.progress.failed, 2);
        }
    })
    .await;
}
