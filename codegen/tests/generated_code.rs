//! The checked-in `generated/` crate is what the generator makes, and the generator is
//! deterministic: the same spec, in any order of its entries, gives the same bytes.

mod support;

use serde_yaml::Value;

#[test]
fn checked_in_code_is_fresh() {
    let root = support::workspace_root();
    let files = support::generate(&root.join("specs"));
    let stale =
        codegen::output::check(&root.join("generated"), &files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale: {stale:?}\nrun `cargo xtask codegen` and commit the result"
    );
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let specs = support::workspace_root().join("specs");
    assert_eq!(support::generate(&specs), support::generate(&specs));
}

#[test]
fn the_order_of_entries_does_not_change_the_output() {
    let original = support::real_spec_text();
    let mut value: Value = serde_yaml::from_str(&original).expect("the spec is YAML");
    reverse_mappings(&mut value);
    let reordered = serde_yaml::to_string(&value).expect("YAML serializes");
    assert_ne!(reordered, original);

    let original_dir = support::spec_dir_with(&original);
    let reordered_dir = support::spec_dir_with(&reordered);
    assert_eq!(
        support::generate(original_dir.path()),
        support::generate(reordered_dir.path())
    );
}

#[test]
fn a_spec_split_over_files_gives_the_same_output() {
    let original = support::real_spec_text();
    let mut value: Value = serde_yaml::from_str(&original).expect("the spec is YAML");
    let Value::Mapping(sections) = &mut value else {
        panic!("the spec is a mapping")
    };
    let enums = sections.remove("enums").expect("the spec has enums");
    let dir = support::spec_dir_with(&serde_yaml::to_string(&value).expect("YAML serializes"));
    let mut enums_file = serde_yaml::Mapping::new();
    enums_file.insert("enums".into(), enums);
    std::fs::write(
        dir.path().join("zz-enums.yaml"),
        serde_yaml::to_string(&enums_file).expect("YAML serializes"),
    )
    .expect("the second file is written");

    let whole_dir = support::spec_dir_with(&original);
    assert_eq!(
        support::generate(whole_dir.path()),
        support::generate(dir.path())
    );
}

/// Reverses the order of the entries of every mapping; sequences (enum members) keep theirs.
fn reverse_mappings(value: &mut Value) {
    match value {
        Value::Mapping(mapping) => {
            let mut entries: Vec<(Value, Value)> = std::mem::take(mapping).into_iter().collect();
            entries.reverse();
            for (key, mut child) in entries {
                reverse_mappings(&mut child);
                mapping.insert(key, child);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(reverse_mappings),
        _ => {}
    }
}
