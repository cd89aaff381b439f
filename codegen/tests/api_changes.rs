//! The API change report, checked against the compiler. For each kind of spec change, the crate
//! of `data/api/spec.yaml` with that change is generated, and a user's program written against
//! the crate before it (`api_changes/user.rs`) is compiled against it: it must compile exactly
//! when the report says the change is not breaking, and where the report says a change breaks
//! at run time, it compiles and is run, and must fail.
//!
//! Every crate is type-checked by one `cargo check` of a workspace made for the test, which
//! shares the other generated crates' target directory; only the few run-time cases are built.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use codegen::api_diff::{self, Impact, Report};
use codegen::api_summary::Summary;
use expect_test::expect_file;
use serde_yaml::{Mapping, Value};

/// What a change must do to the user's program, and what the report must say.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Not breaking: the program compiles; the report's largest impact is this.
    Compiles(Impact),
    /// The program no longer compiles; the compiler's errors name this.
    Breaks(&'static str),
    /// The program compiles but fails when run, with this in its message.
    BreaksAtRunTime(&'static str),
}

struct Case {
    name: &'static str,
    edit: fn(&mut Value),
    expect: Expect,
}

fn mapping<'a>(spec: &'a mut Value, path: &[&str]) -> &'a mut Mapping {
    let mut value = spec;
    for key in path {
        value = &mut value[*key];
    }
    value
        .as_mapping_mut()
        .unwrap_or_else(|| panic!("{path:?} is a mapping"))
}

fn property<'a>(spec: &'a mut Value, name: &str) -> &'a mut Mapping {
    mapping(spec, &["types", "book", "properties", name])
}

fn operation<'a>(spec: &'a mut Value, name: &str) -> &'a mut Mapping {
    mapping(spec, &["operations", name])
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

fn list(value: &mut Value) -> &mut Vec<Value> {
    value.as_sequence_mut().expect("a list")
}

fn remove_from(value: &mut Value, item: &str) {
    list(value).retain(|v| v.as_str() != Some(item) && v["name"].as_str() != Some(item));
}

/// Removes `item` from a list of the operation, if the operation is there (the changes of all
/// cases are also made together, and one removes an operation).
fn remove_from_operation(spec: &mut Value, operation: &str, key: &str, item: &str) {
    if let Some(operation) = spec["operations"].get_mut(operation) {
        remove_from(&mut operation[key], item);
    }
}

fn add_property(spec: &mut Value, name: &str, text: &str) {
    mapping(spec, &["types", "book", "properties"]).insert(name.into(), yaml(text));
}

