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

/// The names a builder's methods take are the spec's (constructors, setters, `clear_` setters,
/// header setters) or `BUILDER_METHODS`, which the resolver keeps spec names away from. Read
/// from what is emitted, so that a method added to the builders without being listed fails
/// here, and a listed name no builder has any more does too.
#[test]
fn builder_methods() {
    let root = support::workspace_root();
    let mut unlisted = Vec::new();
    let mut emitted_fixed = std::collections::BTreeSet::new();
    for dir in [root.join("specs"), root.join("codegen/tests/data/small")] {
        let files = codegen::spec::load_dir(&dir).expect("the spec loads");
        let api = codegen::resolve::resolve(files).expect("the spec resolves");
        let generated = support::generate(&dir);
        for op in &api.operations {
            let mut from_spec: Vec<String> = op.paths.iter().map(|p| p.fn_name.clone()).collect();
            let creates = matches!(op.body, codegen::ir::Body::Create);
            for property in api.sent_properties(op) {
                if creates && property.required_on_create {
                    continue; // a constructor's argument
                }
                from_spec.push(property.rust_name.clone());
                if !creates {
                    from_spec.push(format!("clear_{}", property.rust_name));
                }
            }
            for header in &op.headers {
                if let codegen::ir::HeaderKind::Given { setter, .. } = &header.kind {
                    from_spec.push(setter.clone());
                }
            }
            from_spec.extend(op.query.iter().map(|option| option.setter().to_string()));
            let path = format!("src/operations/{}.rs", op.module);
            let file = generated
                .iter()
                .find(|f| f.path == path)
                .expect("the operation's file");
            let syntax = syn::parse_file(&file.contents).expect("the module parses");
            for method in impl_methods(&syntax, &op.rust_name) {
                if codegen::ir::BUILDER_METHODS.contains(&method.as_str()) {
                    emitted_fixed.insert(method);
                } else if !from_spec.contains(&method) {
                    unlisted.push(format!("{}::{method}", op.rust_name));
                }
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "add these to BUILDER_METHODS: {unlisted:?}"
    );
    let listed: std::collections::BTreeSet<String> = codegen::ir::BUILDER_METHODS
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(
        emitted_fixed, listed,
        "BUILDER_METHODS lists methods no builder has"
    );
}

/// The methods of every `impl` (inherent or of a trait) of the type named `ty`.
fn impl_methods(file: &syn::File, ty: &str) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => Some(block),
            _ => None,
        })
        .filter(|block| match &*block.self_ty {
            syn::Type::Path(path) => path.path.segments.last().is_some_and(|s| s.ident == ty),
            _ => false,
        })
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// Doc comments read as written by hand: prose wrapped within 100 columns, in the crates of the
/// real spec and of every spec the tests carry (code in examples is left as it is).
#[test]
fn doc_prose_stays_within_100_columns() {
    let root = support::workspace_root();
    let spec_dirs = [
        "specs",
        "codegen/tests/data/small",
        "codegen/tests/data/library",
        "codegen/tests/data/minimal",
    ];
    let mut too_wide = Vec::new();
    for spec_dir in spec_dirs {
        for file in support::generate(&root.join(spec_dir)) {
            let mut in_code = false;
            for (index, line) in file.contents.lines().enumerate() {
                let Some(text) = doc_text(line) else { continue };
                if text.trim_start().starts_with("```") {
                    in_code = !in_code;
                } else if !in_code && line.chars().count() > 100 {
                    too_wide.push(format!("{spec_dir}: {}:{}: {line}", file.path, index + 1));
                }
            }
        }
    }
    assert!(too_wide.is_empty(), "{}", too_wide.join("\n"));
}

/// The text of a `///` or `//!` line.
fn doc_text(line: &str) -> Option<&str> {
    let line = line.trim_start();
    line.strip_prefix("///")
        .or_else(|| line.strip_prefix("//!"))
}
