//! Synthetic specs for benchmarks: `types` complex types of `properties` properties each, using
//! every kind of property and constraint, deterministic for a given seed.

use fastrand::Rng;

use crate::spec::{
    BodySpec, Capability, CloudSpec, ConstraintsSpec, Entries, EnumSpec, Format, MemberSpec,
    Method, OperationSpec, PathSpec, PermissionsSpec, PropertySpec, SpecFile, SuccessSpec,
    TypeSpec, VersionSpec,
};

/// Every tenth type gets a partial-update operation, like a resource among its parts.
const OPERATION_EVERY: usize = 10;

/// The YAML text of a synthetic spec, written as people write specs: keys left out when they
/// hold their default.
pub fn synthetic_spec(types: usize, properties: usize, seed: u64) -> String {
    let spec = synthetic_spec_file(types, properties, seed);
    let mut value = serde_yaml::to_value(&spec).unwrap_or_default();
    drop_defaults(&mut value);
    serde_yaml::to_string(&value).unwrap_or_default()
}

/// The same types as [`synthetic_spec`], as a JSON Schema (draft 7) for other generators
/// (typify), to compare with theirs: each type an object of optional properties, each enum a
/// string enum (the flags enum a string), references as `$ref`, and the constraints JSON
/// Schema has (lengths, patterns, item counts, `email`, `date`, `date-time` and `uuid`).
pub fn synthetic_json_schema(types: usize, properties: usize, seed: u64) -> String {
    use serde_json::{Map, Value, json};
    let spec = synthetic_spec_file(types, properties, seed);
    let mut definitions = Map::new();
    for (name, enumeration) in &spec.enums.0 {
        if !enumeration.flags {
            let members: Vec<&str> = enumeration
                .members
                .iter()
                .map(|m| m.name.as_str())
                .collect();
            let schema =
                json!({"description": enumeration.description, "type": "string", "enum": members});
            definitions.insert(name.clone(), schema);
        }
    }
    for (name, ty) in &spec.types.0 {
        let properties: Map<String, Value> = ty
            .properties
            .0
            .iter()
            .map(|(name, property)| (name.clone(), property_schema(&spec, property)))
            .collect();
        let schema =
            json!({"description": ty.description, "type": "object", "properties": properties});
        definitions.insert(name.clone(), schema);
    }
    let schema =
        json!({"$schema": "http://json-schema.org/draft-07/schema#", "definitions": definitions});
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

fn property_schema(spec: &SpecFile, property: &PropertySpec) -> serde_json::Value {
    use serde_json::{Value, json};
    let constraints = &property.constraints;
    let mut schema = match property.ty.as_str() {
        "boolean" => json!({"type": "boolean"}),
        "integer" => json!({"type": "integer", "format": "int64"}),
        "date" => json!({"type": "string", "format": "date"}),
        "dateTimeOffset" => json!({"type": "string", "format": "date-time"}),
        "guid" => json!({"type": "string", "format": "uuid"}),
        name if spec.enums.0.get(name).is_some_and(|e| e.flags) => json!({"type": "string"}),
        name if spec.types.0.contains_key(name) || spec.enums.0.contains_key(name) => {
            json!({"$ref": format!("#/definitions/{name}")})
        }
        _ => {
            let mut string = json!({"type": "string"});
            let limits = [
                ("minLength", constraints.min_length),
                ("maxLength", constraints.max_length),
            ];
            for (key, limit) in limits {
                if let Some(limit) = limit {
                    string[key] = limit.into();
                }
            }
            if let Some(pattern) = &constraints.pattern {
                string["pattern"] = pattern.as_str().into();
            }
            if constraints.format == Some(Format::Email) {
                string["format"] = "email".into();
            }
            string
        }
    };
    if property.collection {
        schema = json!({"type": "array", "items": schema});
        for (key, limit) in [
            ("minItems", constraints.min_items),
            ("maxItems", constraints.max_items),
        ] {
            if let Some(limit) = limit {
                schema[key] = limit.into();
            }
        }
    }
    schema["description"] = Value::from(property.description.as_str());
    schema
}

/// Removes entries that hold their default: `null`, empty mappings, and `false` (except
/// for `nullable` and `clearable`, whose default is not `false`), and `nullable: true`.
fn drop_defaults(value: &mut serde_yaml::Value) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(mapping) => {
            mapping.retain(|key, value| {
                drop_defaults(value);
                let key = key.as_str().unwrap_or_default();
                let default = match value {
                    Value::Null => true,
                    Value::Bool(flag) => match key {
                        "nullable" => *flag,
                        "clearable" => false,
                        _ => !*flag,
                    },
                    Value::Mapping(entries) => entries.is_empty(),
                    _ => false,
                };
                !default
            });
        }
        Value::Sequence(items) => items.iter_mut().for_each(drop_defaults),
        _ => {}
    }
}

