//! Keeps a tenant's users in step with a roster: `GRAPH_TOKEN=... cargo run -p graph-education
//! --features client --example roster_sync -- roster.jsonl [--dry-run] [--key FIELD]
//! [--map FIELD=/json/pointer ...]`.
//!
//! Each line of the roster is a JSON object: the user's id (in `id`, or the `--key` field) and
//! the values the user must have, each at the property of its name or where `--map` puts it
//! (`--map grade=/student/grade`). The current users are listed, each compared with its line,
//! and only what differs is sent, in batches of 20 updates. `--dry-run` prints the planned
//! changes (secrets redacted) and sends nothing. `GRAPH_ROOT` sends the requests elsewhere.

pub mod roster;

use std::collections::HashMap;
use std::error::Error;

use futures_util::TryStreamExt as _;
use graph_education::client::{AccessToken, Client};
use graph_education::operations::ListEducationUsers;
use graph_education::requests::{ApiVersion, Cloud};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        return Err("usage: roster_sync <roster.jsonl> [--dry-run] [--key FIELD] [--map FIELD=/pointer ...]".into());
    };
    let dry_run = args.iter().any(|arg| arg == "--dry-run");
    let mut mapping = roster::Mapping::by_name().with_columns(values_of(&args, "--map"))?;
    if let Some(key) = values_of(&args, "--key").next() {
        mapping.key = key.to_owned();
    }
    let mut client = Client::new(AccessToken::new(std::env::var("GRAPH_TOKEN")?))?;
    if let Ok(root) = std::env::var("GRAPH_ROOT") {
        client = client.root(root.parse()?);
    }
    let output = run(&client, &std::fs::read_to_string(file)?, &mapping, dry_run).await?;
    print!("{output}");
    Ok(())
}

/// The values given to `flag` (`--map a=/b --map c=/d`).
fn values_of<'a>(args: &'a [String], flag: &'a str) -> impl Iterator<Item = &'a str> {
    args.windows(2)
        .filter(move |pair| pair[0] == flag)
        .map(|pair| pair[1].as_str())
}

/// Lists the current users, plans each line's update, and prints the plan (a dry run) or
/// sends it and prints the summary.
pub async fn run(
    client: &Client<AccessToken>,
    roster_text: &str,
    mapping: &roster::Mapping,
    dry_run: bool,
) -> Result<String, Box<dyn Error>> {
    let (desired, mut malformed) = roster::read_desired(roster_text, mapping);
    let current: HashMap<String, _> = client
        .items(ListEducationUsers::users())
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .filter_map(|user| Some((user.id.value()?.clone(), user)))
        .collect();
    let mut plan = roster::plan(desired, &current);
    malformed.append(&mut plan.rejected);
    malformed.sort_by_key(|row| row.line);
    plan.rejected = malformed;
    if dry_run {
        return Ok(roster::dry_run(&plan));
    }
    let rejected: Vec<String> = plan
        .rejected
        .iter()
        .map(|row| format!("line {}: {}\n", row.line, row.message))
        .collect();
    let target = (ApiVersion::V1_0, Cloud::Global);
    let summary = roster::apply(client, plan, target, 4, |progress| {
        eprintln!(
            "sent {}, succeeded {}, failed {}, retried {}",
            progress.sent, progress.succeeded, progress.failed, progress.retried
        );
    })
    .await;
    let mut out = rejected.concat();
    for (id, why) in &summary.failed {
        out.push_str(&format!("user {id} failed: {why}\n"));
    }
    out.push_str(&format!(
        "{} unchanged, {} updated, {} failed, {} lines rejected; {} requests, {} fewer than one PATCH per user\n",
        summary.unchanged,
        summary.updated,
        summary.failed.len(),
        summary.rejected,
        summary.requests,
        summary.requests_saved
    ));
    Ok(out)
}
