//! The generator on specs that are not ours: each crate is generated, then built for real and
//! run: its behaviour test (parse, round trip, build, validate, diff, the client), its doc
//! tests, and its docs with warnings denied (spec text with brackets, URLs, HTML and code fences
//! must not break them).

mod support;

use codegen::CrateInfo;

fn check_foreign_crate(spec: &str, lib_name: &str, behaviour: &str) {
    let info = CrateInfo {
        name: lib_name.into(),
        description: format!("The `{lib_name}` API, generated for a test."),
        generator_version: codegen::VERSION.into(),
    };
    let spec_dir = support::workspace_root()
        .join("codegen/tests/data")
        .join(spec);
    let files = codegen::generate(&spec_dir, &info).unwrap_or_else(|error| panic!("{error}"));
    let crate_dir = tempfile::tempdir().expect("a temporary directory");
    support::write_crate(crate_dir.path(), spec, lib_name, &files, Some(behaviour));
    let tested = support::run_cargo(crate_dir.path(), &["test", "--offline", "--all-features"]);
    let stdout = String::from_utf8_lossy(&tested.stdout);
    // Cargo runs the doc tests last, and says so on stderr.
    let doc_tests = stdout.rsplit("test result:").next().unwrap_or_default();
    assert!(String::from_utf8_lossy(&tested.stderr).contains("Doc-tests"));
    assert!(
        doc_tests.starts_with(" ok.") && !doc_tests.starts_with(" ok. 0 passed"),
        "the doc tests ran:\n{stdout}"
    );
    // Without the client feature: its module is the same for every spec (the real crate's docs
    // check it), and its dependencies would all be checked again for rustdoc.
    let documented = support::run_cargo_with(
        crate_dir.path(),
        &["doc", "--offline", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let stderr = String::from_utf8_lossy(&documented.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_library_spec_with_every_feature() {
    check_foreign_crate("library", "library", include_str!("foreign/library.rs"));
}

#[test]
fn a_minimal_spec() {
    check_foreign_crate("minimal", "minimal", include_str!("foreign/minimal.rs"));
}
