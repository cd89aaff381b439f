//! Roster sync, the library part: reads the desired state of users (JSON Lines, mapped onto
//! the model's properties), compares it with the current state (a list or a delta round),
//! plans the smallest update of each user (`diff`), and sends the updates as batches.

use std::collections::HashMap;
use std::fmt::Write as _;

use graph_education::batch::{Batch, ItemError};
use graph_education::client::{AccessToken, Client, Progress};
use graph_education::models::EducationUser;
use graph_education::operations::UpdateEducationUser;
use graph_education::requests::{ApiVersion, Cloud};
use serde_json::{Map, Value};

/// How the fields of an input line map onto a user: `key` names the field that holds the
/// user's id; each other field goes to the JSON pointer its column gives (`grade` to
/// `/student/grade`), or, without one, to the property of its own name (`department` to
/// `/department`).
#[derive(Clone, Debug)]
pub struct Mapping {
    pub key: String,
    pub columns: Vec<(String, String)>,
}

impl Mapping {
    /// Each field to the property of its name; the id in `id`.
    pub fn by_name() -> Self {
        Mapping {
            key: "id".into(),
            columns: Vec::new(),
        }
    }

    /// Reads `field=/json/pointer` pairs (the example's `--map` arguments).
    pub fn with_columns<'a>(
        mut self,
        pairs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, String> {
        for pair in pairs {
            let (field, pointer) = pair
                .split_once('=')
                .filter(|(field, pointer)| !field.is_empty() && pointer.starts_with('/'))
                .ok_or_else(|| format!("`{pair}` is not `field=/json/pointer`"))?;
            self.columns.push((field.to_owned(), pointer.to_owned()));
        }
        Ok(self)
    }

    fn pointer(&self, field: &str) -> String {
        self.columns
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, pointer)| pointer.clone())
            .unwrap_or_else(|| format!("/{}", field.replace('~', "~0").replace('/', "~1")))
    }
}

/// One line of the input: the user it is about and the values it wants, at their pointers.
#[derive(Clone, Debug)]
pub struct Desired {
    pub line: usize,
    pub id: String,
    pub values: Vec<(String, Value)>,
}

/// A line that could not be used, and why (never quoting its values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// Reads JSON Lines: one object per line; blank lines are skipped.
pub fn read_desired(text: &str, mapping: &Mapping) -> (Vec<Desired>, Vec<RowError>) {
    let mut desired = Vec::new();
    let mut errors = Vec::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
    {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| RowError {
            line: number,
            message,
        };
        let object: Map<String, Value> = match serde_json::from_str(line) {
            Ok(object) => object,
            Err(problem) => {
                errors.push(error(format!(
                    "not a JSON object (column {})",
                    problem.column()
                )));
                continue;
            }
        };
        let Some(id) = object.get(&mapping.key).and_then(Value::as_str) else {
            errors.push(error(format!("no string `{}`, the user's id", mapping.key)));
            continue;
        };
        let values = object
            .iter()
            .filter(|(field, _)| **field != mapping.key)
            .map(|(field, value)| (mapping.pointer(field), value.clone()))
            .collect();
        desired.push(Desired {
            line: number,
            id: id.to_owned(),
            values,
        });
    }
    (desired, errors)
}

/// The update planned for one user, and what it changes, secrets redacted.
pub struct Planned {
    pub line: usize,
    pub id: String,
    pub before: EducationUser,
    pub after: EducationUser,
    /// Each property the update sends, as a JSON pointer and the value sent.
    pub changes: Vec<(String, Value)>,
}

impl Planned {
    /// The smallest update from `before` to `after`, its strings borrowed from `after`.
    pub fn update(&self) -> Result<UpdateEducationUser<'_>, graph_education::ValidationErrors> {
        UpdateEducationUser::users(self.id.as_str()).diff(&self.before, &self.after)
    }
}

/// What comparing the desired state with the current one found.
#[derive(Default)]
pub struct Plan {
    pub planned: Vec<Planned>,
    pub unchanged: usize,
    /// Lines that can't be synced: malformed, an unknown user, a value of the wrong type, a
    /// change no update can make.
    pub rejected: Vec<RowError>,
}

