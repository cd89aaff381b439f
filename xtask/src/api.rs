//! The API change report: the summary checked in beside the generated crate against the one a
//! run makes (`codegen`), or a commit's spec against the working tree's (`api-diff`).

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::GeneratedFile;
use codegen::api_diff::{self, Report};
use codegen::api_summary::{self, Summary};
use semver::Version;

/// What a regeneration does to the crate's API.
pub struct ApiChange {
    /// The summary to write, with the version it requires.
    pub file: GeneratedFile,
    /// The changes since the checked-in summary; `None` when there was none.
    pub report: Option<Report>,
    /// The version the changes count from: the lower of the manifest's and the one the
    /// checked-in summary required (a bump it asked for may not be made yet).
    pub from: Version,
    /// The version the crate needs now.
    pub required: Version,
    /// The version in the crate's `Cargo.toml`.
    pub current: Version,
}

impl ApiChange {
    /// Compares `new` with the summary in `crate_dir`.
    pub fn new(crate_dir: &Path, mut new: Summary) -> Result<ApiChange, String> {
        let current = manifest_version(&crate_dir.join("Cargo.toml"))?;
        let old = previous_summary(crate_dir)?;
        let report = old.as_ref().map(|old| api_diff::compare(old, &new));
        let recorded = old.as_ref().and_then(|old| old.crate_version.as_ref());
        let impact = report.as_ref().and_then(Report::impact);
        let required = api_diff::required_version(recorded, &current, impact);
        new.crate_version = Some(required.clone());
        Ok(ApiChange {
            file: GeneratedFile {
                path: api_summary::FILE_NAME.into(),
                contents: new.to_string(),
            },
            from: recorded
                .map_or(&current, |recorded| recorded.min(&current))
                .clone(),
            report,
            required,
            current,
        })
    }

    /// The report and its verdict, when something changed.
    pub fn report_text(&self) -> Option<String> {
        let report = self.report.as_ref().filter(|r| !r.changes.is_empty())?;
        let verdict = api_diff::verdict(report, &self.from, &self.required);
        Some(format!("{report}{verdict}"))
    }

    /// Whether the manifest's version is lower than the API requires.
    pub fn version_too_low(&self) -> bool {
        self.current < self.required
    }
}

fn previous_summary(crate_dir: &Path) -> Result<Option<Summary>, String> {
    let path = crate_dir.join(api_summary::FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => Summary::parse(&text).map(Some).map_err(|error| {
            format!(
                "{}: {error}\n  help: the generator writes this file; delete it to start the \
                     API summary anew (that run reports no changes)",
                path.display()
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// The `package.version` of a manifest.
fn manifest_version(manifest: &Path) -> Result<Version, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|error| format!("cannot read {}: {error}", manifest.display()))?;
    version_of_manifest(&text).map_err(|error| format!("{}: {error}", manifest.display()))
}

fn version_of_manifest(text: &str) -> Result<Version, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("not TOML: {e}"))?;
    let version = table
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(toml::Value::as_str)
        .ok_or("no `package.version`")?;
    Version::parse(version).map_err(|e| format!("`{version}` is not a version: {e}"))
}

/// The report between the spec in `specs` at the commit `reference` and the working tree's,
/// with the version it implies from the crate's version at that commit.
pub fn api_diff(
    root: &Path,
    specs: &Path,
    crate_dir: &Path,
    reference: &str,
) -> Result<String, String> {
    let relative = |path: &Path| -> Result<PathBuf, String> {
        let absolute = std::path::absolute(path).map_err(|e| e.to_string())?;
        let root = std::path::absolute(root).map_err(|e| e.to_string())?;
        absolute
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .map_err(|_| {
                format!(
                    "{} is not in the checkout {}",
                    path.display(),
                    root.display()
                )
            })
    };
    let specs_in_git = relative(specs)?;
    let listing = git(
        root,
        &[
            "ls-tree",
            "--name-only",
            reference,
            "--",
            &format!("{}/", git_path(&specs_in_git, "")),
        ],
    )?;
    let old_specs =
        tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    for path in listing
        .lines()
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
    {
        let text = git(root, &["show", &format!("{reference}:{path}")])?;
        let name = Path::new(path).file_name().unwrap_or_default();
        std::fs::write(old_specs.path().join(name), text)
            .map_err(|e| format!("cannot write a temporary spec: {e}"))?;
    }
    let old = codegen::summarize(old_specs.path())
        .map_err(|error| format!("the spec at {reference}:\n{error}"))?;
    let new = codegen::summarize(specs).map_err(|error| error.to_string())?;
    let report = api_diff::compare(&old, &new);
    let manifest = git_path(&relative(crate_dir)?, "Cargo.toml");
    let from = git(root, &["show", &format!("{reference}:{manifest}")])
        .and_then(|text| version_of_manifest(&text))
        .map_err(|error| format!("the crate's version at {reference}: {error}"))?;
    let required = match report.impact() {
        Some(impact) => api_diff::next_version(&from, impact),
        None => from.clone(),
    };
    Ok(format!(
        "{report}{}\n",
        api_diff::verdict(&report, &from, &required)
    ))
}

/// `dir/file` with `/` separators, as git names paths.
fn git_path(dir: &Path, file: &str) -> String {
    let mut parts: Vec<String> = dir
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if !file.is_empty() {
        parts.push(file.to_string());
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("git {}: not UTF-8", args.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_read_from_the_package_table() {
        let manifest = "[package]\nname = \"x\"\nversion = \"0.4.2\"\n\n[dependencies]\n";
        assert_eq!(version_of_manifest(manifest), Ok(Version::new(0, 4, 2)));
        assert!(version_of_manifest("[package]\nname = \"x\"\n").is_err());
        assert!(version_of_manifest("[package]\nversion = \"four\"\n").is_err());
    }
}
