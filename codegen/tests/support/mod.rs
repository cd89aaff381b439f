//! Helpers shared by the generator's integration tests.
#![allow(dead_code)] // Each test crate uses a part.

use std::path::{Path, PathBuf};

use codegen::{CrateInfo, GeneratedFile};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What `cargo xtask codegen` passes; the freshness test fails if the two drift apart.
pub fn info() -> CrateInfo {
    CrateInfo {
        name: "graph_education".into(),
        description: "Models and request builders for Microsoft Graph's educationUser, \
                      generated from the API description in `specs/`."
            .into(),
        generator_version: codegen::VERSION.into(),
    }
}

/// Generates from a directory of spec files, failing the test with the diagnostics if any.
pub fn generate(spec_dir: &Path) -> Vec<GeneratedFile> {
    codegen::generate(spec_dir, &info()).unwrap_or_else(|error| panic!("{error}"))
}

/// Writes `text` as the only spec file of a new temporary directory.
pub fn spec_dir_with(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("spec.yaml"), text).expect("the spec is written");
    dir
}

pub fn real_spec_text() -> String {
    std::fs::read_to_string(workspace_root().join("specs/graph-education.yaml"))
        .expect("the real spec")
}

/// Writes a generated crate that stands alone in `dir`: the generated files, a manifest with
/// the real crate's `[dependencies]` and `[features]`, the workspace's lock file, and `test` as
/// `tests/behaviour.rs`. Its package name ends in `tag`: crates that share the target directory
/// must differ in name, or cargo may take one's build for another's.
pub fn write_crate(
    dir: &Path,
    tag: &str,
    lib_name: &str,
    files: &[GeneratedFile],
    test: Option<&str>,
) {
    codegen::output::write(dir, files).expect("the generated files are written");
    let root = workspace_root();
    let manifest =
        std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("the crate manifest");
    let manifest = standalone_manifest(&manifest, tag, lib_name);
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("the manifest is written");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("the lock file is copied");
    if let Some(test) = test {
        std::fs::create_dir_all(dir.join("tests")).expect("tests/ is created");
        std::fs::write(dir.join("tests/behaviour.rs"), test).expect("the test is written");
    }
}

/// A package named after `tag`, with the `[dependencies]` and `[features]` of the real crate
/// (the runtime by its absolute path) and its dev-dependencies that tests use, and no workspace.
fn standalone_manifest(manifest: &str, tag: &str, lib_name: &str) -> String {
    let mut kept = member_manifest(manifest, tag, lib_name);
    kept.push_str("\n[dev-dependencies]\ntokio = { version = \"1.48\", default-features = false, features = [\"macros\", \"rt\", \"net\", \"time\"] }\nwiremock = \"0.6.5\"\n\n[workspace]\n");
    kept.push_str(DEPENDENCY_PROFILE);
    kept
}

/// As the workspace builds its dependencies: without debug info, which the tests never read
/// and which made building the client's TLS stack slower.
pub const DEPENDENCY_PROFILE: &str = "\n[profile.dev.package.\"*\"]\ndebug = false\n";

/// The manifest of a generated crate in a workspace of the test's: a package named after
/// `tag`, with the `[dependencies]` and `[features]` of the real crate's `manifest`.
pub fn member_manifest(manifest: &str, tag: &str, lib_name: &str) -> String {
    let mut kept = format!(
        "[package]\nname = \"generated-{tag}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [lib]\nname = \"{lib_name}\"\n\n"
    );
    let runtime = format!(
        "{:?}",
        workspace_root().join("runtime").display().to_string()
    );
    let mut in_kept_section = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_kept_section = line == "[dependencies]" || line == "[features]";
        }
        if in_kept_section {
            kept.push_str(&line.replace("\"../runtime\"", &runtime));
            kept.push('\n');
        }
    }
    kept
}

/// The crates share one target directory, so that dependencies build once; builds of
/// different crates with the same name must not overlap there.
static CARGO_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs cargo in `crate_dir` with `env`, failing the test with its output if it fails.
pub fn run_cargo_with(
    crate_dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let output = cargo(crate_dir, args, env);
    assert!(
        output.status.success(),
        "the generated crate failed to build or test:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs cargo in `crate_dir` with `env`, in the target directory the tests share, whatever
/// its outcome.
pub fn cargo(crate_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let _serialized = CARGO_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = workspace_root().join("target/extension-test");
    std::process::Command::new(cargo)
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs")
}

/// [`run_cargo_with`] with the environment as it is.
pub fn run_cargo(crate_dir: &Path, args: &[&str]) -> std::process::Output {
    run_cargo_with(crate_dir, args, &[])
}