/// Compares each desired user with the current one: the desired values replace the current
/// ones (others are kept), and `diff` gives the smallest update.
pub fn plan(desired: Vec<Desired>, current: &HashMap<String, EducationUser>) -> Plan {
    let mut plan = Plan::default();
    for wanted in desired {
        let reject = |message: String| RowError {
            line: wanted.line,
            message,
        };
        let Some(before) = current.get(&wanted.id) else {
            plan.rejected
                .push(reject("no such user in the current state".into()));
            continue;
        };
        let after = match desired_user(before, &wanted.values) {
            Ok(after) => after,
            Err(message) => {
                plan.rejected.push(reject(message));
                continue;
            }
        };
        let update = match UpdateEducationUser::users(wanted.id.as_str()).diff(before, &after) {
            Ok(update) => update,
            Err(errors) => {
                let violations: Vec<String> = errors
                    .violations()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                plan.rejected.push(reject(violations.join("; ")));
                continue;
            }
        };
        if update.is_empty() {
            plan.unchanged += 1;
            continue;
        }
        let shown: Value = graph_education::redacted(|| serde_json::from_slice(&update.to_json()))
            .unwrap_or_default();
        drop(update);
        let changes = match shown {
            Value::Object(members) => members
                .into_iter()
                .map(|(name, value)| (format!("/{name}"), value))
                .collect(),
            _ => Vec::new(),
        };
        plan.planned.push(Planned {
            line: wanted.line,
            id: wanted.id,
            before: before.clone(),
            after,
            changes,
        });
    }
    plan
}

/// `before` with the desired values set at their pointers.
fn desired_user(
    before: &EducationUser,
    values: &[(String, Value)],
) -> Result<EducationUser, String> {
    let mut json = serde_json::to_value(before).map_err(|error| error.to_string())?;
    for (pointer, value) in values {
        set(&mut json, pointer, value.clone());
    }
    let bytes = serde_json::to_vec(&json).map_err(|error| error.to_string())?;
    graph_education::from_json(&bytes)
        .map_err(|error| format!("{}: a value of the wrong type", error.pointer()))
}

/// Sets `value` at `pointer`, making the objects on the way.
fn set(json: &mut Value, pointer: &str, value: Value) {
    let mut target = json;
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    for token in &tokens[..tokens.len().saturating_sub(1)] {
        if !target.get(token).is_some_and(Value::is_object) {
            target[token.as_str()] = Value::Object(Map::new());
        }
        target = &mut target[token.as_str()];
    }
    if let Some(last) = tokens.last() {
        target[last.as_str()] = value;
    }
}

/// The dry run's report: each planned user's changes, then the lines left out.
pub fn dry_run(plan: &Plan) -> String {
    let mut out = String::new();
    for planned in &plan.planned {
        let _ = writeln!(out, "user {} (line {}):", planned.id, planned.line);
        for (pointer, value) in &planned.changes {
            let _ = writeln!(out, "  {pointer}: {value}");
        }
    }
    for rejected in &plan.rejected {
        let _ = writeln!(out, "line {}: {}", rejected.line, rejected.message);
    }
    let _ = writeln!(
        out,
        "{} to update, {} unchanged, {} lines rejected; nothing was sent",
        plan.planned.len(),
        plan.unchanged,
        plan.rejected.len()
    );
    out
}

/// How a sync ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub unchanged: usize,
    pub updated: usize,
    /// Users whose update failed, with why.
    pub failed: Vec<(String, String)>,
    /// Lines that were not synced.
    pub rejected: usize,
    /// HTTP requests sent, and how many fewer than one PATCH per user (and per retry).
    pub requests: usize,
    pub requests_saved: usize,
}

/// Sends the planned updates as batches, for `version` in `cloud`, `concurrency` batches at a
/// time, and reports how each ended.
pub async fn apply(
    client: &Client<AccessToken>,
    plan: Plan,
    (version, cloud): (ApiVersion, Cloud),
    concurrency: usize,
    progress: impl FnMut(&Progress),
) -> Summary {
    let mut batch = Batch::new(version, cloud);
    let handles: Vec<_> = plan
        .planned
        .iter()
        .map(|planned| planned.update().map(|update| batch.push(update)))
        .collect();
    let mut report = client.send_batch(batch, concurrency, progress).await;
    let mut summary = Summary {
        unchanged: plan.unchanged,
        rejected: plan.rejected.len(),
        requests: report.progress.batches,
        requests_saved: report.progress.sent.saturating_sub(report.progress.batches),
        ..Summary::default()
    };
    for (planned, handle) in plan.planned.iter().zip(handles) {
        let outcome = handle
            .map_err(|errors| errors.to_string())
            .and_then(|handle| report.outcomes.take(handle).map_err(|error| reason(&error)));
        match outcome {
            Ok(_) => summary.updated += 1,
            Err(why) => summary.failed.push((planned.id.clone(), why)),
        }
    }
    summary
}

fn reason(error: &ItemError) -> String {
    match error {
        ItemError::Graph(error) => format!("{} {}", error.status.as_u16(), error.code),
        other => other.to_string(),
    }
}
