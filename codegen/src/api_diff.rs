//! What changed between two API summaries ([`crate::api_summary`]), what each change does to
//! code that uses the generated crate, and the version the crate needs after them.
//!
//! The verdicts follow what the generated code does: models, versions, clouds, targets and
//! evolvable enums are `#[non_exhaustive]`, so adding to them breaks nobody; other enums can be
//! matched exhaustively, so a new member breaks such a `match`. A change that still compiles but
//! makes the crate refuse a request it used to build (a version taken from an operation, a
//! tighter constraint) is breaking too, and says that it breaks at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use semver::Version;

use crate::api_summary::{Item, Kind, Summary};

/// What a change does to code written against the crate before it, from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing code depends on: documentation, permissions, what a request sends.
    Patch,
    /// Something new; code that compiled still compiles and works.
    Addition,
    /// Code may stop compiling or, where the change says so, fail at run time.
    Breaking,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Patch => "patch",
            Impact::Addition => "addition",
            Impact::Breaking => "breaking",
        }
    }
}

/// One change of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    /// The item, such as `property educationUser.department`.
    pub item: String,
    /// What changed, such as `removed` or `type string → integer`.
    pub what: String,
    /// What that does to users' code, when it is not plain.
    pub why: String,
    /// The spec file and key path of the item (in the old spec when it was removed).
    pub location: String,
}

/// Every change between two summaries: the breaking ones first, then additions, then the
/// others, each group in the order of the summaries' items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// The most a change does, or `None` without changes.
    pub fn impact(&self) -> Option<Impact> {
        self.changes.iter().map(|change| change.impact).max()
    }

    fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "API changes: none");
        }
        let additions = self.count(Impact::Addition);
        writeln!(
            f,
            "API changes: {} breaking, {additions} addition{}, {} patch-level",
            self.count(Impact::Breaking),
            if additions == 1 { "" } else { "s" },
            self.count(Impact::Patch)
        )?;
        for change in &self.changes {
            write!(
                f,
                "  {:<8} {}: {}",
                change.impact.as_str(),
                change.item,
                change.what
            )?;
            if !change.why.is_empty() {
                write!(f, " ({})", change.why)?;
            }
            writeln!(f, "\n           at {}", change.location)?;
        }
        Ok(())
    }
}

type Key<'a> = (Kind, Option<&'a str>, &'a str);

fn key(item: &Item) -> Key<'_> {
    (item.kind, item.parent.as_deref(), &item.name)
}

/// Compares the API of `old` with `new`.
pub fn compare(old: &Summary, new: &Summary) -> Report {
    let old_items: BTreeMap<Key, &Item> = old.items.iter().map(|i| (key(i), i)).collect();
    let new_items: BTreeMap<Key, &Item> = new.items.iter().map(|i| (key(i), i)).collect();
    let context = Context::new(old, new);
    let holder_in =
        |items: &BTreeMap<Key, &Item>, item: &Item| match (item.kind.parent(), &item.parent) {
            (Some(kind), Some(parent)) => items.contains_key(&(kind, None, parent.as_str())),
            _ => true,
        };
    let mut changes = Vec::new();
    for item in &old.items {
        // A removed type's properties go with it: the type says so once.
        if !new_items.contains_key(&key(item)) && holder_in(&new_items, item) {
            let (impact, why) = removed(item);
            changes.push(change(old, item, impact, "removed", why));
        }
    }
    for item in &new.items {
        match old_items.get(&key(item)) {
            None if holder_in(&old_items, item) => {
                let (impact, why) = context.added(item);
                changes.push(change(new, item, impact, "added", why));
            }
            None => {}
            Some(before) => {
                for (word, was, now) in fact_changes(before, item) {
                    if let Some((impact, why)) = context.judge(item, word, was, now) {
                        let what = describe(word, was, now);
                        changes.push(change(new, item, impact, &what, why));
                    }
                }
            }
        }
    }
    // Breaking changes first: they are what a reviewer must see.
    changes.sort_by_key(|change| std::cmp::Reverse(change.impact));
    Report { changes }
}

fn change(summary: &Summary, item: &Item, impact: Impact, what: &str, why: String) -> Change {
    Change {
        impact,
        item: item.title(),
        what: what.to_string(),
        why,
        location: summary.location(item),
    }
}

