//! Snapshot of the generator's output for a small spec that uses every kind of property.
//!
//! The snapshots live in `tests/snapshots/small/`; after an intended change, update them with
//! `UPDATE_EXPECT=1 cargo test -p codegen --test snapshot`, and read the diff.

mod support;

use expect_test::{expect, expect_file};

#[test]
fn small_spec() {
    let spec_dir = support::workspace_root().join("codegen/tests/data/small");
    let files = support::generate(&spec_dir);
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    expect![[r#"
        [
            "src/lib.rs",
            "src/validation.rs",
            "src/requests.rs",
            "src/client.rs",
            "src/models/mod.rs",
            "src/operations/mod.rs",
            "src/models/part.rs",
            "src/models/widget.rs",
            "src/models/color.rs",
            "src/models/mode.rs",
            "src/operations/replace_tags.rs",
            "src/operations/update_widget.rs",
        ]
    "#]]
    .assert_debug_eq(&paths);
    for file in files {
        let snapshot = format!("snapshots/small/{}", file.path.trim_start_matches("src/"));
        expect_file![snapshot].assert_eq(&file.contents);
    }
}
