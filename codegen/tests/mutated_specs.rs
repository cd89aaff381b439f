//! The spec that uses every feature, changed in one place at a time (every key and every
//! scalar but descriptions, each replaced by names that have broken generators): every mutant
//! either generates or gets spec errors. The generator never panics, and never emits what syn
//! can't parse. A failure names the place and the replacement.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use serde_yaml::Value;

/// What replaces each name and value in turn: nothing, a leading digit, a keyword, and the
/// name of a method the generated code has.
const REPLACEMENTS: &[&str] = &["", "0abc", "self", "clone"];

/// Every key and every scalar (descriptions aside: the hostile-description tests cover them)
/// of the spec that uses every feature, replaced in turn by each of [`REPLACEMENTS`]: one
/// change per mutant, so that no rare place is left to chance. On two threads.
#[test]
fn every_name_and_value_replaced_generates_or_gets_spec_errors() {
    let spec = "codegen/tests/data/library/spec.yaml";
    let text = std::fs::read_to_string(support::workspace_root().join(spec)).expect("readable");
    let original: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let places = count_places(&original);
    assert!(places > 300, "only {places} places");
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                let original = &original;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for place in (worker..places).step_by(2) {
                        for replacement in REPLACEMENTS {
                            let mut mutant = original.clone();
                            replace(&mut mutant, &mut place.clone(), replacement);
                            let text = serde_yaml::to_string(&mutant).expect("YAML serializes");
                            if let Err(problem) = generate_or_spec_errors(&text) {
                                failures.push(format!(
                                    "{spec}, place {place} as {replacement:?}: {problem}\n{text}"
                                ));
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// How many places [`replace`] can change.
fn count_places(value: &Value) -> usize {
    let mut count = 0;
    while replace(&mut value.clone(), &mut count.clone(), "") {
        count += 1;
    }
    count
}

/// Replaces the key or scalar at `place` (counted depth first, a mapping's keys before what
/// each holds, descriptions left out) with `text`; `false` when there are fewer places.
fn replace(value: &mut Value, place: &mut usize, text: &str) -> bool {
    match value {
        Value::Mapping(mapping) => {
            let keys: Vec<Value> = mapping.keys().cloned().collect();
            for key in keys {
                if *place == 0 {
                    let entry = mapping.remove(&key).unwrap_or_default();
                    mapping.insert(Value::String(text.into()), entry);
                    return true;
                }
                *place -= 1;
                if key.as_str() == Some("description") {
                    continue;
                }
                if let Some(entry) = mapping.get_mut(&key) {
                    if replace(entry, place, text) {
                        return true;
                    }
                }
            }
            false
        }
        Value::Sequence(items) => items.iter_mut().any(|item| replace(item, place, text)),
        scalar => {
            if *place == 0 {
                *scalar = Value::String(text.into());
                return true;
            }
            *place -= 1;
            false
        }
    }
}

/// `Ok` when the spec generates or gets spec errors; what went wrong otherwise.
fn generate_or_spec_errors(text: &str) -> Result<(), String> {
    let path = Path::new("mutant.yaml");
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let parsed = codegen::spec::parse(path, text).ok()?;
        codegen::generate_from(vec![(path.to_path_buf(), parsed)], &support::info()).err()
    }));
    match outcome {
        Ok(None | Some(codegen::Error::Spec(_))) => Ok(()),
        Ok(Some(error)) => Err(format!("the generator failed: {error}")),
        Err(panic) => Err(format!(
            "the generator panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}