fn synthetic_spec_file(types: usize, properties: usize, seed: u64) -> SpecFile {
    let mut rng = Rng::with_seed(seed);
    let mut spec = SpecFile::default();
    for (name, description) in [("v1.0", "Stable."), ("beta", "Preview.")] {
        spec.versions.0.insert(
            name.into(),
            VersionSpec {
                description: description.into(),
            },
        );
    }
    spec.clouds.0.insert(
        "global".into(),
        CloudSpec {
            description: "Global.".into(),
            root: "https://api.example.com".into(),
        },
    );
    let enums = (types / 10).max(2);
    for index in 0..enums {
        spec.enums.0.insert(enum_name(index), enumeration(index));
    }
    spec.enums.0.insert("mode".into(), flags());
    for index in 0..types {
        let properties = (0..properties)
            .map(|p| {
                (
                    format!("prop{p:02}"),
                    property(&mut rng, index, p, types, enums),
                )
            })
            .collect();
        let ty = TypeSpec {
            description: format!("Synthetic type {index}."),
            open: index % 7 == 0,
            versions: None,
            properties: Entries(properties),
        };
        spec.types.0.insert(type_name(index), ty);
        if index % OPERATION_EVERY == 0 {
            spec.operations
                .0
                .insert(format!("update{index:04}"), operation(index));
        }
    }
    spec
}

fn type_name(index: usize) -> String {
    format!("thing{index:04}")
}

fn enum_name(index: usize) -> String {
    format!("kind{index:03}")
}

fn enumeration(index: usize) -> EnumSpec {
    let member = |name: &str, versions: Option<Vec<String>>| MemberSpec {
        name: name.into(),
        description: Some(format!("The {name} member.")),
        versions,
    };
    EnumSpec {
        description: format!("Synthetic enum {index}."),
        evolvable: true,
        flags: false,
        versions: None,
        members: vec![
            member("alpha", None),
            member("beta", None),
            member("gamma", None),
            member("unknownFutureValue", None),
            member("delta", Some(vec!["beta".into()])),
        ],
    }
}

fn flags() -> EnumSpec {
    EnumSpec {
        description: "Synthetic flags.".into(),
        evolvable: false,
        flags: true,
        versions: None,
        members: ["Fast", "Quiet", "Safe"]
            .map(|name| MemberSpec {
                name: name.into(),
                description: None,
                versions: None,
            })
            .into(),
    }
}

/// Property `p` of type `index`: its kind cycles, its details are drawn from `rng`.
fn property(rng: &mut Rng, index: usize, p: usize, types: usize, enums: usize) -> PropertySpec {
    let mut spec = PropertySpec {
        ty: "string".into(),
        collection: false,
        description: format!("Property {p} of thing {index}."),
        nullable: true,
        clearable: None,
        read_only: false,
        required_on_create: false,
        sensitive: false,
        versions: None,
        constraints: ConstraintsSpec::default(),
        filterable: Capability::default(),
        orderable: false,
    };
    let constraints = &mut spec.constraints;
    match p % 20 {
        0 => {
            constraints.min_length = Some(1);
            constraints.max_length = Some(rng.u64(8..200));
        }
        1 => {
            constraints.pattern =
                Some(["^[A-Za-z0-9 ]*$", "^[a-z]+(-[a-z]+)*$", "^\\d{3}$"][rng.usize(0..3)].into())
        }
        2 => constraints.format = Some(Format::Email),
        3 => constraints.format = Some(Format::CountryCode),
        4 => constraints.format = Some(Format::LanguageTag),
        5 => constraints.format = Some(Format::PhoneNumber),
        6 => spec.ty = "boolean".into(),
        7 => spec.ty = "integer".into(),
        8 => spec.ty = "date".into(),
        9 => spec.ty = "dateTimeOffset".into(),
        10 => spec.ty = "guid".into(),
        11 if index + 1 < types => spec.ty = type_name(rng.usize(index + 1..types)),
        // The last type holds itself: a recursive type, boxed.
        11 => spec.ty = type_name(index),
        12 => spec.ty = enum_name(rng.usize(0..enums)),
        13 => spec.ty = "mode".into(),
        14 => {
            spec.collection = true;
            spec.nullable = false;
            constraints.min_items = Some(0);
            constraints.max_items = Some(rng.u64(1..5));
        }
        15 => {
            spec.collection = true;
            spec.ty = type_name(rng.usize(0..types));
        }
        16 => spec.sensitive = true,
        17 => spec.read_only = true,
        18 => spec.clearable = Some(false),
        19 => spec.versions = Some(vec!["beta".into()]),
        _ => {}
    }
    spec.required_on_create = !spec.read_only && rng.u8(0..10) == 0;
    spec
}

