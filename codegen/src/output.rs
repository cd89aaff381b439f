//! Writes generated files into the crate directory, or checks that they are up to date.
//!
//! The generator owns everything under `src/` of the generated crate: files it no longer emits
//! are removed. Writing happens only after every file rendered, in two phases (all new contents
//! to temporary files, then renames), so a failure leaves no half-written file behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::format::GeneratedFile;

/// What writing did to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
    Removed,
}

/// Why a file on disk does not match the generator's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Staleness {
    /// The generator emits it, but it is not on disk.
    Missing,
    /// On disk with other contents.
    Outdated,
    /// On disk, but the generator no longer emits it.
    Extra,
}

const OWNED_DIR: &str = "src";
const TEMP_SUFFIX: &str = ".codegen-tmp";

/// Writes `files` under `crate_dir` and removes the generated files that are no longer emitted.
pub fn write(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<(String, Change)>> {
    let mut report = Vec::new();
    let mut pending = Vec::new();
    for file in files {
        let target = crate_dir.join(&file.path);
        let change = match fs::read(&target) {
            Ok(old) if old == file.contents.as_bytes() => Change::Unchanged,
            Ok(_) => Change::Updated,
            Err(error) if error.kind() == io::ErrorKind::NotFound => Change::Created,
            Err(error) => return Err(error),
        };
        if change != Change::Unchanged {
            pending.push((target, file));
        }
        report.push((file.path.clone(), change));
    }

    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (target, file) in pending {
        let temp = temp_path(&target);
        let written = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&temp, &file.contents));
        if let Err(error) = written {
            for (temp, _) in &staged {
                let _ = fs::remove_file(temp);
            }
            let _ = fs::remove_file(&temp);
            return Err(error);
        }
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        fs::rename(temp, target)?;
    }

    for extra in extra_files(crate_dir, files)? {
        fs::remove_file(crate_dir.join(&extra))?;
        report.push((extra, Change::Removed));
    }
    remove_empty_dirs(&crate_dir.join(OWNED_DIR))?;
    Ok(report)
}

/// Compares `files` with what is on disk; an empty result means up to date.
pub fn check(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<(String, Staleness)>> {
    let mut stale = Vec::new();
    for file in files {
        match fs::read(crate_dir.join(&file.path)) {
            Ok(old) if old == file.contents.as_bytes() => {}
            Ok(_) => stale.push((file.path.clone(), Staleness::Outdated)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                stale.push((file.path.clone(), Staleness::Missing));
            }
            Err(error) => return Err(error),
        }
    }
    for extra in extra_files(crate_dir, files)? {
        stale.push((extra, Staleness::Extra));
    }
    Ok(stale)
}

fn temp_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(TEMP_SUFFIX);
    target.with_file_name(name)
}

/// Files under the owned directory that the generator does not emit, as `/`-separated paths.
fn extra_files(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    collect_files(crate_dir, Path::new(OWNED_DIR), &mut found)?;
    found.retain(|path| !files.iter().any(|file| &file.path == path));
    found.sort();
    Ok(found)
}

fn collect_files(crate_dir: &Path, relative: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let entries = match fs::read_dir(crate_dir.join(relative)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let path = relative.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            collect_files(crate_dir, &path, found)?;
        } else {
            let parts: Vec<String> = path
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

fn remove_empty_dirs(dir: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            let path = entry.path();
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn writes_reports_and_removes_what_is_no_longer_generated() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let first = [file("src/lib.rs", "lib"), file("src/models/a.rs", "a")];
        let report = write(dir.path(), &first).expect("written");
        assert_eq!(
            report,
            [
                ("src/lib.rs".into(), Change::Created),
                ("src/models/a.rs".into(), Change::Created)
            ]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("src/models/a.rs")).expect("a.rs"),
            "a"
        );

        let second = [file("src/lib.rs", "lib 2"), file("src/b.rs", "b")];
        let report = write(dir.path(), &second).expect("written");
        assert_eq!(
            report,
            [
                ("src/lib.rs".into(), Change::Updated),
                ("src/b.rs".into(), Change::Created),
                ("src/models/a.rs".into(), Change::Removed),
            ]
        );
        assert!(
            !dir.path().join("src/models").exists(),
            "the emptied directory is removed"
        );
        assert_eq!(
            write(dir.path(), &second).expect("written")[0].1,
            Change::Unchanged
        );
        assert_eq!(check(dir.path(), &second).expect("checked"), []);
    }

    #[test]
    fn check_names_missing_outdated_and_extra_files_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write(
            dir.path(),
            &[file("src/lib.rs", "old"), file("src/extra.rs", "x")],
        )
        .expect("written");
        let stale = check(
            dir.path(),
            &[file("src/lib.rs", "new"), file("src/new.rs", "n")],
        )
        .expect("checked");
        assert_eq!(
            stale,
            [
                ("src/lib.rs".into(), Staleness::Outdated),
                ("src/new.rs".into(), Staleness::Missing),
                ("src/extra.rs".into(), Staleness::Extra),
            ]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("src/lib.rs")).expect("lib.rs"),
            "old"
        );
        assert!(!dir.path().join("src/new.rs").exists());
    }

    #[test]
    fn a_failed_write_leaves_existing_files_and_no_temporary_files() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write(dir.path(), &[file("src/lib.rs", "old")]).expect("written");
        // A directory where a file must go makes the second write fail.
        fs::create_dir_all(dir.path().join("src/blocked.rs.codegen-tmp")).expect("blocker");
        let result = write(
            dir.path(),
            &[file("src/lib.rs", "new"), file("src/blocked.rs", "b")],
        );
        assert!(result.is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("src/lib.rs")).expect("lib.rs"),
            "old"
        );
        assert!(!dir.path().join("src/lib.rs.codegen-tmp").exists());
    }
}
