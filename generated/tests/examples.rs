//! The example programs in `examples/`, run against a loopback server with no credentials:
//! their code is compiled into this test and called as the programs call it.
#![cfg(feature = "client")]

#[allow(dead_code)]
#[path = "../examples/list_users.rs"]
mod list_users;

#[allow(dead_code)]
#[path = "../examples/sync_users.rs"]
mod sync_users;

use std::time::Duration;

use graph_education::client::{AccessToken, Client};
use serde_json::json;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client<AccessToken> {
    Client::new(AccessToken::new("example-token"))
        .expect("a client")
        .root(server.uri().parse().expect("a URL"))
        .timeout(Duration::from_secs(10))
}

fn answer(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn list_users_prints_every_page_of_the_filtered_selection() {
    let server = MockServer::start().await;
    let next = format!("{}/v1.0/education/users?$skiptoken=2", server.uri());
    Mock::given(query_param("$skiptoken", "2"))
        .respond_with(answer(json!({"value": [
            {"id": "3", "displayName": "Cy", "userPrincipalName": "cy@contoso.com"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1.0/education/users"))
        .and(query_param(
            "$filter",
            "department eq 'Science ''A''' and accountEnabled eq true",
        ))
        .and(query_param("$select", "id,displayName,userPrincipalName"))
        .and(query_param("$orderby", "displayName"))
        .and(query_param("$top", "100"))
        .respond_with(answer(json!({"value": [
            {"id": "1", "displayName": "Ann", "userPrincipalName": "ann@contoso.com"},
            {"id": "2", "displayName": "Bo", "userPrincipalName": "bo@contoso.com"}
        ], "@odata.nextLink": next})))
        .expect(1)
        .mount(&server)
        .await;
    let mut out = Vec::new();
    let count = list_users::list(&client(&server), "Science 'A'", &mut out)
        .await
        .expect("listed");
    assert_eq!(count, 3);
    assert_eq!(
        String::from_utf8(out).expect("text"),
        "page 1: 2 users\n1\tAnn\tann@contoso.com\n2\tBo\tbo@contoso.com\n\
         page 2: 1 users\n3\tCy\tcy@contoso.com\n"
    );
}

#[tokio::test]
async fn sync_users_keeps_a_copy_in_step_across_runs_and_restarts_when_the_link_expired() {
    let server = MockServer::start().await;
    let delta = format!("{}/v1.0/education/users/delta", server.uri());
    let first_round = [
        (
            None,
            json!({"value": [{"id": "1", "displayName": "Ann", "department": "Art"}, {"id": "2", "displayName": "Bo"}],
                      "@odata.nextLink": format!("{delta}?$skiptoken=s2")}),
        ),
        (
            Some(("$skiptoken", "s2")),
            json!({"value": [{"id": "3", "displayName": "Cy"}],
                      "@odata.deltaLink": format!("{delta}?$deltatoken=d1")}),
        ),
        (
            Some(("$deltatoken", "d1")),
            json!({"value": [{"id": "1", "department": "Music"}, {"id": "2", "@removed": {"reason": "deleted"}}],
                      "@odata.deltaLink": format!("{delta}?$deltatoken=d2")}),
        ),
    ];
    for (token, body) in first_round {
        let mock = Mock::given(path("/v1.0/education/users/delta"));
        let mock = match token {
            Some((name, value)) => mock.and(query_param(name, value)),
            None => mock
                .and(wiremock::matchers::query_param_is_missing("$skiptoken"))
                .and(wiremock::matchers::query_param_is_missing("$deltatoken")),
        };
        mock.respond_with(answer(body)).mount(&server).await;
    }
    Mock::given(query_param("$deltatoken", "d2"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&server)
        .await;

    let directory = std::env::temp_dir().join(format!("sync-users-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a directory");
    let file = directory.join("users.json");
    let _ = std::fs::remove_file(&file);
    let client = client(&server);
    let read = |file: &std::path::Path| -> sync_users::State {
        serde_json::from_slice(&std::fs::read(file).expect("stored")).expect("JSON")
    };

    let first = sync_users::sync(&client, &file)
        .await
        .expect("a first round");
    assert_eq!(
        first,
        sync_users::Summary {
            changed: 3,
            removed: 0,
            restarted: false
        }
    );
    let state = read(&file);
    assert_eq!(state.users.len(), 3);
    assert_eq!(
        state.delta_link.as_ref().map(|link| link.as_str()),
        Some("https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=d1")
    );

    let second = sync_users::sync(&client, &file)
        .await
        .expect("changes since");
    assert_eq!(
        second,
        sync_users::Summary {
            changed: 1,
            removed: 1,
            restarted: false
        }
    );
    let state = read(&file);
    assert_eq!(state.users.keys().collect::<Vec<_>>(), ["1", "3"]);
    assert_eq!(
        state.users["1"]["displayName"], "Ann",
        "kept: the change did not have it"
    );
    assert_eq!(state.users["1"]["department"], "Music");

    let third = sync_users::sync(&client, &file).await.expect("a restart");
    assert_eq!(
        third,
        sync_users::Summary {
            changed: 3,
            removed: 0,
            restarted: true
        }
    );
    assert_eq!(read(&file).users.len(), 3);
    let _ = std::fs::remove_dir_all(&directory);
}
