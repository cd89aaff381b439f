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
        description: "Models, update builders and requests for Microsoft Graph's educationUser, \
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