/// Each fact word whose value differs, with the old and new value (`None`: not there).
fn fact_changes<'a>(
    old: &'a Item,
    new: &'a Item,
) -> Vec<(&'a str, Option<&'a str>, Option<&'a str>)> {
    let mut words: Vec<&str> = Vec::new();
    for fact in old.facts.iter().chain(&new.facts) {
        let word = fact.split(' ').next().unwrap_or_default();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
        .into_iter()
        .map(|word| (word, old.fact(word), new.fact(word)))
        .filter(|(_, was, now)| was != now)
        .collect()
}

fn describe(word: &str, was: Option<&str>, now: Option<&str>) -> String {
    // An availability left out, or a capability without a list, holds in every version.
    fn every(value: Option<&str>) -> &str {
        match value {
            None | Some("") => "all",
            Some(versions) => versions,
        }
    }
    match (word, was, now) {
        ("doc", ..) => "description changed".into(),
        ("versions", ..) | ("filterable", Some(_), Some(_)) => {
            format!("{word} {} → {}", every(was), every(now))
        }
        ("permissions", ..) => "permissions changed".into(),
        ("fixed", ..) => "value changed".into(),
        (_, Some(""), None) => format!("no longer {word}"),
        (_, None, Some("")) => format!("now {word}"),
        (_, Some(was), None) => format!("{word} {was} removed"),
        (_, None, Some(now)) => format!("{word} {now} added"),
        (_, Some(was), Some(now)) => format!("{word} {was} → {now}"),
        (_, None, None) => String::new(),
    }
}

fn removed(item: &Item) -> (Impact, String) {
    let why = match item.kind {
        Kind::Version => "its `ApiVersion` variant goes",
        Kind::Cloud => "its `Cloud` variant goes",
        Kind::Type | Kind::Enum => "the type goes",
        Kind::Property => "its field and setters go",
        Kind::Member => "its variant goes",
        Kind::Operation => "its builder goes",
        Kind::Path => "its constructor goes",
        Kind::Header if item.has("fixed") => {
            return (Impact::Patch, "requests no longer send it".into());
        }
        Kind::Query | Kind::Header => "its setter goes",
    };
    (Impact::Breaking, why.into())
}

/// Both summaries, for verdicts that depend on other items.
struct Context<'a> {
    old: &'a Summary,
    new: &'a Summary,
    /// The resource and body kind of each operation that has them before and after.
    builders: BTreeSet<(String, String)>,
}

impl<'a> Context<'a> {
    fn new(old: &'a Summary, new: &'a Summary) -> Self {
        let builder = |op: &Item| {
            Some((
                op.fact("resource")?.to_string(),
                op.fact("body")?.to_string(),
            ))
        };
        let builders = new
            .items
            .iter()
            .filter(|item| item.kind == Kind::Operation)
            .filter_map(|op| {
                let before = old.find(Kind::Operation, None, &op.name)?;
                builder(op).filter(|now| builder(before).as_ref() == Some(now))
            })
            .collect();
        Context { old, new, builders }
    }

    fn added(&self, item: &Item) -> (Impact, String) {
        match item.kind {
            Kind::Member => {
                let evolvable = self
                    .new
                    .find(Kind::Enum, None, item.parent.as_deref().unwrap_or_default())
                    .is_some_and(|e| e.has("evolvable"));
                if evolvable {
                    (Impact::Addition, String::new())
                } else {
                    let why = "a `match` without a `_` arm misses it: the enum is not evolvable";
                    (Impact::Breaking, why.into())
                }
            }
            Kind::Property
                if item.has("requiredOnCreate") && self.has_builder(item, &["create"]) =>
            {
                let why = "the create builder's constructors take it as an argument";
                (Impact::Breaking, why.into())
            }
            Kind::Header if item.has("fixed") => (Impact::Patch, "requests send it".into()),
            Kind::Header if item.has("required") => {
                let why = "breaks at run time: requests built without it are refused";
                (Impact::Breaking, why.into())
            }
            _ => (Impact::Addition, String::new()),
        }
    }

    /// Whether an operation with one of `bodies` acts on the property's type, before and
    /// after: then the property's setters or constructor arguments follow its facts.
    fn has_builder(&self, property: &Item, bodies: &[&str]) -> bool {
        let resource = property.parent.as_deref().unwrap_or_default();
        self.builders
            .iter()
            .any(|(on, body)| on == resource && bodies.contains(&body.as_str()))
    }

