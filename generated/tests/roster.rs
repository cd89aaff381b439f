//! The roster sync example end to end against a loopback server: 1,000 users listed over
//! pages, a roster with changes for some, one malformed line and one unknown user, batches
//! with throttled items; and its dry run, with secrets redacted.
#![cfg(feature = "client")]

#[allow(dead_code)]
#[path = "../examples/roster_sync/main.rs"]
mod roster_sync;

use std::sync::Mutex;
use std::time::Duration;

use graph_education::client::{AccessToken, Client, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const USERS: usize = 1_000;

fn client(server: &MockServer) -> Client<AccessToken> {
    Client::new(AccessToken::new("roster-token"))
        .expect("a client")
        .root(server.uri().parse().expect("a URL"))
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(20),
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
        })
}

fn current_user(index: usize) -> Value {
    json!({"id": index.to_string(), "displayName": format!("User {index}"),
           "department": "Art", "student": {"grade": "9"}})
}

/// Serves the list of `USERS` users, 100 a page.
async fn mount_users(server: &MockServer) {
    for page in 0..USERS / 100 {
        let users: Vec<Value> = (page * 100..(page + 1) * 100).map(current_user).collect();
        let mut body = json!({ "value": users });
        if page + 1 < USERS / 100 {
            body["@odata.nextLink"] = json!(format!(
                "{}/v1.0/education/users?$skiptoken={}",
                server.uri(),
                page + 1
            ));
        }
        let mock = Mock::given(method("GET")).and(path("/v1.0/education/users"));
        let mock = if page == 0 {
            mock.and(wiremock::matchers::query_param_is_missing("$skiptoken"))
        } else {
            mock.and(query_param("$skiptoken", (page).to_string()))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }
}

/// Answers `$batch` requests: every user whose id ends in 4 is throttled the first time.
#[derive(Default)]
struct Graph {
    seen: Mutex<std::collections::HashSet<String>>,
    bodies: Mutex<Vec<Value>>,
}

impl Respond for Graph {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let batch: Value = serde_json::from_slice(&request.body).expect("a batch");
        let mut seen = self.seen.lock().expect("not poisoned");
        let responses: Vec<Value> = batch["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .map(|item| {
                self.bodies.lock().expect("not poisoned").push(item.clone());
                let url = item["url"].as_str().expect("a url").to_owned();
                let id = item["id"].as_str().expect("an id");
                if url.ends_with('4') && seen.insert(url.clone()) {
                    json!({"id": id, "status": 429, "headers": {"Retry-After": "0.02"},
                           "body": {"error": {"code": "TooManyRequests", "message": "Slow down."}}})
                } else {
                    json!({"id": id, "status": 200, "body": {"id": url.rsplit('/').next()}})
                }
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "responses": responses }))
    }
}

/// The roster: every user, those with an even number moved to Maths, every tenth one in
/// grade 10 (through `--map grade=/student/grade`); a malformed line and an unknown user.
fn roster() -> String {
    let mut lines: Vec<String> = (0..USERS)
        .map(|index| {
            let department = if index % 2 == 0 { "Maths" } else { "Art" };
            let grade = if index % 10 == 0 { "10" } else { "9" };
            json!({"userId": index.to_string(), "department": department, "grade": grade})
                .to_string()
        })
        .collect();
    lines.insert(500, r#"{"userId": "x", "department": "#.into());
    lines.push(json!({"userId": "unknown", "department": "Maths"}).to_string());
    lines.join("\n")
}

fn mapping() -> roster_sync::roster::Mapping {
    let mut mapping = roster_sync::roster::Mapping::by_name()
        .with_columns(["grade=/student/grade"])
        .expect("a mapping");
    mapping.key = "userId".into();
    mapping
}

#[tokio::test]
async fn a_thousand_users_are_synced_in_batches_with_throttled_items_retried() {
    let server = MockServer::start().await;
    mount_users(&server).await;
    let graph = std::sync::Arc::new(Graph::default());
    Mock::given(method("POST"))
        .and(path("/v1.0/$batch"))
        .respond_with(ArcResponder(graph.clone()))
        .mount(&server)
        .await;
    let output = tokio::time::timeout(
        Duration::from_secs(60),
        roster_sync::run(&client(&server), &roster(), &mapping(), false),
    )
    .await
    .expect("within a minute")
    .expect("synced");
    // 500 even users change department; of the odd ones, none change (grade 10 is only on
    // multiples of ten, which are even). The 100 ending in 4 are throttled once: 25 batches,
    // then 5 of their retries.
    assert_eq!(
        output,
        "line 501: not a JSON object (column 30)\n\
         line 1002: no such user in the current state\n\
         500 unchanged, 500 updated, 0 failed, 2 lines rejected; 30 requests, 570 fewer than one PATCH per user\n"
    );
    let bodies = graph.bodies.lock().expect("not poisoned");
    let first_of = |url: &str| {
        bodies
            .iter()
            .find(|item| item["url"] == url)
            .map(|item| item["body"].clone())
    };
    assert_eq!(
        first_of("/education/users/2"),
        Some(json!({"department": "Maths"}))
    );
    assert_eq!(
        first_of("/education/users/10"),
        Some(json!({"department": "Maths", "student": {"grade": "10"}}))
    );
    assert_eq!(
        first_of("/education/users/1"),
        None,
        "an unchanged user is not sent"
    );
}

struct ArcResponder(std::sync::Arc<Graph>);

impl Respond for ArcResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

#[tokio::test]
async fn the_dry_run_prints_each_change_with_secrets_redacted_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/education/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [
            current_user(1), current_user(2), current_user(3)
        ]})))
        .mount(&server)
        .await;
    let roster = [
        json!({"id": "1", "department": "Maths"}),
        json!({"id": "2", "department": "Art", "passwordProfile": {"password": "Tr0ub4dor&3", "forceChangePasswordNextSignIn": true}}),
        json!({"id": "3", "department": "Art"}),
        json!({"id": "1", "mail": "someone@contoso.com"}),
        json!({"id": "3", "student": {"grade": 10}}),
    ]
    .iter()
    .map(Value::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    let output = roster_sync::run(
        &client(&server),
        &roster,
        &roster_sync::roster::Mapping::by_name(),
        true,
    )
    .await
    .expect("planned");
    assert_eq!(
        output,
        "user 1 (line 1):\n  \
           /department: \"Maths\"\n\
         user 2 (line 2):\n  \
           /passwordProfile: {\"forceChangePasswordNextSignIn\":true,\"password\":\"<redacted>\"}\n\
         line 4: /mail: changed, but is read-only (read_only_changed)\n\
         line 5: /student/grade: a value of the wrong type\n\
         2 to update, 1 unchanged, 2 lines rejected; nothing was sent\n"
    );
    assert!(!output.contains("Tr0ub4dor"));
    let requests = server.received_requests().await.expect("recorded");
    assert!(
        requests
            .iter()
            .all(|request| request.method.as_str() == "GET"),
        "nothing was sent"
    );
}
