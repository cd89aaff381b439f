//! A corpus of broken specs, each with the exact report it must get (`tests/broken/*.expected`).
//!
//! After an intended change to a message, update them with
//! `UPDATE_EXPECT=1 cargo test -p codegen --test broken_specs`, and read the diff.

mod support;

use std::path::Path;

use expect_test::expect_file;

/// What `cargo xtask codegen` prints for a spec: its diagnostics, or that it generates.
fn report(file_name: &str, text: &str) -> String {
    let path = Path::new(file_name);
    let parsed = match codegen::spec::parse(path, text) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return format!("{}\n", codegen::Diagnostics(vec![diagnostic])),
    };
    match codegen::generate_from(vec![(path.to_path_buf(), parsed)], &support::info()) {
        Ok(_) => "generated without errors\n".to_string(),
        Err(error) => format!("{error}\n"),
    }
}

#[test]
fn every_broken_spec_gets_its_exact_report() {
    let dir = support::workspace_root().join("codegen/tests/broken");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 60, "the corpus has {} specs", specs.len());
    for spec in specs {
        let file_name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name");
        let text = std::fs::read_to_string(&spec).expect("the spec is readable");
        let report = report(file_name, &text);
        assert!(
            report.contains("error:"),
            "{file_name} must be rejected, got: {report}"
        );
        expect_file![spec.with_extension("expected")].assert_eq(&report);
    }
}

/// No spec property can take the name of a method every builder has: each name, written as a
/// property of a resource with a partial update, is reported at that property.
#[test]
fn no_property_can_become_a_builder_method() {
    use heck::ToLowerCamelCase;
    let base = std::fs::read_to_string(
        support::workspace_root().join("codegen/tests/broken/property_named_diff.yaml"),
    )
    .expect("the corpus spec");
    for method in codegen::ir::BUILDER_METHODS {
        let property = method.to_lower_camel_case();
        let text = base.replace("      diff: {", &format!("      {property}: {{"));
        let report = report("spec.yaml", &text);
        let expected = format!(
            "types.widget.properties.{property}: the setter of `{property}` would be `{method}`, which is already a method every builder has"
        );
        assert!(report.contains(&expected), "{method}: {report}");
    }
}
