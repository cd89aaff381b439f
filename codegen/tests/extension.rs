//! The extension workflow: a user adds a property and an enum member to the spec, generates, and
//! uses them, with no change to the generator.
//!
//! The generated crate is built and tested for real, in a temporary directory that shares the
//! workspace's lock file and a target directory of its own under `target/`.

mod support;

use std::path::Path;
use std::process::Command;

use serde_yaml::{Mapping, Value};

#[test]
fn a_new_property_and_enum_member_appear_and_compile() {
    let mut spec: Value =
        serde_yaml::from_str(&support::real_spec_text()).expect("the spec is YAML");
    let new_property: Value = serde_yaml::from_str(
        "type: string\ndescription: The name the user prefers to be called by.\nconstraints: {minLength: 2, maxLength: 4}\n",
    )
    .expect("YAML");
    properties_of(&mut spec, "educationUser").insert("preferredName".into(), new_property);
    // A writable property of an open type: its unknown properties are sent with it.
    let sponsor: Value =
        serde_yaml::from_str("type: identity\ndescription: The person who sponsors the user.\n")
            .expect("YAML");
    properties_of(&mut spec, "educationUser").insert("sponsor".into(), sponsor);
    let new_member: Value = serde_yaml::from_str(
        "name: administrator\nversions: [beta]\ndescription: A school administrator.\n",
    )
    .expect("YAML");
    members_of(&mut spec, "educationUserRole").push(new_member);
    // Types named like what generated code uses from serde and the runtime, and a property
    // holding each.
    spec["types"]["serialize"] = serde_yaml::from_str(
        "description: Named like serde's trait.\nproperties:\n  kind: {type: deserializer, description: A kind.}\n",
    )
    .expect("YAML");
    spec["types"]["field"] = serde_yaml::from_str(
        "description: Named like the runtime's Field.\nproperties:\n  name: {type: string, description: A name.}\n",
    )
    .expect("YAML");
    spec["enums"]["deserializer"] = serde_yaml::from_str(
        "description: Named like serde's trait.\nmembers: [{name: plain}, {name: fancy}]\n",
    )
    .expect("YAML");
    for (property, ty) in [("serialized", "serialize"), ("field", "field")] {
        let property_spec = format!("type: {ty}\ndescription: Holds a `{ty}`.\n");
        let property_spec: Value = serde_yaml::from_str(&property_spec).expect("YAML");
        properties_of(&mut spec, "educationUser").insert(property.into(), property_spec);
    }

    let spec_dir = support::spec_dir_with(&serde_yaml::to_string(&spec).expect("YAML serializes"));
    let files = support::generate(spec_dir.path());
    let user = files
        .iter()
        .find(|f| f.path == "src/models/education_user.rs")
        .expect("the user model");
    assert!(
        user.contents
            .contains("pub preferred_name: crate::Field<String>"),
        "{}",
        user.contents
    );
    let role = files
        .iter()
        .find(|f| f.path == "src/models/education_user_role.rs")
        .expect("the role enum");
    assert!(
        role.contents.contains("Administrator,"),
        "{}",
        role.contents
    );

    let crate_dir = tempfile::tempdir().expect("a temporary directory");
    write_crate(crate_dir.path(), "extended", &files, Some(EXTENSION_TEST));
    run_cargo(
        crate_dir.path(),
        &["test", "--quiet", "--offline", "--test", "extension"],
    );
}

/// Descriptions are text, never code: comment ends, attributes, quotes, code fences that would
/// become doc tests, indented blocks, control characters and non-ASCII all end up as harmless
/// docs, and the crate still builds and passes its doc tests.
#[test]
fn hostile_descriptions_are_harmless() {
    let hostile = "Ends */ a /* comment, `ticks`, #[cfg(any())] #![deny(warnings)] \"quotes\" \\ r#\"raw\"#\n\
                   ```rust\npanic!(\"a doc test\");\n```\n    indented();\n\u{7}bell \u{202e}bidi Ünïcödé 日本語 }";
    let mut spec: Value =
        serde_yaml::from_str(&support::real_spec_text()).expect("the spec is YAML");
    properties_of(&mut spec, "educationUser")["department"]["description"] = hostile.into();
    spec["types"]["physicalAddress"]["description"] = hostile.into();
    spec["enums"]["educationUserRole"]["members"][0]["description"] = hostile.into();
    spec["operations"]["updateEducationUser"]["description"] = hostile.into();
    spec["versions"]["beta"]["description"] = hostile.into();

    let spec_dir = support::spec_dir_with(&serde_yaml::to_string(&spec).expect("YAML serializes"));
    let files = support::generate(spec_dir.path());
    let crate_dir = tempfile::tempdir().expect("a temporary directory");
    write_crate(crate_dir.path(), "hostile", &files, None);
    let output = run_cargo(crate_dir.path(), &["test", "--quiet", "--offline", "--doc"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("test result: ok"), "{stdout}");
}

/// The snapshot spec uses what the real one doesn't (integers, a `PUT` without a response body,
/// delegated permissions, a pattern-free string collection replace); its crate must build too,
/// client included.
#[test]
fn the_small_spec_crate_builds_without_warnings() {
    let files = support::generate(&support::workspace_root().join("codegen/tests/data/small"));
    let crate_dir = tempfile::tempdir().expect("a temporary directory");
    write_crate(crate_dir.path(), "small", &files, None);
    let output = run_cargo(
        crate_dir.path(),
        &["build", "--quiet", "--offline", "--all-features"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
}

fn properties_of<'a>(spec: &'a mut Value, type_name: &str) -> &'a mut Mapping {
    spec["types"][type_name]["properties"]
        .as_mapping_mut()
        .expect("the type has properties")
}

fn members_of<'a>(spec: &'a mut Value, enum_name: &str) -> &'a mut Vec<Value> {
    spec["enums"][enum_name]["members"]
        .as_sequence_mut()
        .expect("the enum has members")
}

