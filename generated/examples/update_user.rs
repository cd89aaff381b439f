//! Sets a user's department: `GRAPH_TOKEN=... cargo run -p graph-education --features client
//! --example update_user -- <user id> <department>`.

use std::time::Duration;

use graph_education::client::{AccessToken, Client, RetryPolicy};
use graph_education::operations::UpdateEducationUser;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(id), Some(department)) = (args.next(), args.next()) else {
        return Err("usage: update_user <user id> <department>".into());
    };
    // Any `Fn() -> impl Future<Output = Result<AccessToken, BoxError>>` can refresh tokens instead.
    let token = AccessToken::new(std::env::var("GRAPH_TOKEN")?);
    let client = Client::new(token)?
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy {
            max_attempts: 4,
            ..RetryPolicy::default()
        });

    let update = UpdateEducationUser::users(id).department(department);
    match client.send(update).await {
        Ok(user) => println!("department is now {:?}", user.department.value()),
        Err(error) => {
            if let Some(graph) = error.graph_error() {
                eprintln!(
                    "Graph error {} (request id {:?})",
                    graph.code, graph.request_id
                );
            }
            return Err(error.into());
        }
    }
    Ok(())
}