const CASES: &[Case] = &[
    // Breaking: the program stops compiling.
    Case {
        name: "property_removed",
        edit: |s| drop(mapping(s, &["types", "book", "properties"]).remove("pages")),
        expect: Expect::Breaks("pages"),
    },
    Case {
        name: "property_type_changed",
        edit: |s| drop(property(s, "year").insert("type".into(), "string".into())),
        expect: Expect::Breaks("year"),
    },
    Case {
        name: "property_made_read_only",
        edit: |s| drop(property(s, "note").insert("readOnly".into(), true.into())),
        expect: Expect::Breaks("note"),
    },
    Case {
        name: "property_made_sensitive",
        edit: |s| drop(property(s, "note").insert("sensitive".into(), true.into())),
        expect: Expect::Breaks("note"),
    },
    Case {
        name: "property_no_longer_clearable",
        edit: |s| drop(property(s, "subtitle").insert("clearable".into(), false.into())),
        expect: Expect::Breaks("clear_subtitle"),
    },
    Case {
        name: "required_on_create_property_added",
        edit: |s| {
            add_property(
                s,
                "isbn",
                "{type: string, requiredOnCreate: true, description: The ISBN.}",
            )
        },
        expect: Expect::Breaks("CreateBook::books"),
    },
    Case {
        name: "member_added_to_exhaustive_enum",
        edit: |s| list(&mut s["enums"]["genre"]["members"]).push(yaml("{name: drama}")),
        expect: Expect::Breaks("Genre::Drama"),
    },
    Case {
        name: "enum_made_evolvable",
        edit: |s| {
            mapping(s, &["enums", "cover"]).insert("evolvable".into(), true.into());
            list(&mut s["enums"]["cover"]["members"]).push(yaml("{name: unknownFutureValue}"));
        },
        expect: Expect::Breaks("Cover::"),
    },
    Case {
        name: "member_removed",
        edit: |s| remove_from(&mut s["enums"]["mood"]["members"], "tense"),
        expect: Expect::Breaks("Tense"),
    },
    Case {
        name: "type_removed",
        edit: |s| drop(mapping(s, &["types"]).remove("shelf")),
        expect: Expect::Breaks("Shelf"),
    },
    Case {
        name: "operation_removed",
        edit: |s| drop(mapping(s, &["operations"]).remove("getBook")),
        expect: Expect::Breaks("GetBook"),
    },
    Case {
        name: "path_removed",
        edit: |s| {
            remove_from(
                &mut s["operations"]["updateBook"]["paths"],
                "/shelves/{shelfId}/books/{id}",
            )
        },
        expect: Expect::Breaks("shelves_books"),
    },
    Case {
        name: "path_parameter_renamed",
        edit: |s| {
            let paths = list(&mut s["operations"]["updateBook"]["paths"]);
            for path in paths
                .iter_mut()
                .filter(|p| p.as_str() == Some("/authors/{authorId}/books/{id}"))
            {
                *path = "/authors/{writerId}/books/{id}".into();
            }
        },
        expect: Expect::Breaks("author_id"),
    },
    Case {
        name: "query_option_removed",
        edit: |s| remove_from(&mut s["operations"]["listBooks"]["query"], "top"),
        expect: Expect::Breaks("top"),
    },
    Case {
        name: "filterable_removed",
        edit: |s| drop(property(s, "title").insert("filterable".into(), false.into())),
        expect: Expect::Breaks("TITLE"),
    },
    Case {
        name: "orderable_removed",
        edit: |s| drop(property(s, "title").insert("orderable".into(), false.into())),
        expect: Expect::Breaks("BookOrderBy"),
    },
    Case {
        name: "version_removed",
        edit: |s| {
            mapping(s, &["versions"]).remove("v3");
            remove_from_operation(s, "getBook", "versions", "v3");
        },
        expect: Expect::Breaks("V3"),
    },
    Case {
        name: "cloud_removed",
        edit: |s| {
            mapping(s, &["clouds"]).remove("third");
            remove_from_operation(s, "getBook", "clouds", "third");
        },
        expect: Expect::Breaks("Third"),
    },
    // Breaking at run time: the program compiles, and fails.
    Case {
        name: "version_removed_from_operation",
        edit: |s| remove_from(&mut s["operations"]["updateBook"]["versions"], "v2"),
        expect: Expect::BreaksAtRunTime("the update builds in v2"),
    },
    Case {
        name: "cloud_removed_from_operation",
        edit: |s| remove_from(&mut s["operations"]["updateBook"]["clouds"], "other"),
        expect: Expect::BreaksAtRunTime("the update builds in v1, other"),
    },
    Case {
        name: "property_versions_narrowed",
        edit: |s| drop(property(s, "year").insert("versions".into(), yaml("[v1]"))),
        expect: Expect::BreaksAtRunTime("the update builds in v2, main"),
    },
    Case {
        name: "constraint_tightened",
        edit: |s| drop(property(s, "title").insert("constraints".into(), yaml("{maxLength: 10}"))),
        expect: Expect::BreaksAtRunTime("the update builds in v1, main"),
    },
    Case {
        name: "required_header_added",
        edit: |s| {
            let header = yaml("{Idempotency-Key: {value: \"{key}\", required: true}}");
            operation(s, "createBook").insert("headers".into(), header);
        },
        expect: Expect::BreaksAtRunTime("the create builds"),
    },
    // Not breaking: the program still compiles.
    Case {
        name: "property_added",
        edit: |s| add_property(s, "edition", "{type: integer, description: The edition.}"),
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "member_added_to_evolvable_enum",
        edit: |s| list(&mut s["enums"]["mood"]["members"]).push(yaml("{name: joyful}")),
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "read_only_lifted",
        edit: |s| drop(property(s, "id").insert("readOnly".into(), false.into())),
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "filterable_and_orderable_added",
        edit: |s| {
            property(s, "subtitle").insert("filterable".into(), true.into());
            property(s, "subtitle").insert("orderable".into(), true.into());
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "type_added",
        edit: |s| {
            drop(mapping(s, &["types"]).insert("author".into(), yaml("{description: An author., properties: {name: {type: string, description: The name.}}}")))
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "enum_added",
        edit: |s| {
            drop(mapping(s, &["enums"]).insert(
                "format".into(),
                yaml("{description: A format., members: [{name: print}, {name: audio}]}"),
            ))
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "operation_added",
        edit: |s| {
            let delete = yaml(
                "{description: Delete a book., method: DELETE, resource: book, paths: [\"/books/{id}\"], \
                 versions: [v1], clouds: [main], success: {status: 204}, \
                 permissions: {delegatedWork: [], delegatedPersonal: [], application: [Books.All]}}",
            );
            mapping(s, &["operations"]).insert("deleteBook".into(), delete);
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "path_added",
        edit: |s| list(&mut s["operations"]["updateBook"]["paths"]).push("/archive/{id}".into()),
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "query_option_added",
        edit: |s| list(&mut s["operations"]["listBooks"]["query"]).push("count".into()),
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "version_added",
        edit: |s| {
            mapping(s, &["versions"]).insert("v4".into(), yaml("{description: The fourth.}"));
            list(&mut s["operations"]["updateBook"]["versions"]).push("v4".into());
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "cloud_added",
        edit: |s| {
            let cloud = yaml("{description: A fourth cloud., root: https://fourth.example}");
            mapping(s, &["clouds"]).insert("fourth".into(), cloud);
            list(&mut s["operations"]["updateBook"]["clouds"]).push("fourth".into());
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "optional_header_added",
        edit: |s| {
            let header = yaml("{X-Trace: {value: \"{traceId}\"}}");
            operation(s, "updateBook").insert("headers".into(), header);
        },
        expect: Expect::Compiles(Impact::Addition),
    },
    Case {
        name: "description_changed",
        edit: |s| {
            drop(
                mapping(s, &["enums", "mood"])
                    .insert("description".into(), "How a book feels.".into()),
            )
        },
        expect: Expect::Compiles(Impact::Patch),
    },
    Case {
        name: "constraint_relaxed",
        edit: |s| {
            drop(property(s, "subtitle").insert("constraints".into(), yaml("{maxLength: 80}")))
        },
        expect: Expect::Compiles(Impact::Patch),
    },
];

fn base_spec() -> Value {
    let path = support::workspace_root().join("codegen/tests/data/api/spec.yaml");
    yaml(&std::fs::read_to_string(path).expect("the base spec"))
}

fn info() -> codegen::CrateInfo {
    codegen::CrateInfo {
        name: "api".into(),
        description: "A crate for the API change tests.".into(),
        generator_version: codegen::VERSION.into(),
    }
}

/// Generates the crate of `spec` and the user's program against it, as `dir/api` and
/// `dir/user`; returns the crate's API summary.
fn write_case(dir: &Path, name: &str, spec: &Value) -> Summary {
    let spec_dir = support::spec_dir_with(&serde_yaml::to_string(spec).expect("YAML"));
    let generated = codegen::generate_crate(spec_dir.path(), &info())
        .unwrap_or_else(|error| panic!("{name}: the changed spec is valid:\n{error}"));
    let api_dir = dir.join("api");
    codegen::output::write(&api_dir, &generated.files).expect("the crate is written");
    let real = std::fs::read_to_string(support::workspace_root().join("generated/Cargo.toml"))
        .expect("the crate manifest");
    std::fs::write(
        api_dir.join("Cargo.toml"),
        support::member_manifest(&real, &format!("api-{name}"), "api"),
    )
    .expect("the manifest is written");
    let user_dir = dir.join("user/src");
    std::fs::create_dir_all(&user_dir).expect("the program's directory");
    std::fs::write(
        user_dir.join("main.rs"),
        include_str!("api_changes/user.rs"),
    )
    .expect("the program is written");
    let manifest = format!(
        "[package]\nname = \"user-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\napi = {{ path = \"../api\", package = \"generated-api-{name}\" }}\n"
    );
    std::fs::write(dir.join("user/Cargo.toml"), manifest).expect("the manifest is written");
    generated.api
}

/// The rendered compiler errors of each package of the workspace, by its directory.
fn check_errors(workspace: &Path) -> BTreeMap<String, String> {
    let output = support::cargo(
        workspace,
        &[
            "check",
            "--workspace",
            "--keep-going",
            "--offline",
            "--message-format=json",
        ],
        &[],
    );
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let manifest = Path::new(message["manifest_path"].as_str().unwrap_or_default());
        let package_dir = manifest.parent().unwrap_or(manifest);
        let package = package_dir
            .strip_prefix(workspace)
            .unwrap_or(package_dir)
            .display()
            .to_string();
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
        errors.entry(package).or_default().push_str(rendered);
    }
    errors
}

fn check_report(name: &str, expect: Expect, report: &Report) {
    let breaking: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .collect();
    let at_run_time = |c: &&api_diff::Change| c.why.contains("breaks at run time");
    let agrees = match expect {
        Expect::Compiles(impact) => report.impact() == Some(impact),
        Expect::Breaks(_) => !breaking.is_empty() && !breaking.iter().all(at_run_time),
        Expect::BreaksAtRunTime(_) => !breaking.is_empty() && breaking.iter().all(at_run_time),
    };
    assert!(
        agrees,
        "{name}: the report does not say {expect:?}:\n{report}"
    );
}

#[test]
fn the_report_says_breaking_exactly_when_a_users_program_breaks() {
    let workspace = tempfile::tempdir().expect("a temporary directory");
    let root = workspace.path();
    let base = base_spec();
    let before = write_case(&root.join("before"), "before", &base);
    for case in CASES {
        let mut spec = base.clone();
        (case.edit)(&mut spec);
        let after = write_case(&root.join(case.name), case.name, &spec);
        check_report(case.name, case.expect, &api_diff::compare(&before, &after));
    }
    let workspace = "[workspace]\nresolver = \"3\"\nmembers = [\"*/api\", \"*/user\"]\n";
    std::fs::write(
        root.join("Cargo.toml"),
        format!("{workspace}{}", support::DEPENDENCY_PROFILE),
    )
    .expect("the workspace manifest");
    std::fs::copy(
        support::workspace_root().join("Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .expect("the lock file");

    let errors = check_errors(root);
    for (package, error) in &errors {
        assert!(
            package.ends_with("user"),
            "the generated crate {package} compiles:\n{error}"
        );
    }
    assert!(
        !errors.contains_key("before/user"),
        "{:?}",
        errors.get("before/user")
    );
    for case in CASES {
        let error = errors.get(&format!("{}/user", case.name));
        match (case.expect, error) {
            (Expect::Breaks(named), Some(error)) => {
                assert!(
                    error.contains(named),
                    "{}: the errors name `{named}`:\n{error}",
                    case.name
                );
            }
            (Expect::Breaks(_), None) => panic!("{}: the program still compiles", case.name),
            (_, Some(error)) => panic!("{}: the program no longer compiles:\n{error}", case.name),
            (_, None) => {}
        }
    }

    let run = |name: &str| {
        let package = format!("user-{name}");
        support::cargo(root, &["run", "--offline", "--quiet", "-p", &package], &[])
    };
    let ran = run("before");
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    for case in CASES {
        if let Expect::BreaksAtRunTime(message) = case.expect {
            let ran = run(case.name);
            let stderr = String::from_utf8_lossy(&ran.stderr);
            assert!(
                !ran.status.success(),
                "{}: the program still runs",
                case.name
            );
            assert!(
                stderr.contains(message),
                "{}: {message}:\n{stderr}",
                case.name
            );
        }
    }
}

fn summary_of(spec: &Value) -> Summary {
    let spec_dir = support::spec_dir_with(&serde_yaml::to_string(spec).expect("YAML"));
    codegen::summarize(spec_dir.path()).unwrap_or_else(|error| panic!("{error}"))
}

/// One spec change of every kind at once, as `cargo xtask codegen` reports it. After an
/// intended change, update with `UPDATE_EXPECT=1 cargo test -p codegen --test api_changes`.
#[test]
fn the_report_of_every_kind_of_change_at_once() {
    let base = base_spec();
    let mut changed = base.clone();
    for case in CASES {
        (case.edit)(&mut changed);
    }
    let report = api_diff::compare(&summary_of(&base), &summary_of(&changed));
    let from = semver::Version::new(0, 4, 2);
    let required = api_diff::next_version(&from, report.impact().expect("changes"));
    let text = format!("{report}{}\n", api_diff::verdict(&report, &from, &required));
    expect_file!["snapshots/api_report.txt"].assert_eq(&text);
}

/// The order of a spec's mappings is not the spec's meaning: the summary is the same bytes.
#[test]
fn the_summary_is_the_same_bytes_whatever_the_order_of_the_spec() {
    let spec: Value = yaml(&support::real_spec_text());
    let first = summary_of(&spec).to_string();
    assert_eq!(summary_of(&spec).to_string(), first, "generated twice");
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..3 {
        let mut shuffled = spec.clone();
        shuffle_mappings(&mut shuffled, &mut rng);
        assert_ne!(
            serde_yaml::to_string(&shuffled).ok(),
            serde_yaml::to_string(&spec).ok()
        );
        assert_eq!(summary_of(&shuffled).to_string(), first);
    }
}

/// Every spec of the tests, Graph's and the foreign ones (other names, patterns, hostile
/// descriptions, named paths, templated headers), has a summary that reads back as itself.
#[test]
fn every_specs_summary_reads_back_as_itself() {
    let root = support::workspace_root();
    let mut dirs = vec![root.join("specs")];
    for name in ["api", "library", "minimal", "small"] {
        dirs.push(root.join("codegen/tests/data").join(name));
    }
    for dir in dirs {
        let summary = codegen::summarize(&dir).unwrap_or_else(|error| panic!("{error}"));
        let text = summary.to_string();
        assert_eq!(
            Summary::parse(&text).as_ref(),
            Ok(&summary),
            "{}",
            dir.display()
        );
    }
}

/// Shuffles the entries of every mapping; lists keep their order, which is meaningful.
fn shuffle_mappings(value: &mut Value, rng: &mut fastrand::Rng) {
    match value {
        Value::Mapping(mapping) => {
            let mut entries: Vec<(Value, Value)> = std::mem::take(mapping).into_iter().collect();
            rng.shuffle(&mut entries);
            for (key, mut value) in entries {
                shuffle_mappings(&mut value, rng);
                mapping.insert(key, value);
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|item| shuffle_mappings(item, rng)),
        _ => {}
    }
}