    /// The impact of one fact's change, or `None` for changes that are not the API's.
    fn judge(
        &self,
        item: &Item,
        word: &str,
        was: Option<&str>,
        now: Option<&str>,
    ) -> Option<(Impact, String)> {
        let added = was.is_none();
        let verdict = |impact: Impact, why: &str| Some((impact, why.to_string()));
        match (item.kind, word) {
            (_, "in") => None,
            (
                _,
                "doc" | "permissions" | "fixed" | "status" | "method" | "root" | "nullable"
                | "open",
            ) => verdict(Impact::Patch, ""),
            (Kind::Enum, "evolvable") if added => verdict(
                Impact::Breaking,
                "it becomes non-exhaustive: a `match` needs a `_` arm",
            ),
            (Kind::Enum, "evolvable") => verdict(Impact::Addition, ""),
            (Kind::Enum, "flags") => {
                verdict(Impact::Breaking, "the properties that hold it change type")
            }
            (Kind::Property, "type" | "sensitive" | "boxed") => {
                verdict(Impact::Breaking, "the field's type and the setters' change")
            }
            (Kind::Property, "readOnly") => {
                self.builder_verdict(item, &["partialUpdate", "create"], added, "its setters go")
            }
            (Kind::Property, "clearable") => {
                self.builder_verdict(item, &["partialUpdate"], !added, "its `clear_` setter goes")
            }
            (Kind::Property, "requiredOnCreate") => {
                let why = if added {
                    "the create builder's constructors take it as an argument"
                } else {
                    "the create builder's constructors no longer take it"
                };
                match self.has_builder(item, &["create"]) {
                    true => verdict(Impact::Breaking, why),
                    false => verdict(Impact::Patch, ""),
                }
            }
            (_, "versions" | "clouds") => self.availability(item, word, was, now),
            (Kind::Property, "filterable") => match now {
                None => verdict(Impact::Breaking, "its filter constant goes"),
                Some(_) if added => verdict(Impact::Addition, ""),
                Some(_) => self.availability(item, word, was, now),
            },
            (Kind::Property, "orderable") => match now {
                None => verdict(Impact::Breaking, "its `OrderBy` variant goes"),
                Some(_) => verdict(Impact::Addition, ""),
            },
            (Kind::Property, "minLength" | "minItems") => tighter(was, now, |was, now| now > was),
            (Kind::Property, "maxLength" | "maxItems") => tighter(was, now, |was, now| now < was),
            (Kind::Property, "pattern" | "format") => tighter(was, now, |_, _| true),
            (Kind::Header, "required") if added => verdict(
                Impact::Breaking,
                "breaks at run time: requests built without it are refused",
            ),
            (Kind::Header, "required") => verdict(Impact::Addition, ""),
            (Kind::Path, "template") => {
                if placeholders(was) == placeholders(now) {
                    verdict(Impact::Patch, "requests go to the new path")
                } else {
                    verdict(Impact::Breaking, "its constructor's arguments change")
                }
            }
            _ => verdict(Impact::Breaking, "the generated API changes"),
        }
    }

    fn builder_verdict(
        &self,
        item: &Item,
        bodies: &[&str],
        lost: bool,
        why: &str,
    ) -> Option<(Impact, String)> {
        Some(match (self.has_builder(item, bodies), lost) {
            (true, true) => (Impact::Breaking, why.into()),
            (true, false) => (Impact::Addition, String::new()),
            (false, _) => (Impact::Patch, String::new()),
        })
    }

    /// A version or cloud list: narrower breaks at run time, wider adds, reordered changes
    /// the default.
    fn availability(
        &self,
        item: &Item,
        word: &str,
        was: Option<&str>,
        now: Option<&str>,
    ) -> Option<(Impact, String)> {
        let was = self.listed(self.old, item, was);
        let now = self.listed(self.new, item, now);
        let lost: Vec<&str> = was.iter().filter(|v| !now.contains(v)).copied().collect();
        let gained = now.iter().any(|v| !was.contains(v));
        Some(if !lost.is_empty() {
            let requests = match item.kind {
                Kind::Operation => "requests for",
                _ => "requests that send it in",
            };
            let why = format!(
                "breaks at run time: {requests} {} are refused",
                lost.join(", ")
            );
            (Impact::Breaking, why)
        } else if gained {
            (Impact::Addition, String::new())
        } else {
            let default = now.first().copied().unwrap_or_default();
            (
                Impact::Patch,
                format!(
                    "the default {} is now {default}",
                    word.trim_end_matches('s')
                ),
            )
        })
    }