/// The generated files, the real crate's manifest and lock file, and a test of the new names.
/// Writes a crate whose package name ends in `tag`: crates that share the target directory must
/// differ in name, or cargo may take one's build for another's.
fn write_crate(dir: &Path, tag: &str, files: &[codegen::GeneratedFile], test: Option<&str>) {
    codegen::output::write(dir, files).expect("the generated files are written");
    let root = support::workspace_root();
    let manifest =
        std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("the crate manifest");
    // Stand alone: no workspace to inherit from.
    let manifest = keep_package_and_dependencies(&manifest, tag);
    std::fs::write(dir.join("Cargo.toml"), manifest + "\n[workspace]\n")
        .expect("the manifest is written");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("the lock file is copied");
    if let Some(test) = test {
        std::fs::create_dir_all(dir.join("tests")).expect("tests/ is created");
        std::fs::write(dir.join("tests/extension.rs"), test).expect("the test is written");
    }
}

/// A package named after `tag`, with the library name, `[dependencies]` and `[features]` of the
/// real crate.
fn keep_package_and_dependencies(manifest: &str, tag: &str) -> String {
    let mut kept = format!(
        "[package]\nname = \"graph-education-{tag}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [lib]\nname = \"graph_education\"\n\n"
    );
    let mut in_kept_section = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_kept_section = line == "[dependencies]" || line == "[features]";
        }
        if in_kept_section {
            // The runtime is a path dependency, relative to the real crate's directory.
            let runtime = support::workspace_root().join("runtime");
            let line = line.replace(
                "\"../runtime\"",
                &format!("{:?}", runtime.display().to_string()),
            );
            kept.push_str(&line);
            kept.push('\n');
        }
    }
    kept
}

const EXTENSION_TEST: &str = r##"
use graph_education::models::{EducationUser, EducationUserRole, Identity};
use graph_education::operations::UpdateEducationUser;
use graph_education::requests::{ApiVersion, Cloud};
use graph_education::Field;

/// The codes of the violations of `preferredName` set to `name`.
fn length_violations(name: &str) -> Vec<&'static str> {
    match UpdateEducationUser::me().preferred_name(name).validate(ApiVersion::V1_0, Cloud::Global) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.violations().iter().map(|v| v.code.as_str()).collect(),
    }
}

#[test]
fn lengths_count_characters_not_bytes() {
    // minLength 2, maxLength 4; `é` is two bytes, `𝄞` four.
    assert_eq!(length_violations("a"), ["too_short"]);
    assert_eq!(length_violations("é"), ["too_short"]);
    assert!(length_violations("ab").is_empty());
    assert!(length_violations("𝄞𝄞").is_empty());
    assert!(length_violations("éééé").is_empty());
    assert!(length_violations("𝄞𝄞𝄞𝄞").is_empty());
    assert_eq!(length_violations("abcde"), ["too_long"]);
    assert_eq!(length_violations("ééééé"), ["too_long"]);
}

#[test]
fn the_new_property_and_member_read_and_write() {
    let json = r#"{"preferredName": "Rogi", "primaryRole": "administrator"}"#;
    let user: EducationUser = graph_education::from_json(json).unwrap();
    assert_eq!(user.preferred_name, Field::Value("Rogi".to_string()));
    assert_eq!(user.primary_role, Field::Value(EducationUserRole::Administrator));
    assert!(user.additional_properties.is_empty());
    assert_eq!(serde_json::to_string(&user).unwrap(), json.replace(": ", ":").replace(", ", ","));
}

#[test]
fn types_named_like_what_generated_code_uses_work() {
    use graph_education::models::{Deserializer, Serialize};
    let json = r#"{"field":{"name":"F"},"serialized":{"kind":"fancy"}}"#;
    let user: EducationUser = graph_education::from_json(json).unwrap();
    let serialized = Serialize { kind: Field::Value(Deserializer::Fancy), ..Default::default() };
    assert_eq!(user.serialized, Field::Value(serialized));
    assert_eq!(String::from_utf8(user.to_json()).unwrap(), json);
    let field = graph_education::models::Field { name: Field::Value("G".into()), ..Default::default() };
    assert_eq!(UpdateEducationUser::me().field(field).to_json(), br#"{"field":{"name":"G"}}"#);
}

#[test]
fn an_open_value_is_sent_with_its_unknown_properties() {
    let sponsor: Identity =
        graph_education::from_json(r#"{"displayName": "Ana \"Tía\"", "@odata.type": "graph.identity", "tags": [1, {"a": null}]}"#)
            .unwrap();
    let update = UpdateEducationUser::me().preferred_name("Rogi").sponsor(sponsor);
    assert_eq!(
        String::from_utf8(update.to_json()).unwrap(),
        r#"{"preferredName":"Rogi","sponsor":{"displayName":"Ana \"Tía\"","@odata.type":"graph.identity","tags":[1,{"a":null}]}}"#
    );
}
"##;

/// The crates share one target directory, so that dependencies build once; builds of
/// different crates with the same name must not overlap there.
static CARGO_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn run_cargo(crate_dir: &Path, args: &[&str]) -> std::process::Output {
    let _serialized = CARGO_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = support::workspace_root().join("target/extension-test");
    let output = Command::new(cargo)
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the extended crate failed to build or test:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