fn operation(index: usize) -> OperationSpec {
    OperationSpec {
        description: format!("Update thing {index}."),
        method: Method::Patch,
        resource: type_name(index),
        paths: vec![PathSpec::Template(format!("/things{index:04}/{{id}}"))],
        versions: vec!["v1.0".into(), "beta".into()],
        clouds: vec!["global".into()],
        permissions: PermissionsSpec {
            delegated_work: Vec::new(),
            delegated_personal: Vec::new(),
            application: vec!["Things.ReadWrite.All".into()],
        },
        headers: Entries::default(),
        body: BodySpec::PartialUpdate,
        query: Vec::new(),
        success: SuccessSpec {
            status: 200,
            body: Some(type_name(index)),
            page: None,
            delta: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CrateInfo;

    fn info() -> CrateInfo {
        CrateInfo {
            name: "synthetic".into(),
            description: "Synthetic.".into(),
            generator_version: "0".into(),
        }
    }

    #[test]
    fn leaves_out_defaults_without_changing_the_spec() {
        let text = synthetic_spec(20, 30, 3);
        assert!(!text.contains(": null"), "{text}");
        let lean = crate::spec::parse(std::path::Path::new("lean.yaml"), &text).expect("it parses");
        let full = serde_yaml::to_string(&synthetic_spec_file(20, 30, 3)).expect("it serializes");
        let full = crate::spec::parse(std::path::Path::new("full.yaml"), &full).expect("it parses");
        assert_eq!(
            serde_json::to_value(&lean).expect("JSON"),
            serde_json::to_value(&full).expect("JSON")
        );
    }

    #[test]
    fn the_json_schema_has_every_type_with_its_references_and_constraints() {
        let schema: serde_json::Value =
            serde_json::from_str(&synthetic_json_schema(20, 30, 3)).expect("JSON");
        let definitions = schema["definitions"].as_object().expect("definitions");
        // 20 types and 2 enums; the flags enum is a plain string.
        assert_eq!(definitions.len(), 22);
        let spec = synthetic_spec_file(20, 30, 3);
        let thing = &definitions["thing0000"]["properties"];
        assert_eq!(thing.as_object().map(|p| p.len()), Some(30));
        let reference = format!(
            "#/definitions/{}",
            spec.types.0["thing0000"].properties.0["prop11"].ty
        );
        assert_eq!(thing["prop11"]["$ref"], reference.as_str());
        assert_eq!(thing["prop00"]["minLength"], 1);
        assert!(thing["prop01"]["pattern"].is_string());
        assert_eq!(thing["prop14"]["type"], "array");
        assert_eq!(
            thing["prop15"]["items"]["$ref"]
                .as_str()
                .map(|r| r.starts_with("#/definitions/thing")),
            Some(true)
        );
        assert_eq!(thing["prop13"]["type"], "string");
        assert_eq!(definitions["kind000"]["enum"][0], "alpha");
    }

    #[test]
    fn is_deterministic_for_a_seed_and_varies_with_it() {
        assert_eq!(synthetic_spec(20, 30, 7), synthetic_spec(20, 30, 7));
        assert_ne!(synthetic_spec(20, 30, 7), synthetic_spec(20, 30, 8));
    }

    #[test]
    fn generates_without_errors() {
        let text = synthetic_spec(30, 30, 1);
        let file =
            crate::spec::parse(std::path::Path::new("synthetic.yaml"), &text).expect("it parses");
        let files = crate::generate_from(vec![("synthetic.yaml".into(), file)], &info())
            .unwrap_or_else(|e| panic!("{e}"));
        // 30 types, 4 enums (3 plus the flags enum), 3 operations, and the fixed modules.
        assert_eq!(files.len(), 30 + 4 + 3 + 6);
    }
}
