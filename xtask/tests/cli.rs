//! `cargo xtask codegen` as users run it: exit codes, messages, and what it leaves on disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

/// Every file below `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("a readable directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("a readable file");
                files.insert(
                    path.strip_prefix(dir).expect("below dir").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    files
}

/// A copy of the checked-in `generated/src`, manifest and API summary, to run the generator
/// against.
fn generated_copy() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary directory");
    let source = workspace_root().join("generated/src");
    for (relative, bytes) in snapshot(&source) {
        let target = out.path().join("src").join(relative);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("directories");
        std::fs::write(target, bytes).expect("a copied file");
    }
    for file in ["Cargo.toml", "API.txt"] {
        std::fs::copy(
            workspace_root().join("generated").join(file),
            out.path().join(file),
        )
        .expect("a copied file");
    }
    out
}

/// Sets the `version` of the crate's manifest in `crate_dir`.
fn set_version(crate_dir: &Path, version: &str) {
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("the manifest");
    let line = text
        .lines()
        .find(|line| line.starts_with("version = "))
        .expect("a version line");
    let changed = text.replacen(line, &format!("version = \"{version}\""), 1);
    std::fs::write(manifest, changed).expect("the manifest is written");
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn a_broken_spec_fails_with_its_errors_and_changes_nothing() {
    let specs = tempfile::tempdir().expect("a temporary directory");
    let real = std::fs::read_to_string(workspace_root().join("specs/graph-education.yaml"))
        .expect("the spec");
    let broken = real.replacen("type: physicalAddress", "type: phisicalAddress", 1);
    std::fs::write(specs.path().join("spec.yaml"), broken).expect("the spec is written");
    let out = generated_copy();
    // A file the generator would delete on success must survive a failure too.
    std::fs::write(out.path().join("src/models/stale.rs"), "// stale\n").expect("a stale file");
    let before = snapshot(out.path());

    let output = xtask(&[
        "codegen",
        "--specs",
        path_arg(specs.path()),
        "--out",
        path_arg(out.path()),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "types.educationUser.properties.mailingAddress.type: unknown type `phisicalAddress`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `physicalAddress`?"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        snapshot(out.path()),
        before,
        "generated/ must be byte-for-byte as before"
    );
}

#[test]
fn check_names_stale_files_and_the_fix_and_generate_repairs_them() {
    let specs = workspace_root().join("specs");
    let out = generated_copy();
    let fresh = snapshot(out.path());
    std::fs::write(
        out.path().join("src/models/identity.rs"),
        "// edited by hand\n",
    )
    .expect("an edit");
    std::fs::write(out.path().join("src/models/stale.rs"), "// stale\n").expect("a stale file");
    let edited = snapshot(out.path());

    let check = xtask(&[
        "codegen",
        "--check",
        "--specs",
        path_arg(&specs),
        "--out",
        path_arg(out.path()),
    ]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("src/models/identity.rs: out of date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("src/models/stale.rs: no longer generated"),
        "{stderr}"
    );
    assert!(stderr.contains("run `cargo xtask codegen`"), "{stderr}");
    assert_eq!(snapshot(out.path()), edited, "--check writes nothing");

    let generate = xtask(&[
        "codegen",
        "--specs",
        path_arg(&specs),
        "--out",
        path_arg(out.path()),
    ]);
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    let stdout = String::from_utf8_lossy(&generate.stdout);
    assert!(
        stdout.contains("updated") && stdout.contains("identity.rs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("removed") && stdout.contains("stale.rs"),
        "{stdout}"
    );
    assert_eq!(snapshot(out.path()), fresh);

    let again = xtask(&[
        "codegen",
        "--check",
        "--specs",
        path_arg(&specs),
        "--out",
        path_arg(out.path()),
    ]);
    assert!(again.status.success());
}

#[test]
fn a_missing_spec_directory_is_a_clear_error() {
    let out = generated_copy();
    let output = xtask(&[
        "codegen",
        "--specs",
        "/nonexistent/specs",
        "--out",
        path_arg(out.path()),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/nonexistent/specs: cannot read the spec directory"),
        "{stderr}"
    );
}

/// A second checkout beside the real one: its own `specs/` and `generated/`, and an `xtask/`.
fn second_checkout() -> tempfile::TempDir {
    let checkout = tempfile::tempdir().expect("a temporary directory");
    let generated = generated_copy();
    std::fs::rename(generated.path(), checkout.path().join("generated")).expect("moved");
    std::fs::create_dir_all(checkout.path().join("specs")).expect("specs/");
    std::fs::create_dir_all(checkout.path().join("xtask")).expect("xtask/");
    std::fs::copy(
        workspace_root().join("specs/graph-education.yaml"),
        checkout.path().join("specs/graph-education.yaml"),
    )
    .expect("the spec is copied");
    checkout
}

/// Two clones sharing one target directory run the same `xtask` binary: `cargo xtask` in the
/// second must work on the second, whose manifest directory cargo passes at run time.
#[test]
fn codegen_works_on_the_checkout_cargo_runs_it_in() {
    let second = second_checkout();
    let spec = second.path().join("specs/graph-education.yaml");
    let text = std::fs::read_to_string(&spec).expect("the copied spec");
    let changed = text.replacen(
        "The name displayed in the address book",
        "The name shown in the address book",
        1,
    );
    assert_ne!(text, changed, "the description to change is in the spec");
    std::fs::write(&spec, changed).expect("the spec is changed");

    let run = |args: &[&str], cwd: &Path| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .current_dir(cwd)
            .env("CARGO_MANIFEST_DIR", second.path().join("xtask"))
            .output()
            .expect("xtask runs")
    };
    // From anywhere (here: the real checkout), the checkout is the one cargo names.
    let check = run(&["codegen", "--check"], &workspace_root());
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    let stale = second.path().join("generated/src/models/education_user.rs");
    assert!(stderr.contains(&stale.display().to_string()), "{stderr}");

    let real_before = snapshot(&workspace_root().join("generated/src"));
    let generate = run(&["codegen"], second.path());
    assert!(generate.status.success());
    let stdout = String::from_utf8_lossy(&generate.stdout);
    assert!(
        stdout.contains("patch    property educationUser.displayName: description changed"),
        "{stdout}"
    );
    // A new description is a patch: the crate's version must follow before the check passes.
    let check = run(&["codegen", "--check"], second.path());
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("lower than 0.2.1 that the API changes require"),
        "{stderr}"
    );
    set_version(&second.path().join("generated"), "0.2.1");
    assert!(run(&["codegen", "--check"], second.path()).status.success());
    assert_eq!(
        snapshot(&workspace_root().join("generated/src")),
        real_before
    );
    let written = std::fs::read_to_string(stale).expect("the regenerated model");
    assert!(written.contains("The name shown in the address book"));
}

/// The real spec with `educationUser.department` renamed to `division`: one property removed
/// (breaking), one added.
fn spec_with_department_renamed() -> String {
    let real = std::fs::read_to_string(workspace_root().join("specs/graph-education.yaml"))
        .expect("the spec");
    let renamed = real.replacen("\n      department:\n", "\n      division:\n", 1);
    assert_ne!(real, renamed, "the property to rename is in the spec");
    renamed
}

#[test]
fn a_breaking_change_is_reported_and_the_check_wants_the_version_it_needs() {
    let specs = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        specs.path().join("graph-education.yaml"),
        spec_with_department_renamed(),
    )
    .expect("the spec is written");
    let out = generated_copy();
    set_version(out.path(), "0.2.0");
    let args = [
        "--specs",
        path_arg(specs.path()),
        "--out",
        path_arg(out.path()),
    ];

    let generate = xtask(&[&["codegen"], &args[..]].concat());
    assert!(generate.status.success());
    let stdout = String::from_utf8_lossy(&generate.stdout);
    let expected = [
        "API changes: 1 breaking, 1 addition, 0 patch-level",
        "  breaking property educationUser.department: removed (its field and setters go)\n           at graph-education.yaml: types.educationUser.properties.department",
        "  addition property educationUser.division: added\n",
        "the crate's version must be at least 0.3.0 (a minor bump from 0.2.0, by Cargo's rules for 0.x versions)",
        "warning: ",
    ];
    for expected in expected {
        assert!(stdout.contains(expected), "{expected}\n---\n{stdout}");
    }
    let summary = std::fs::read_to_string(out.path().join("API.txt")).expect("the summary");
    assert!(
        summary.contains("crate version at least 0.3.0\n"),
        "{summary}"
    );
    assert!(summary.contains("\nproperty educationUser division: type string"));

    let check = xtask(&[&["codegen", "--check"], &args[..]].concat());
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("version is 0.2.0, lower than 0.3.0"),
        "{stderr}"
    );
    set_version(out.path(), "0.3.0");
    let check = xtask(&[&["codegen", "--check"], &args[..]].concat());
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(repo)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn api_diff_compares_a_commits_spec_with_the_working_trees() {
    let repo = second_checkout();
    set_version(&repo.path().join("generated"), "1.4.2");
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "specs", "generated/Cargo.toml"]);
    git(repo.path(), &["commit", "-q", "-m", "the spec"]);
    std::fs::write(
        repo.path().join("specs/graph-education.yaml"),
        spec_with_department_renamed(),
    )
    .expect("the spec is changed");
    let run = |reference: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["api-diff", reference])
            .current_dir(repo.path())
            .env("CARGO_MANIFEST_DIR", repo.path().join("xtask"))
            .output()
            .expect("xtask runs")
    };
    let diff = run("HEAD");
    assert!(
        diff.status.success(),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    let stdout = String::from_utf8_lossy(&diff.stdout);
    assert!(
        stdout.contains("breaking property educationUser.department: removed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("at least 2.0.0 (a major bump from 1.4.2)"),
        "{stdout}"
    );

    let unknown = run("no-such-ref");
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("error: git ") && stderr.contains("no-such-ref"),
        "{stderr}"
    );
}

#[test]
fn a_summary_that_is_not_one_is_an_error_with_its_line_and_the_fix() {
    let out = generated_copy();
    std::fs::write(out.path().join("API.txt"), "# edited\nwidget w: x\n").expect("a summary");
    let before = snapshot(out.path());
    let specs = workspace_root().join("specs");
    let output = xtask(&[
        "codegen",
        "--specs",
        path_arg(&specs),
        "--out",
        path_arg(out.path()),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("API.txt: line 2: `widget` is not a kind of item"),
        "{stderr}"
    );
    assert!(
        stderr.contains("delete it to start the API summary anew"),
        "{stderr}"
    );
    assert_eq!(snapshot(out.path()), before, "nothing was written");
}
