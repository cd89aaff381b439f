//! The roster sync example's dry run end to end, against a loopback server holding 1,000
//! users (10 pages of 100): listing them, reading a roster of 1,000 lines, planning each
//! user's update and printing the plan. `cargo bench -p graph-education --features client
//! --bench dry_run`; peak memory: run the built binary under `/usr/bin/time -f %M`.

#[allow(dead_code)]
#[path = "../examples/roster_sync/main.rs"]
mod roster_sync;

use std::time::{Duration, Instant};

use graph_education::client::{AccessToken, Client};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USERS: usize = 1_000;
const RUNS: usize = 10;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = MockServer::start().await;
        for page in 0..USERS / 100 {
            let users: Vec<_> = (page * 100..(page + 1) * 100)
                .map(|index| {
                    json!({"id": index.to_string(), "displayName": format!("User {index}"),
                           "department": "Art", "student": {"grade": "9"},
                           "passwordProfile": {"forceChangePasswordNextSignIn": false}})
                })
                .collect();
            let mut body = json!({ "value": users });
            if page + 1 < USERS / 100 {
                let next = format!("{}/v1.0/education/users?$skiptoken={}", server.uri(), page + 1);
                body["@odata.nextLink"] = json!(next);
            }
            let mock = Mock::given(method("GET")).and(path("/v1.0/education/users"));
            let mock = if page == 0 {
                mock.and(wiremock::matchers::query_param_is_missing("$skiptoken"))
            } else {
                mock.and(query_param("$skiptoken", page.to_string()))
            };
            mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
                .mount(&server)
                .await;
        }
        let roster: String = (0..USERS)
            .map(|index| {
                let department = if index % 2 == 0 { "Maths" } else { "Art" };
                let password = json!({"password": "Secret-1", "forceChangePasswordNextSignIn": true});
                let mut line = json!({"id": index.to_string(), "department": department});
                if index % 3 == 0 {
                    line["passwordProfile"] = password;
                }
                line.to_string() + "\n"
            })
            .collect();
        let client = Client::new(AccessToken::new("bench"))
            .expect("a client")
            .root(server.uri().parse().expect("a URL"));
        let mapping = roster_sync::roster::Mapping::by_name();
        let mut times = Vec::with_capacity(RUNS);
        let mut output = String::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            output = roster_sync::run(&client, &roster, &mapping, true)
                .await
                .expect("planned");
            times.push(started.elapsed());
        }
        times.sort_unstable();
        let median: Duration = times[RUNS / 2];
        println!(
            "dry run of {USERS} users (list of 10 pages, plan, report of {} lines): median {median:?} of {RUNS} runs (fastest {:?})",
            output.lines().count(),
            times[0]
        );
    });
}