    /// The versions a list names; when left out, all versions of the item's holder.
    fn listed<'s>(&self, summary: &'s Summary, item: &Item, list: Option<&'s str>) -> Vec<&'s str> {
        if let Some(list) = list.filter(|list| !list.is_empty()) {
            return list.split(' ').collect();
        }
        let holder = match (item.kind.parent(), &item.parent) {
            (Some(kind), Some(parent)) => summary.find(kind, None, parent),
            _ => None,
        };
        if let Some(holder) = holder {
            return self.listed(summary, holder, holder.fact("versions"));
        }
        let versions = summary.items.iter().filter(|i| i.kind == Kind::Version);
        versions
            .map(|v| v.name.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

/// A constraint: added or made `stricter` breaks at run time; relaxed or removed is a patch.
fn tighter(
    was: Option<&str>,
    now: Option<&str>,
    stricter: fn(u64, u64) -> bool,
) -> Option<(Impact, String)> {
    let number = |value: &str| value.parse::<u64>().unwrap_or_default();
    let breaks = match (was, now) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(was), Some(now)) => stricter(number(was), number(now)),
    };
    Some(if breaks {
        let why = "breaks at run time: values valid before may be refused";
        (Impact::Breaking, why.into())
    } else {
        (Impact::Patch, "fewer values are refused".into())
    })
}

/// The `{placeholders}` of a path template, in order.
fn placeholders(template: Option<&str>) -> Vec<&str> {
    template
        .unwrap_or_default()
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The next version after `base` for a change of `impact`, by Cargo's rules: the leftmost
/// non-zero number is the one that breaks (`0.3.1` → `0.4.0`), the next one adds (`0.3.2`),
/// and in `0.0.z` every change is breaking.
pub fn next_version(base: &Version, impact: Impact) -> Version {
    let (major, minor, patch) = (base.major, base.minor, base.patch);
    match (major, minor, impact) {
        (0, 0, _) => Version::new(0, 0, patch + 1),
        (0, _, Impact::Breaking) => Version::new(0, minor + 1, 0),
        (0, _, _) | (_, _, Impact::Patch) => Version::new(major, minor, patch + 1),
        (_, _, Impact::Addition) => Version::new(major, minor + 1, 0),
        (_, _, Impact::Breaking) => Version::new(major + 1, 0, 0),
    }
}

/// The lowest version the crate may have after a regeneration whose changes do `impact`.
///
/// `recorded` is the version the previous summary required, `current` the manifest's. A bump
/// that was required but not yet made is not made twice: the next version counts from the
/// lower of the two.
pub fn required_version(
    recorded: Option<&Version>,
    current: &Version,
    impact: Option<Impact>,
) -> Version {
    let Some(recorded) = recorded else {
        return current.clone();
    };
    match impact {
        None => recorded.clone(),
        Some(impact) => {
            let base = recorded.min(current);
            next_version(base, impact).max(recorded.clone())
        }
    }
}

/// The report's last line: the version the changes need and which number that bumps.
pub fn verdict(report: &Report, from: &Version, required: &Version) -> String {
    let Some(impact) = report.impact() else {
        return format!("No API change: the crate's version stays at least {required}.");
    };
    let number = if required.major != from.major {
        "major"
    } else if required.minor != from.minor {
        "minor"
    } else {
        "patch"
    };
    let rule = if from.major == 0 && impact != Impact::Patch {
        ", by Cargo's rules for 0.x versions"
    } else {
        ""
    };
    format!(
        "The largest change is {}: the crate's version must be at least {required} (a {number} bump from {from}{rule}).",
        impact.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn bumps_follow_cargos_rules_for_zero_versions() {
        let cases = [
            ("0.1.0", Impact::Breaking, "0.2.0"),
            ("0.1.3", Impact::Addition, "0.1.4"),
            ("0.1.3", Impact::Patch, "0.1.4"),
            ("0.0.3", Impact::Addition, "0.0.4"),
            ("0.0.3", Impact::Breaking, "0.0.4"),
            ("1.2.3", Impact::Breaking, "2.0.0"),
            ("1.2.3", Impact::Addition, "1.3.0"),
            ("1.2.3", Impact::Patch, "1.2.4"),
        ];
        for (base, impact, next) in cases {
            assert_eq!(next_version(&v(base), impact), v(next), "{base} {impact:?}");
        }
    }

    #[test]
    fn a_bump_not_yet_made_is_not_made_twice() {
        let breaking = Some(Impact::Breaking);
        assert_eq!(required_version(None, &v("0.1.0"), breaking), v("0.1.0"));
        assert_eq!(
            required_version(Some(&v("0.1.0")), &v("0.1.0"), None),
            v("0.1.0")
        );
        assert_eq!(
            required_version(Some(&v("0.1.0")), &v("0.1.0"), breaking),
            v("0.2.0")
        );
        // The manifest still says 0.1.0: a second breaking change needs 0.2.0, not 0.3.0.
        assert_eq!(
            required_version(Some(&v("0.2.0")), &v("0.1.0"), breaking),
            v("0.2.0")
        );
        // Released as 0.2.0: the next breaking change needs 0.3.0.
        assert_eq!(
            required_version(Some(&v("0.2.0")), &v("0.2.0"), breaking),
            v("0.3.0")
        );
        let patch = Some(Impact::Patch);
        assert_eq!(
            required_version(Some(&v("0.2.0")), &v("0.1.0"), patch),
            v("0.2.0")
        );
    }

    #[test]
    fn placeholders_are_read_in_order() {
        assert_eq!(placeholders(Some("/a/{x}/b/{y}")), ["x", "y"]);
        assert_eq!(placeholders(None), Vec::<&str>::new());
    }
}
