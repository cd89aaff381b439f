//! Keeps a local copy of a tenant's users in step with Graph by delta rounds, the delta link
//! stored beside the copy: `GRAPH_TOKEN=... cargo run -p graph-education --features client
//! --example sync_users -- users.json`. The first run reads every user; each later run reads
//! what changed since the one before. `GRAPH_ROOT` sends the requests elsewhere.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use graph_education::client::{AccessToken, Client, DeltaSync};
use graph_education::models::EducationUser;
use graph_education::operations::DeltaEducationUsers;
use graph_education::paging::{DeltaItem, DeltaLink};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The local copy: every user as the service last described it, by id, and where to resume.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub delta_link: Option<DeltaLink>,
    pub users: BTreeMap<String, Value>,
}

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub changed: usize,
    pub removed: usize,
    /// The stored link had expired: the copy was rebuilt from a first round.
    pub restarted: bool,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let Some(file) = std::env::args().nth(1) else {
        return Err("usage: sync_users <state file>".into());
    };
    let mut client = Client::new(AccessToken::new(std::env::var("GRAPH_TOKEN")?))?;
    if let Ok(root) = std::env::var("GRAPH_ROOT") {
        client = client.root(root.parse()?);
    }
    let summary = sync(&client, Path::new(&file)).await?;
    println!("{summary:?}");
    Ok(())
}

/// Runs one delta round from the link stored in `file` (a first round without one), applies
/// its changes to the copy in `file`, and stores the copy with the round's delta link.
pub async fn sync(client: &Client<AccessToken>, file: &Path) -> Result<Summary, Box<dyn Error>> {
    let mut state: State = match std::fs::read(file) {
        Ok(bytes) => serde_json::from_slice(&bytes)?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => State::default(),
        Err(error) => return Err(error.into()),
    };
    let mut summary = Summary::default();
    let start = match state.delta_link.take() {
        Some(link) => DeltaEducationUsers::from_link(link),
        None => DeltaEducationUsers::users(),
    };
    let round = match client.delta(start).await? {
        DeltaSync::Round(round) => round,
        DeltaSync::Restart(_) => {
            // The token expired (7 days for education): rebuild the copy from scratch.
            summary.restarted = true;
            state.users.clear();
            match client.delta(DeltaEducationUsers::users()).await? {
                DeltaSync::Round(round) => round,
                DeltaSync::Restart(error) => return Err(error.into()),
            }
        }
    };
    for item in round.items {
        match item {
            DeltaItem::Changed(user) => {
                merge(&mut state.users, &user)?;
                summary.changed += 1;
            }
            DeltaItem::Removed(removal) => {
                state.users.remove(&removal.id);
                summary.removed += 1;
            }
        }
    }
    state.delta_link = Some(round.delta_link);
    // Written whole, then renamed over the old copy: a crash never leaves half a file.
    let temporary = file.with_extension("tmp");
    std::fs::write(&temporary, serde_json::to_vec_pretty(&state)?)?;
    std::fs::rename(&temporary, file)?;
    Ok(summary)
}

/// Applies a change: a new user whole, an existing one only the properties the change has (a
/// delta sends an updated user's id and at least what changed). Idempotent, as replays need.
fn merge(users: &mut BTreeMap<String, Value>, user: &EducationUser) -> Result<(), Box<dyn Error>> {
    let id = user
        .id
        .value()
        .ok_or("a changed user without an id")?
        .clone();
    let Value::Object(changes) = serde_json::to_value(user)? else {
        return Err("a user is a JSON object".into());
    };
    let entry = users
        .entry(id)
        .or_insert_with(|| Value::Object(Default::default()));
    if let Value::Object(known) = entry {
        known.extend(changes);
    }
    Ok(())
}
