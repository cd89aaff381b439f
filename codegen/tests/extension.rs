//! The extension workflow: a user adds a property and an enum member to the spec, generates, and
//! uses them, with no change to the generator.
//!
//! The generated crate is built and tested for real, in a temporary directory that shares the
//! workspace's lock file and a target directory of its own under `target/`.

mod support;

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
    support::write_crate(
        crate_dir.path(),
        "extended",
        "graph_education",
        &files,
        Some(EXTENSION_TEST),
    );
    support::run_cargo(
        crate_dir.path(),
        &["test", "--quiet", "--offline", "--test", "behaviour"],
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
    support::write_crate(crate_dir.path(), "hostile", "graph_education", &files, None);
    let output = support::run_cargo(crate_dir.path(), &["test", "--quiet", "--offline", "--doc"]);
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
    support::write_crate(crate_dir.path(), "small", "graph_education", &files, None);
    let output = support::run_cargo(
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
    let mut serialized = Serialize::default();
    serialized.kind = Field::Value(Deserializer::Fancy);
    assert_eq!(user.serialized, Field::Value(serialized));
    assert_eq!(String::from_utf8(user.to_json()).unwrap(), json);
    let mut field = graph_education::models::Field::default();
    field.name = Field::Value("G".into());
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
