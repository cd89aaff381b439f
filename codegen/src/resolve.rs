//! Checks parsed spec files and resolves them into the IR.
//!
//! Files are merged first (a name defined twice is an error naming both files); then every
//! reference is resolved, every Rust name is derived once, and every contradiction is reported.
//! All mistakes of a run are collected, each with its file and key path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{
    ADDITIONAL_PROPERTIES_FIELD, Api, Availability, BUILDER_METHODS, Body, Cloud, ComplexType,
    Constraints, DERIVED_NAMES, Enum, Header, HeaderKind, HeaderPart, LINK_VARIANT, Member,
    OPERATION_MODULE_NAMES, Operation, OperationPath, PathSegment, Permissions, Primitive,
    Property, SENTINEL_MEMBER, SuccessBody, TypeRef, UNRECOGNIZED_VARIANT, Version,
    property_enum_name,
};
use crate::names;
use crate::spec::{
    BodySpec, Capability, ConstraintsSpec, EnumSpec, Method, OperationSpec, PathSpec, PropertySpec,
    QueryOption, SpecFile, TypeSpec,
};

/// Names a generated type must not take: they would shadow the prelude in generated code.
const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Checks and resolves the spec files of one run.
pub fn resolve(files: Vec<(PathBuf, SpecFile)>) -> Result<Api, Diagnostics> {
    let mut checker = Checker::default();
    let spec = checker.merge(files);
    // Hashing is over a quarter of the work and independent of resolving: done beside it.
    let (canonical, mut api) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| serde_json::to_vec(&spec));
        let api = checker.api(&spec);
        match hashing.join() {
            Ok(canonical) => (canonical, api),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    api.spec_hash = checker.hash(canonical);
    api.origins = std::mem::take(&mut checker.origins);
    checker.diagnostics.into_result(api)
}

#[derive(Default)]
struct Checker {
    diagnostics: Diagnostics,
    /// The file each top-level entry came from, by `section.name`.
    origins: BTreeMap<String, PathBuf>,
    /// Every spec file, for mistakes that belong to no entry.
    files: Vec<PathBuf>,
}

impl Checker {
    fn merge(&mut self, files: Vec<(PathBuf, SpecFile)>) -> SpecFile {
        let mut merged = SpecFile::default();
        self.files = files.iter().map(|(path, _)| path.clone()).collect();
        for (path, file) in files {
            self.merge_section("versions", &path, &mut merged.versions.0, file.versions.0);
            self.merge_section("clouds", &path, &mut merged.clouds.0, file.clouds.0);
            self.merge_section("types", &path, &mut merged.types.0, file.types.0);
            self.merge_section("enums", &path, &mut merged.enums.0, file.enums.0);
            self.merge_section(
                "operations",
                &path,
                &mut merged.operations.0,
                file.operations.0,
            );
        }
        merged
    }

    fn merge_section<V>(
        &mut self,
        section: &str,
        path: &Path,
        into: &mut BTreeMap<String, V>,
        entries: BTreeMap<String, V>,
    ) {
        for (name, value) in entries {
            let key = format!("{section}.{name}");
            if let Some(first) = self.origins.get(&key) {
                let message = format!(
                    "`{name}` is defined again; it is already defined in {}",
                    first.display()
                );
                self.diagnostics
                    .push(Diagnostic::at_key(path, &key, message));
                continue;
            }
            self.origins.insert(key, path.to_path_buf());
            into.insert(name, value);
        }
    }

    /// The spec's hash, from its JSON: a canonical form of the sorted structs, and much cheaper
    /// to write than YAML.
    fn hash(&mut self, canonical: serde_json::Result<Vec<u8>>) -> String {
        match canonical {
            Ok(canonical) => format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&canonical)),
            Err(error) => {
                self.report(
                    "versions",
                    "",
                    format!("cannot serialize the spec to hash it: {error}"),
                );
                String::new()
            }
        }
    }

    /// Reports a mistake at `section.key_path`, in the file the section's entry came from.
    fn report(&mut self, section: &str, key_path: &str, message: String) {
        self.report_with_help(section, key_path, message, None);
    }

    /// The file that defined the entry `key_path` starts with. Entry names may hold dots
    /// (`v1.0`), so the longest prefix that names an entry wins.
    fn origin(&self, section: &str, key_path: &str) -> Option<&PathBuf> {
        let ends = key_path
            .match_indices('.')
            .map(|(end, _)| end)
            .chain([key_path.len()]);
        ends.filter_map(|end| self.origins.get(&format!("{section}.{}", &key_path[..end])))
            .next_back()
    }

    fn report_with_help(
        &mut self,
        section: &str,
        key_path: &str,
        message: String,
        help: Option<String>,
    ) {
        let file = self
            .origin(section, key_path)
            .or_else(|| self.files.first())
            .cloned()
            .unwrap_or_default();
        let path = if key_path.is_empty() {
            section.to_string()
        } else {
            format!("{section}.{key_path}")
        };
        let mut diagnostic = Diagnostic::at_key(&file, path, message);
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    /// Spec names land in code spans of the docs, string literals and, for versions, URLs:
    /// each is checked for the characters that are plain text in all of these.
    fn check_spec_names(&mut self, spec: &SpecFile) {
        for name in spec.versions.0.keys() {
            let url_segment = name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
                && name != "."
                && name != "..";
            if !url_segment {
                let message = format!(
                    "the version `{}` is not a URL segment: use ASCII letters, digits and `-._~`",
                    name.escape_default()
                );
                self.report("versions", name, message);
            }
        }
        let mut named: Vec<(&str, String, &str)> = Vec::new();
        named.extend(
            spec.clouds
                .0
                .keys()
                .map(|n| ("clouds", n.clone(), n.as_str())),
        );
        for (type_name, ty) in &spec.types.0 {
            named.push(("types", type_name.clone(), type_name));
            for property in ty.properties.0.keys() {
                named.push((
                    "types",
                    format!("{type_name}.properties.{property}"),
                    property,
                ));
            }
        }
        for (enum_name, spec_enum) in &spec.enums.0 {
            named.push(("enums", enum_name.clone(), enum_name));
            for (index, member) in spec_enum.members.iter().enumerate() {
                named.push((
                    "enums",
                    format!("{enum_name}.members.{index}.name"),
                    &member.name,
                ));
            }
        }
        named.extend(
            spec.operations
                .0
                .keys()
                .map(|n| ("operations", n.clone(), n.as_str())),
        );
        for (section, key_path, name) in named {
            // Other characters can't become an identifier: that error is reported instead.
            if name.is_ascii() && !name.chars().all(plain_name_char) {
                let message = format!(
                    "the name `{}` has a character that is not plain text everywhere it lands",
                    name.escape_default()
                );
                let help = "use ASCII letters, digits and `_-.@$`".to_string();
                self.report_with_help(section, &key_path, message, Some(help));
            }
        }
    }

    /// The IR, without its hash.
    fn api(&mut self, spec: &SpecFile) -> Api {
        self.check_spec_names(spec);
        let versions = spec
            .versions
            .0
            .iter()
            .map(|(name, version)| Version {
                name: name.clone(),
                rust_name: self.rust_name("versions", name, name, names::segment_name(name)),
                description: version.description.clone(),
            })
            .collect::<Vec<_>>();
        if versions.is_empty() {
            self.report("versions", "", "the spec declares no API version".into());
        }
        let clouds = spec
            .clouds
            .0
            .iter()
            .map(|(name, cloud)| {
                if !valid_root(&cloud.root) {
                    let message = format!(
                        "`{}` is not a root URL: `https://`, a host, an optional port and path, no trailing `/`",
                        cloud.root.escape_default()
                    );
                    self.report("clouds", &format!("{name}.root"), message);
                }
                Cloud {
                    name: name.clone(),
                    rust_name: self.rust_name("clouds", name, name, names::type_name(name)),
                    description: cloud.description.clone(),
                    root: cloud.root.clone(),
                }
            })
            .collect::<Vec<_>>();

        let scope = Scope::new(spec, &versions, &clouds);
        self.check_type_names(spec);
        let mut types = spec
            .types
            .0
            .iter()
            .map(|(name, ty)| self.complex_type(&scope, name, ty))
            .collect::<Vec<_>>();
        let enums = spec
            .enums
            .0
            .iter()
            .map(|(name, spec_enum)| self.enumeration(&scope, name, spec_enum))
            .collect::<Vec<_>>();
        let operations = spec
            .operations
            .0
            .iter()
            .map(|(name, operation)| self.operation(&scope, &types, name, operation))
            .collect::<Vec<_>>();
        self.check_operation_names(&operations);
        box_cycles(&mut types);
        let mut patterns: Vec<String> = types
            .iter()
            .flat_map(|ty| &ty.properties)
            .filter_map(|p| p.constraints.pattern.clone())
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        let api = Api {
            versions,
            clouds,
            types,
            enums,
            operations,
            patterns,
            spec_hash: String::new(),
            origins: BTreeMap::new(),
        };
        // Builder names derive from the names above; their clashes would only echo earlier ones.
        if self.diagnostics.is_empty() {
            self.check_builder_names(&api);
            self.check_property_enums(&api);
        }
        api
    }

    /// The enum of a queried type's properties (and the struct of its filterable ones, the
    /// enum of its orderable ones) live in `models` beside the types and enums, and the
    /// variants are the properties' names in upper camel case: all must differ.
    fn check_property_enums(&mut self, api: &Api) {
        for (index, ty) in api.types.iter().enumerate() {
            for derived in &DERIVED_NAMES {
                if !api.queried(index, derived.option) {
                    continue;
                }
                let derived_name = (derived.name)(&ty.rust_name);
                let taken = api.types.iter().map(|t| (&t.rust_name, "types", &t.name));
                let taken = taken.chain(api.enums.iter().map(|e| (&e.rust_name, "enums", &e.name)));
                for (_, section, name) in
                    taken.filter(|(rust_name, ..)| **rust_name == derived_name)
                {
                    let what = derived.what.replace("{}", &ty.name);
                    let message = format!("`{name}` would become `{derived_name}`, {what}");
                    self.report(section, name, message);
                }
            }
            if !api.queried(index, QueryOption::Select) && !api.queried(index, QueryOption::OrderBy)
            {
                continue;
            }
            let enum_name = property_enum_name(&ty.rust_name);
            let mut variants: BTreeMap<String, &str> = BTreeMap::new();
            for property in &ty.properties {
                let variant = names::type_name(&property.name).unwrap_or_default();
                if let Some(other) = variants.insert(variant.clone(), &property.name) {
                    let message = format!(
                        "`{}` and `{other}` both become `{enum_name}::{variant}`",
                        property.name
                    );
                    self.report(
                        "types",
                        &format!("{}.properties.{}", ty.name, property.name),
                        message,
                    );
                }
            }
        }
    }

    /// Setters, `clear_` setters, constructors and the builders' own methods share one namespace.
    fn check_builder_names(&mut self, api: &Api) {
        for op in &api.operations {
            let mut taken: BTreeMap<String, String> = BUILDER_METHODS
                .iter()
                .map(|method| (method.to_string(), "a method every builder has".to_string()))
                .collect();
            let mut claim = |checker: &mut Checker,
                             section: &str,
                             key_path: String,
                             method: String,
                             what: String| {
                if let Some(other) = taken.get(&method) {
                    let message = format!(
                        "{what} would be `{method}`, which is already {other} (in `{}`)",
                        op.rust_name
                    );
                    checker.report(section, &key_path, message);
                } else {
                    taken.insert(method, what);
                }
            };
            for (index, path) in op.paths.iter().enumerate() {
                let key_path = format!("{}.paths.{index}", op.name);
                claim(
                    self,
                    "operations",
                    key_path,
                    path.fn_name.clone(),
                    format!("the constructor for `{}`", path.template),
                );
            }
            for header in &op.headers {
                if let HeaderKind::Given { setter, .. } = &header.kind {
                    claim(
                        self,
                        "operations",
                        format!("{}.headers.{}", op.name, header.name),
                        setter.clone(),
                        format!("the setter of the `{}` header", header.name),
                    );
                }
            }
            for option in &op.query {
                claim(
                    self,
                    "operations",
                    format!("{}.query", op.name),
                    option.setter().into(),
                    format!("the setter of `${}`", option.as_str().to_lowercase()),
                );
            }
            if matches!(op.success_body, SuccessBody::Delta(_)) {
                for (index, path) in op.paths.iter().enumerate() {
                    if path.rust_name == LINK_VARIANT {
                        let message = format!(
                            "the target of `{}` would be `{LINK_VARIANT}`, the target of a stored delta link",
                            path.template
                        );
                        let key_path = format!("{}.paths.{index}", op.name);
                        self.report("operations", &key_path, message);
                    }
                }
            }
            let resource = &api.types[op.resource].name;
            let creates = matches!(op.body, Body::Create);
            for property in api.sent_properties(op) {
                let key_path = format!("{resource}.properties.{}", property.name);
                if creates && property.required_on_create {
                    // A constructor argument beside the path's parameters, not a method.
                    let parameters = op.paths.iter().flat_map(|path| &path.segments);
                    let clash = parameters.filter_map(|segment| match segment {
                        PathSegment::Param { rust_name, .. } => Some(rust_name),
                        PathSegment::Literal(_) => None,
                    });
                    if clash.into_iter().any(|param| *param == property.rust_name) {
                        let message = format!(
                            "`{}`, required on creation, is an argument of `{}`'s constructors, as is the path parameter of that name",
                            property.name, op.rust_name
                        );
                        self.report("types", &key_path, message);
                    }
                    continue;
                }
                claim(
                    self,
                    "types",
                    key_path.clone(),
                    property.rust_name.clone(),
                    format!("the setter of `{}`", property.name),
                );
                if property.clearable && !creates {
                    let clear = format!("clear_{}", property.rust_name);
                    claim(
                        self,
                        "types",
                        key_path,
                        clear,
                        format!("the `null` setter of `{}`", property.name),
                    );
                }
            }
        }
    }

    /// The Rust name `converted` from the spec's `name` (at `key_path`), or a report of why
    /// there is none.
    fn rust_name(
        &mut self,
        section: &str,
        key_path: &str,
        name: &str,
        converted: Option<String>,
    ) -> String {
        converted.unwrap_or_else(|| {
            let message = format!("`{}` cannot become a Rust identifier", name.escape_debug());
            let help = "use ASCII letters and digits, starting with a letter".to_string();
            self.report_with_help(section, key_path, message, Some(help));
            String::new()
        })
    }

    /// Types and enums share the generated `models` module, so their Rust names must differ.
    fn check_type_names(&mut self, spec: &SpecFile) {
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        let named = spec
            .types
            .0
            .keys()
            .map(|name| ("types", name))
            .chain(spec.enums.0.keys().map(|name| ("enums", name)));
        for (section, name) in named {
            let Some(rust_name) = names::type_name(name) else {
                continue;
            };
            if PRELUDE_NAMES.contains(&rust_name.as_str()) {
                let message = format!(
                    "`{name}` would become `{rust_name}`, which shadows a name of Rust's prelude"
                );
                self.report(section, name, message);
            }
            if let Some(other) = taken.insert(rust_name.clone(), format!("{section}.{name}")) {
                let message = format!(
                    "`{section}.{name}` and `{other}` both become the Rust type `{rust_name}`"
                );
                self.report(section, name, message);
            }
        }
    }

    /// A builder's name must not shadow the prelude, a name its module uses, or another
    /// operation's target enum, all of which live beside it in `operations`.
    fn check_operation_names(&mut self, operations: &[Operation]) {
        for op in operations.iter().filter(|op| !op.rust_name.is_empty()) {
            let rust_name = op.rust_name.as_str();
            let clash = if PRELUDE_NAMES.contains(&rust_name) {
                Some("which shadows a name of Rust's prelude".to_string())
            } else if OPERATION_MODULE_NAMES.contains(&rust_name) {
                Some("which the generated operation code already uses".to_string())
            } else {
                operations
                    .iter()
                    .find(|other| other.target_name() == rust_name)
                    .map(|other| format!("which names the target enum of `{}`", other.name))
            };
            if let Some(clash) = clash {
                let message = format!("`{}` would become `{rust_name}`, {clash}", op.name);
                self.report("operations", &op.name, message);
            }
        }
    }

    fn complex_type(&mut self, scope: &Scope, name: &str, spec: &TypeSpec) -> ComplexType {
        let versions = self.availability(
            scope,
            "types",
            &format!("{name}.versions"),
            spec.versions.as_ref(),
            &Availability::All,
        );
        let mut fields: BTreeMap<String, &str> = BTreeMap::new();
        let mut properties = Vec::new();
        for (property_name, property) in &spec.properties.0 {
            let key_path = format!("{name}.properties.{property_name}");
            let resolved = self.property(scope, &key_path, property_name, property, &versions);
            if resolved.rust_name == ADDITIONAL_PROPERTIES_FIELD {
                let message = format!(
                    "`{property_name}` would become `{ADDITIONAL_PROPERTIES_FIELD}`, the field that keeps unknown JSON properties"
                );
                self.report("types", &key_path, message);
            }
            if let Some(other) = fields.insert(resolved.rust_name.clone(), property_name) {
                let message = format!(
                    "`{property_name}` and `{other}` both become the field `{}`",
                    resolved.rust_name
                );
                self.report("types", &key_path, message);
            }
            properties.push(resolved);
        }
        if properties.is_empty() {
            self.report(
                "types",
                &format!("{name}.properties"),
                "a type needs at least one property".into(),
            );
        }
        let rust_name = self.rust_name("types", name, name, names::type_name(name));
        ComplexType {
            name: name.to_string(),
            module: names::snake_name(&rust_name).unwrap_or_default(),
            rust_name,
            description: spec.description.clone(),
            open: spec.open,
            versions,
            properties,
        }
    }

    fn property(
        &mut self,
        scope: &Scope,
        key_path: &str,
        name: &str,
        spec: &PropertySpec,
        type_versions: &Availability,
    ) -> Property {
        let ty = self.type_ref(scope, &format!("{key_path}.type"), &spec.ty);
        let clearable = spec.clearable.unwrap_or(spec.nullable);
        if clearable && !spec.nullable {
            let message = "a property that is not `nullable` can't be `clearable`".to_string();
            self.report("types", &format!("{key_path}.clearable"), message);
        }
        if spec.read_only && spec.required_on_create {
            let message = "a `readOnly` property can't be `requiredOnCreate`".to_string();
            self.report("types", &format!("{key_path}.requiredOnCreate"), message);
        }
        let versions = self.availability(
            scope,
            "types",
            &format!("{key_path}.versions"),
            spec.versions.as_ref(),
            type_versions,
        );
        let constraints = self.constraints(
            &format!("{key_path}.constraints"),
            &spec.constraints,
            ty,
            spec.collection,
        );
        let filterable = match &spec.filterable {
            Capability::Flag(false) => None,
            Capability::Flag(true) => Some(versions.clone()),
            Capability::Versions(listed) => Some(self.availability(
                scope,
                "types",
                &format!("{key_path}.filterable"),
                Some(listed),
                &versions,
            )),
        };
        for (key, used) in [
            ("filterable", filterable.is_some()),
            ("orderable", spec.orderable),
        ] {
            let scalar = matches!(ty, TypeRef::Primitive(_) | TypeRef::Enum(_));
            if used && (spec.collection || !scalar || spec.sensitive) {
                let message = format!(
                    "only a single value of a primitive type or an enum can be `{key}`, not a collection, a complex type or a secret"
                );
                self.report("types", &format!("{key_path}.{key}"), message);
            }
        }
        Property {
            name: name.to_string(),
            rust_name: self.rust_name("types", key_path, name, names::snake_name(name)),
            ty,
            collection: spec.collection,
            description: spec.description.clone(),
            nullable: spec.nullable,
            clearable,
            read_only: spec.read_only,
            required_on_create: spec.required_on_create,
            sensitive: spec.sensitive,
            versions,
            constraints,
            boxed: false,
            filterable,
            orderable: spec.orderable,
        }
    }

    fn type_ref(&mut self, scope: &Scope, key_path: &str, name: &str) -> TypeRef {
        if let Some(primitive) = Primitive::from_spec(name) {
            return TypeRef::Primitive(primitive);
        }
        if let Some(index) = scope.types.iter().position(|known| known == name) {
            return TypeRef::Complex(index);
        }
        if let Some(index) = scope.enums.iter().position(|known| known == name) {
            return TypeRef::Enum(index);
        }
        let candidates = Primitive::ALL
            .iter()
            .map(|(primitive, _)| *primitive)
            .chain(scope.types.iter().map(String::as_str))
            .chain(scope.enums.iter().map(String::as_str));
        let help = suggestion(name, candidates).map(|close| format!("did you mean `{close}`?"));
        self.report_with_help("types", key_path, format!("unknown type `{name}`"), help);
        TypeRef::Primitive(Primitive::String)
    }

    fn availability(
        &mut self,
        scope: &Scope,
        section: &str,
        key_path: &str,
        listed: Option<&Vec<String>>,
        within: &Availability,
    ) -> Availability {
        let Some(listed) = listed else {
            return within.clone();
        };
        if listed.is_empty() {
            self.report(
                section,
                key_path,
                "an empty version list; leave `versions` out to mean all versions".into(),
            );
        }
        for version in listed {
            self.check_declared(section, key_path, "version", version, &scope.versions);
            if let Availability::Only(outer) = within {
                if !outer.contains(version) {
                    let message = format!(
                        "version `{version}` is not one of the enclosing definition's versions ({})",
                        outer.join(", ")
                    );
                    self.report(section, key_path, message);
                }
            }
        }
        // Keep the declared order of versions, whatever the order of the list.
        let ordered = scope
            .versions
            .iter()
            .filter(|v| listed.contains(v))
            .cloned()
            .collect();
        Availability::Only(ordered)
    }

    fn check_declared(
        &mut self,
        section: &str,
        key_path: &str,
        kind: &str,
        name: &str,
        declared: &[String],
    ) {
        if !declared.iter().any(|known| known == name) {
            let help = suggestion(name, declared.iter().map(String::as_str))
                .map(|close| format!("did you mean `{close}`?"))
                .or_else(|| Some(format!("declared: {}", declared.join(", "))));
            self.report_with_help(
                section,
                key_path,
                format!("undeclared {kind} `{name}`"),
                help,
            );
        }
    }

    fn constraints(
        &mut self,
        key_path: &str,
        spec: &ConstraintsSpec,
        ty: TypeRef,
        collection: bool,
    ) -> Constraints {
        let is_string = ty == TypeRef::Primitive(Primitive::String);
        let string_rules = [
            ("minLength", spec.min_length.is_some()),
            ("maxLength", spec.max_length.is_some()),
            ("pattern", spec.pattern.is_some()),
            ("format", spec.format.is_some()),
        ];
        for (rule, given) in string_rules {
            if given && !is_string {
                self.report(
                    "types",
                    &format!("{key_path}.{rule}"),
                    format!("`{rule}` applies to strings only"),
                );
            }
        }
        for (rule, given) in [
            ("minItems", spec.min_items.is_some()),
            ("maxItems", spec.max_items.is_some()),
        ] {
            if given && !collection {
                self.report(
                    "types",
                    &format!("{key_path}.{rule}"),
                    format!("`{rule}` applies to collections only"),
                );
            }
        }
        for (min_rule, min, max_rule, max) in [
            ("minLength", spec.min_length, "maxLength", spec.max_length),
            ("minItems", spec.min_items, "maxItems", spec.max_items),
        ] {
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    self.report(
                        "types",
                        &format!("{key_path}.{min_rule}"),
                        format!("`{min_rule}` ({min}) is greater than `{max_rule}` ({max})"),
                    );
                }
            }
        }
        if let Some(pattern) = &spec.pattern {
            // Exactly the regex the generated crate compiles, with the same crate.
            if let Err(error) = regex_lite::Regex::new(&crate::ir::anchored_pattern(pattern)) {
                let message = format!(
                    "invalid regular expression: {}",
                    error.to_string().replace('\n', " ")
                );
                self.report("types", &format!("{key_path}.pattern"), message);
            }
        }
        Constraints {
            min_length: spec.min_length,
            max_length: spec.max_length,
            pattern: spec.pattern.clone(),
            min_items: spec.min_items,
            max_items: spec.max_items,
            format: spec.format,
        }
    }

    fn enumeration(&mut self, scope: &Scope, name: &str, spec: &EnumSpec) -> Enum {
        let versions = self.availability(
            scope,
            "enums",
            &format!("{name}.versions"),
            spec.versions.as_ref(),
            &Availability::All,
        );
        if spec.members.is_empty() {
            self.report(
                "enums",
                &format!("{name}.members"),
                "an enum needs at least one member".into(),
            );
        }
        if spec.flags && spec.evolvable {
            self.report(
                "enums",
                &format!("{name}.flags"),
                "a flags enum can't be `evolvable`".into(),
            );
        }
        if spec.evolvable && !spec.members.iter().any(|m| m.name == SENTINEL_MEMBER) {
            let message = format!("an `evolvable` enum needs the member `{SENTINEL_MEMBER}`");
            self.report("enums", &format!("{name}.members"), message);
        }
        let mut wire_names = BTreeSet::new();
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        let mut members = Vec::new();
        for (index, member) in spec.members.iter().enumerate() {
            let key_path = format!("{name}.members.{index}");
            if !wire_names.insert(member.name.as_str()) {
                self.report(
                    "enums",
                    &key_path,
                    format!("member `{}` is listed twice", member.name),
                );
            }
            let rust_name = self.rust_name(
                "enums",
                &format!("{key_path}.name"),
                &member.name,
                names::type_name(&member.name),
            );
            if rust_name == UNRECOGNIZED_VARIANT {
                let message = format!(
                    "member `{}` would become `{UNRECOGNIZED_VARIANT}`, the variant that holds unknown members",
                    member.name
                );
                self.report("enums", &key_path, message);
            }
            if let Some(other) = variants.insert(rust_name.clone(), &member.name) {
                if other != member.name {
                    let message = format!(
                        "members `{}` and `{other}` both become the variant `{rust_name}`",
                        member.name
                    );
                    self.report("enums", &key_path, message);
                }
            }
            members.push(Member {
                name: member.name.clone(),
                rust_name,
                description: member.description.clone(),
                versions: self.availability(
                    scope,
                    "enums",
                    &format!("{key_path}.versions"),
                    member.versions.as_ref(),
                    &versions,
                ),
            });
        }
        let rust_name = self.rust_name("enums", name, name, names::type_name(name));
        Enum {
            name: name.to_string(),
            module: names::snake_name(&rust_name).unwrap_or_default(),
            rust_name,
            description: spec.description.clone(),
            evolvable: spec.evolvable,
            flags: spec.flags,
            versions,
            members,
        }
    }

    fn operation(
        &mut self,
        scope: &Scope,
        types: &[ComplexType],
        name: &str,
        spec: &OperationSpec,
    ) -> Operation {
        let type_index = |checker: &mut Checker, key: &str, type_name: &str| {
            let index = scope.types.iter().position(|known| known == type_name);
            if index.is_none() {
                let help = suggestion(type_name, scope.types.iter().map(String::as_str))
                    .map(|close| format!("did you mean `{close}`?"));
                checker.report_with_help(
                    "operations",
                    &format!("{name}.{key}"),
                    format!("unknown type `{type_name}`"),
                    help,
                );
            }
            index
        };
        let resource = type_index(self, "resource", &spec.resource).unwrap_or_default();
        let success_body = self.success_body(name, spec, types, &type_index);
        for (key, list, declared) in [
            ("versions", &spec.versions, &scope.versions),
            ("clouds", &spec.clouds, &scope.clouds),
        ] {
            if list.is_empty() {
                self.report(
                    "operations",
                    &format!("{name}.{key}"),
                    format!("an operation needs at least one entry in `{key}`"),
                );
            }
            let kind = &key[..key.len() - 1];
            for entry in list {
                self.check_declared(
                    "operations",
                    &format!("{name}.{key}"),
                    kind,
                    entry,
                    declared,
                );
            }
        }
        if spec.paths.is_empty() {
            self.report(
                "operations",
                &format!("{name}.paths"),
                "an operation needs at least one path".into(),
            );
        }
        let mut paths = Vec::new();
        for (index, path) in spec.paths.iter().enumerate() {
            let key_path = format!("{name}.paths.{index}");
            paths.push(self.operation_path(&key_path, path.template()));
        }
        self.name_paths(name, &spec.paths, &mut paths);
        if !(200..300).contains(&spec.success.status) {
            let message = format!("success status {} is not a 2xx status", spec.success.status);
            self.report("operations", &format!("{name}.success.status"), message);
        }
        let body = match &spec.body {
            BodySpec::Empty => Body::Empty,
            BodySpec::PartialUpdate => Body::PartialUpdate,
            BodySpec::Create => Body::Create,
            BodySpec::ReplaceCollection(replace) => {
                let key_path = format!("{name}.body.replaceCollection.property");
                let properties = types
                    .get(resource)
                    .map(|ty| ty.properties.as_slice())
                    .unwrap_or_default();
                let position = properties.iter().position(|p| p.name == replace.property);
                match position {
                    Some(index) if !properties[index].collection => {
                        self.report(
                            "operations",
                            &key_path,
                            format!(
                                "`{}` is not a collection, so it can't be replaced as one",
                                replace.property
                            ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        let help = suggestion(
                            &replace.property,
                            properties.iter().map(|p| p.name.as_str()),
                        )
                        .map(|close| format!("did you mean `{close}`?"));
                        let message =
                            format!("`{}` has no property `{}`", spec.resource, replace.property);
                        self.report_with_help("operations", &key_path, message, help);
                    }
                }
                Body::ReplaceCollection {
                    property: position.unwrap_or_default(),
                    exclusive: replace.exclusive,
                }
            }
        };
        self.check_method_and_body(name, spec);
        let headers = self.headers(name, spec);
        let rust_name = self.rust_name("operations", name, name, names::type_name(name));
        Operation {
            name: name.to_string(),
            module: names::snake_name(&rust_name).unwrap_or_default(),
            rust_name,
            description: spec.description.clone(),
            method: spec.method,
            resource,
            paths,
            versions: spec.versions.clone(),
            clouds: spec.clouds.clone(),
            permissions: Permissions {
                delegated_work: spec.permissions.delegated_work.clone(),
                delegated_personal: spec.permissions.delegated_personal.clone(),
                application: spec.permissions.application.clone(),
            },
            headers,
            body,
            query: self.query_options(name, spec, types.get(resource)),
            success_status: spec.success.status,
            success_body,
        }
    }

    /// What a success holds: at most one of `body`, `page` and `delta`; a page or a delta
    /// page only on a GET, a delta page of a type with a string `id`.
    fn success_body(
        &mut self,
        name: &str,
        spec: &OperationSpec,
        types: &[ComplexType],
        type_index: &dyn Fn(&mut Checker, &str, &str) -> Option<usize>,
    ) -> SuccessBody {
        let success = &spec.success;
        let given = [
            ("body", &success.body),
            ("page", &success.page),
            ("delta", &success.delta),
        ];
        let given: Vec<(&str, &String)> = given
            .into_iter()
            .filter_map(|(key, value)| value.as_ref().map(|value| (key, value)))
            .collect();
        if given.len() > 1 {
            let message = "a response body is one of `body`, `page` and `delta`, not several";
            self.report("operations", &format!("{name}.success"), message.into());
        }
        let Some(&(key, type_name)) = given.first() else {
            return SuccessBody::None;
        };
        let Some(index) = type_index(self, &format!("success.{key}"), type_name) else {
            return SuccessBody::None;
        };
        if key != "body" && spec.method != Method::Get {
            let message = format!(
                "a page is the answer of a GET, not of a {}",
                spec.method.as_str()
            );
            self.report("operations", &format!("{name}.success.{key}"), message);
        }
        match key {
            "page" => SuccessBody::Page(index),
            "delta" => {
                let id = types
                    .get(index)
                    .and_then(|ty| ty.properties.iter().find(|p| p.name == "id"));
                let keyed = id.is_some_and(|id| {
                    id.ty == TypeRef::Primitive(Primitive::String) && !id.collection
                });
                if !keyed {
                    let message = format!(
                        "the items of a delta round need a string property `id`, which a removal names; `{type_name}` has none"
                    );
                    self.report("operations", &format!("{name}.success.delta"), message);
                }
                SuccessBody::Delta(index)
            }
            _ => SuccessBody::One(index),
        }
    }

    /// The query options of an operation: each given once, on a GET; `filter` and `orderBy`
    /// only on a resource with properties they can name.
    fn query_options(
        &mut self,
        name: &str,
        spec: &OperationSpec,
        resource: Option<&ComplexType>,
    ) -> Vec<QueryOption> {
        let mut seen = BTreeSet::new();
        for (index, option) in spec.query.iter().enumerate() {
            if !seen.insert(*option) {
                let message = format!("the query option `{}` is listed twice", option.as_str());
                self.report("operations", &format!("{name}.query.{index}"), message);
            }
        }
        if !spec.query.is_empty() && spec.method != Method::Get {
            let message = format!(
                "query options belong to GET requests, not {}",
                spec.method.as_str()
            );
            self.report("operations", &format!("{name}.query"), message);
        }
        let properties = resource
            .map(|ty| ty.properties.as_slice())
            .unwrap_or_default();
        let needs = [
            (
                QueryOption::Filter,
                "filterable",
                properties.iter().any(|p| p.filterable.is_some()),
            ),
            (
                QueryOption::OrderBy,
                "orderable",
                properties.iter().any(|p| p.orderable),
            ),
        ];
        for (option, flag, any) in needs {
            if seen.contains(&option) && !any {
                let message = format!(
                    "`{}` takes the resource's `{flag}` properties, and `{}` has none",
                    option.as_str(),
                    spec.resource
                );
                self.report("operations", &format!("{name}.query"), message);
            }
        }
        seen.into_iter().collect()
    }

    /// What contradicts itself in an operation: a body on a method that has none, a body
    /// described for a response that has none.
    fn check_method_and_body(&mut self, name: &str, spec: &OperationSpec) {
        let empty = matches!(spec.body, BodySpec::Empty);
        match spec.method {
            Method::Get | Method::Delete if !empty => {
                let method = spec.method.as_str();
                let message =
                    format!("a {method} request has no body, but the operation describes one");
                self.report("operations", &format!("{name}.body"), message);
            }
            // POST may be an action that sends nothing; PATCH and PUT always send a value.
            Method::Put | Method::Patch if empty => {
                let method = spec.method.as_str();
                let message =
                    format!("a {method} request sends a body, but `body` is left out (or `none`)");
                let help = "say what it holds: `partialUpdate` or `replaceCollection`".to_string();
                self.report_with_help("operations", &format!("{name}.body"), message, Some(help));
            }
            Method::Get | Method::Delete | Method::Put | Method::Patch
                if matches!(spec.body, BodySpec::Create) =>
            {
                let message = format!(
                    "`create` describes the body of a POST, not of a {}",
                    spec.method.as_str()
                );
                self.report("operations", &format!("{name}.body"), message);
            }
            _ => {}
        }
        let success = &spec.success;
        let has_body = success.body.is_some() || success.page.is_some() || success.delta.is_some();
        if success.status == 204 && has_body {
            let message = "a 204 (No Content) response has no body, but `success.body` names one";
            self.report(
                "operations",
                &format!("{name}.success.body"),
                message.into(),
            );
        }
    }

    /// The operation's headers: each name a valid HTTP header name, given once; fixed values
    /// valid header values; `{placeholders}` in any header but `Authorization` make a setter.
    fn headers(&mut self, operation: &str, spec: &OperationSpec) -> Vec<Header> {
        let mut seen = BTreeSet::new();
        let mut headers = Vec::new();
        for (name, header) in &spec.headers.0 {
            let key_path = format!("{operation}.headers.{name}");
            let lower = name.to_ascii_lowercase();
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                let message = format!(
                    "`{}` is not a valid HTTP header name",
                    name.escape_default()
                );
                self.report("operations", &key_path, message);
                continue;
            }
            if !seen.insert(lower.clone()) {
                let message =
                    format!("the header `{name}` is given twice (names are case-insensitive)");
                self.report("operations", &key_path, message);
            }
            let parts = self.header_parts(&key_path, &header.value);
            let given = parts
                .iter()
                .any(|part| matches!(part, HeaderPart::Param(_)));
            let kind = if lower == "authorization" {
                HeaderKind::Authorization
            } else if given {
                // Its setter is named after it: a valid header name (`X-1`, `!`) may not make one.
                let setter = self.rust_name("operations", &key_path, name, names::snake_name(name));
                HeaderKind::Given { setter, parts }
            } else {
                HeaderKind::Fixed
            };
            let literal_text = match &kind {
                HeaderKind::Fixed => header.value.clone(),
                _ => String::new(),
            };
            if !valid_header_text(&literal_text) {
                let message = format!(
                    "`{}` is not a valid HTTP header value (visible ASCII, spaces and tabs only)",
                    header.value.escape_default()
                );
                self.report("operations", &format!("{key_path}.value"), message);
            }
            headers.push(Header {
                name: lower,
                value: header.value.clone(),
                required: header.required,
                kind,
            });
        }
        headers
    }

    /// A header value's literal text and `{placeholders}`; the literal text must be valid in a
    /// header value.
    fn header_parts(&mut self, key_path: &str, value: &str) -> Vec<HeaderPart> {
        let (parts, mut problems) = split_template(value);
        let parts: Vec<HeaderPart> = parts
            .into_iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => HeaderPart::Literal(text.to_string()),
                TemplatePart::Placeholder { rust_name, .. } => HeaderPart::Param(rust_name),
            })
            .collect();
        let invalid_text = parts
            .iter()
            .any(|part| matches!(part, HeaderPart::Literal(text) if !valid_header_text(text)));
        if invalid_text {
            problems.push(
                "its text is not valid in a header value (visible ASCII, spaces and tabs only)"
                    .to_string(),
            );
        }
        if let Some(problem) = problems.first() {
            let message = format!(
                "`{}` is not a valid header template: {problem}",
                value.escape_default()
            );
            self.report("operations", &format!("{key_path}.value"), message);
        }
        parts
    }

    /// Splits a path into literal text and `{name}` placeholders, checking that the URL it
    /// makes is the one it says: literal text that needs no encoding, no `.`/`..` or empty
    /// segments, and each placeholder once. Constructors are named by [`Self::name_paths`].
    fn operation_path(&mut self, key_path: &str, template: &str) -> OperationPath {
        let mut problems = Vec::new();
        if !template.starts_with('/') {
            problems.push("it must start with `/`".to_string());
        }
        let (parts, template_problems) = split_template(template);
        problems.extend(template_problems);
        let segments: Vec<PathSegment> = parts
            .into_iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => PathSegment::Literal(text.to_string()),
                TemplatePart::Placeholder { name, rust_name } => PathSegment::Param {
                    name: name.to_string(),
                    rust_name,
                },
            })
            .collect();
        let mut params = BTreeSet::new();
        for segment in &segments {
            match segment {
                PathSegment::Param { rust_name, name } => {
                    if !params.insert(rust_name.as_str()) {
                        problems.push(format!("the placeholder `{{{name}}}` is used twice"));
                    }
                }
                PathSegment::Literal(text) => {
                    if let Some(c) = text.chars().find(|c| !url_safe(*c)) {
                        problems.push(format!(
                            "`{}` is not allowed in a URL path as it is",
                            c.escape_default()
                        ));
                    }
                    if !valid_percent_escapes(text) {
                        problems.push("a `%` must start an escape such as `%20`".to_string());
                    }
                }
            }
        }
        // A `.`, `..` or empty segment is dropped or resolved by URL parsers: another URL.
        let whole: Vec<&str> = template.split('/').skip(1).collect();
        if whole
            .iter()
            .any(|part| part.is_empty() || *part == "." || *part == "..")
        {
            problems.push("it has an empty, `.` or `..` segment".to_string());
        }
        if literal_words(&segments).is_empty() {
            problems.push("it needs a literal segment to name its constructor by".to_string());
        }
        for problem in problems {
            let message = format!("`{template}` is not a valid path: {problem}");
            self.report("operations", key_path, message);
        }
        OperationPath {
            template: template.to_string(),
            rust_name: String::new(),
            fn_name: String::new(),
            segments,
        }
    }

    /// Names each path's constructor: the name the spec gives, or the path's last literal
    /// segment, with the segments before it added (`shelves_books`) while paths of the
    /// operation would otherwise share a name.
    fn name_paths(&mut self, operation: &str, specs: &[PathSpec], paths: &mut [OperationPath]) {
        let words: Vec<Vec<String>> = paths.iter().map(|p| literal_words(&p.segments)).collect();
        let mut used = vec![1; paths.len()];
        let derived =
            |words: &[String], used: usize| words[words.len().saturating_sub(used)..].join("_");
        // Every path that shares its name grows at once, so that the names don't depend on
        // the order of the paths.
        loop {
            let names: Vec<String> = (0..paths.len())
                .map(|index| derived(&words[index], used[index]))
                .collect();
            let growing: Vec<usize> = (0..paths.len())
                .filter(|&index| {
                    specs[index].name().is_none()
                        && used[index] < words[index].len()
                        && (0..paths.len()).any(|other| {
                            other != index
                                && specs[other].name().is_none()
                                && names[other] == names[index]
                        })
                })
                .collect();
            if growing.is_empty() {
                break;
            }
            growing.iter().for_each(|&index| used[index] += 1);
        }
        for (index, path) in paths.iter_mut().enumerate() {
            let key_path = match specs[index].name() {
                Some(_) => format!("{operation}.paths.{index}.name"),
                None => format!("{operation}.paths.{index}"),
            };
            let spec_name = specs[index]
                .name()
                .map_or_else(|| derived(&words[index], used[index]), str::to_string);
            if spec_name.is_empty() {
                // A derived name is empty only for a path without literal segments, which is
                // reported with the path.
                if specs[index].name().is_some() {
                    let message = "the constructor name is empty".to_string();
                    self.report("operations", &key_path, message);
                }
                continue;
            }
            let fn_name = names::snake_name(&spec_name);
            let rust_name = names::type_name(&spec_name);
            if fn_name.is_none() || rust_name.is_none() {
                let message =
                    format!("the constructor name `{spec_name}` cannot become a Rust identifier");
                self.report("operations", &key_path, message);
                continue;
            }
            path.fn_name = fn_name.unwrap_or_default();
            path.rust_name = rust_name.unwrap_or_default();
        }
    }
}

/// Boxes each property that holds, not through a collection, a type that holds its owner the
/// same way (directly or through other types): without a box, such a type would have infinite
/// size. Such properties are the edges inside a strongly connected component of the graph of
/// non-collection properties (or a type holding itself).
fn box_cycles(types: &mut [ComplexType]) {
    let component = strongly_connected_components(types);
    for (owner, ty) in types.iter_mut().enumerate() {
        for property in &mut ty.properties {
            if let (TypeRef::Complex(target), false) = (property.ty, property.collection) {
                property.boxed = component[target] == component[owner];
            }
        }
    }
}

/// The component of each type (Kosaraju's algorithm, iterative: a spec may nest deeply).
fn strongly_connected_components(types: &[ComplexType]) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|ty| direct_children(ty).collect())
        .collect();
    let mut reversed = vec![Vec::new(); types.len()];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reversed[to].push(from);
        }
    }
    // Types in the order their depth-first visits finish.
    let mut finished = Vec::with_capacity(types.len());
    let mut visited = vec![false; types.len()];
    for start in 0..types.len() {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.last_mut() {
            match edges[*node].get(*next) {
                Some(&child) => {
                    *next += 1;
                    if !visited[child] {
                        visited[child] = true;
                        stack.push((child, 0));
                    }
                }
                None => {
                    finished.push(*node);
                    stack.pop();
                }
            }
        }
    }
    let mut component = vec![usize::MAX; types.len()];
    for (id, &root) in finished.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reversed[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
    }
    component
}

fn direct_children(ty: &ComplexType) -> impl Iterator<Item = usize> + '_ {
    ty.properties
        .iter()
        .filter(|p| !p.collection)
        .filter_map(|p| match p.ty {
            TypeRef::Complex(index) => Some(index),
            _ => None,
        })
}

/// A character that may stand in a URL path as it is (RFC 3986's `pchar` and `/`): no `?` or
/// `#`, which would end the path.
fn url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=%".contains(c)
}

/// A piece of a path or header template.
enum TemplatePart<'a> {
    Literal(&'a str),
    /// `{name}`: ASCII letters and digits, and the Rust name they become.
    Placeholder {
        name: &'a str,
        rust_name: String,
    },
}

/// Splits `template` into literal text and `{placeholders}`, with what is wrong with it: a
/// brace that is not part of a placeholder, or a placeholder that is not a plain name.
fn split_template(template: &str) -> (Vec<TemplatePart<'_>>, Vec<String>) {
    let mut parts = Vec::new();
    let mut problems = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(open) = rest.find(['{', '}']) else {
            parts.push(TemplatePart::Literal(rest));
            break;
        };
        if open > 0 {
            parts.push(TemplatePart::Literal(&rest[..open]));
        }
        rest = &rest[open..];
        let Some(close) = rest.find('}').filter(|_| rest.starts_with('{')) else {
            problems.push("a `{` or `}` is not part of a `{placeholder}`".to_string());
            break;
        };
        let name = &rest[1..close];
        let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric());
        match names::snake_name(name).filter(|_| plain) {
            Some(rust_name) => parts.push(TemplatePart::Placeholder { name, rust_name }),
            None => problems.push(format!(
                "the placeholder `{{{name}}}` must be ASCII letters and digits, starting with a letter"
            )),
        }
        rest = &rest[close + 1..];
    }
    (parts, problems)
}

/// Whether `root` is `https://host[:port][/path]`: nothing that could send a request elsewhere
/// (user info, a query, a fragment) or that URL parsers rewrite (empty, `.` or `..` segments).
fn valid_root(root: &str) -> bool {
    let Some(rest) = root.strip_prefix("https://") else {
        return false;
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let host_ok = host.split('.').all(|label| {
        !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    let port_ok = port.is_none_or(|port| {
        !port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit())
    });
    let path_ok = path.is_empty()
        || path.split('/').skip(1).all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment.chars().all(|c| c != '%' && url_safe(c))
        });
    host_ok && port_ok && path_ok
}

/// Visible ASCII, spaces and tabs: what `http` takes in a header value, less the bytes above
/// ASCII that it passes through but that have no agreed meaning.
fn valid_header_text(text: &str) -> bool {
    text.is_ascii() && http::HeaderValue::from_str(text).is_ok()
}

/// A character a spec name may have: plain in a code span, a string literal, a JSON key and a
/// flags value (no `,` or space, which separate flags).
fn plain_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-.@$".contains(c)
}

/// Whether every `%` starts an escape of two hex digits.
fn valid_percent_escapes(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(index, byte)| {
        *byte != b'%'
            || bytes
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

/// The words a path's constructor may be named by: its literal segments that can name
/// something, in order (`/education/users/{id}` gives `education`, `users`).
fn literal_words(segments: &[PathSegment]) -> Vec<String> {
    segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Literal(text) => Some(text.split('/')),
            PathSegment::Param { .. } => None,
        })
        .flatten()
        .filter(|word| names::snake_name(word).is_some())
        .map(str::to_string)
        .collect()
}

/// The names every reference is resolved against.
struct Scope {
    versions: Vec<String>,
    clouds: Vec<String>,
    types: Vec<String>,
    enums: Vec<String>,
}

impl Scope {
    fn new(spec: &SpecFile, versions: &[Version], clouds: &[Cloud]) -> Scope {
        Scope {
            versions: versions.iter().map(|v| v.name.clone()).collect(),
            clouds: clouds.iter().map(|c| c.name.clone()).collect(),
            types: spec.types.0.keys().cloned().collect(),
            enums: spec.enums.0.keys().cloned().collect(),
        }
    }
}

/// The closest known name to a misspelled one, if any is close enough to be a likely typo.
fn suggestion<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = name.to_lowercase();
    candidates
        .map(|candidate| {
            (
                strsim::levenshtein(&lowered, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse;

    const HEADER: &str = "versions:\n  v1: {description: One.}\n  beta: {description: Two.}\nclouds:\n  global: {description: G., root: https://example.com}\n";

    fn resolve_text(body: &str) -> Result<Api, Diagnostics> {
        let text = format!("{HEADER}{body}");
        let file = parse(Path::new("spec.yaml"), &text).unwrap_or_else(|d| panic!("{d}"));
        resolve(vec![(PathBuf::from("spec.yaml"), file)])
    }

    fn messages(body: &str) -> Vec<String> {
        let diagnostics = resolve_text(body).expect_err("the spec is rejected");
        diagnostics.0.iter().map(ToString::to_string).collect()
    }

    fn one_property(property: &str) -> String {
        format!(
            "types:\n  widget:\n    description: W.\n    properties:\n      prop: {{description: P., {property}}}\n"
        )
    }

    #[test]
    fn resolves_references_and_names() {
        let api = resolve_text(
            "types:\n  widget:\n    description: W.\n    properties:\n      type: {type: color, description: T.}\n      parts: {type: widgetPart, collection: true, description: P.}\n  widgetPart:\n    description: P.\n    properties:\n      id: {type: guid, description: I., versions: [beta]}\nenums:\n  color:\n    description: C.\n    members: [{name: red}]\n",
        )
        .expect("the spec is valid");
        let widget = &api.types[0];
        assert_eq!(widget.rust_name, "Widget");
        assert_eq!(widget.properties[1].rust_name, "type_");
        assert_eq!(widget.properties[1].ty, TypeRef::Enum(0));
        assert_eq!(widget.properties[0].ty, TypeRef::Complex(1));
        assert_eq!(api.types[1].module, "widget_part");
        assert_eq!(
            api.types[1].properties[0].versions,
            Availability::Only(vec!["beta".into()])
        );
        assert_eq!(
            api.versions
                .iter()
                .map(|v| v.rust_name.as_str())
                .collect::<Vec<_>>(),
            ["Beta", "V1"]
        );
    }

    #[test]
    fn an_unknown_type_names_its_key_path_and_a_suggestion() {
        let found = messages(&format!(
            "{}  physicalAddress:\n    description: A.\n    properties:\n      city: {{type: string, description: C.}}\n",
            one_property("type: phisicalAddress")
        ));
        assert_eq!(
            found,
            [
                "spec.yaml: types.widget.properties.prop.type: unknown type `phisicalAddress`\n  help: did you mean `physicalAddress`?"
            ]
        );
    }

    #[test]
    fn constraints_must_fit_the_type() {
        let found = messages(&one_property(
            "type: boolean, constraints: {maxLength: 3, maxItems: 1}",
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("constraints.maxLength: `maxLength` applies to strings only"),
            "{found:?}"
        );
        assert!(
            found[1].contains("constraints.maxItems: `maxItems` applies to collections only"),
            "{found:?}"
        );
    }

    #[test]
    fn contradictions_are_reported_together() {
        let found = messages(&one_property(
            "type: string, nullable: false, clearable: true, readOnly: true, requiredOnCreate: true, constraints: {minLength: 5, maxLength: 2, pattern: '(unclosed'}, versions: [v2]",
        ));
        let expected = [
            "prop.clearable: a property that is not `nullable` can't be `clearable`",
            "prop.requiredOnCreate: a `readOnly` property can't be `requiredOnCreate`",
            "prop.versions: undeclared version `v2`",
            "prop.constraints.minLength: `minLength` (5) is greater than `maxLength` (2)",
            "prop.constraints.pattern: invalid regular expression",
        ];
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for (message, part) in found.iter().zip(expected) {
            assert!(
                message.contains(part),
                "{message:?} should contain {part:?}"
            );
        }
    }

    #[test]
    fn names_that_collide_in_rust_are_rejected() {
        let found = messages(
            "types:\n  widget:\n    description: W.\n    properties:\n      fooBar: {type: string, description: F.}\n      foo_bar: {type: string, description: F.}\nenums:\n  Widget:\n    description: W.\n    members: [{name: a}]\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0]
                .contains("`enums.Widget` and `types.widget` both become the Rust type `Widget`"),
            "{found:?}"
        );
        assert!(
            found[1].contains("both become the field `foo_bar`"),
            "{found:?}"
        );
    }

    #[test]
    fn properties_on_a_cycle_are_boxed_unless_through_a_collection() {
        let boxed = |api: &Api, ty: &str, property: &str| {
            let ty = api.types.iter().find(|t| t.name == ty).expect("the type");
            ty.properties
                .iter()
                .find(|p| p.name == property)
                .expect("the property")
                .boxed
        };
        let api = resolve_text(&one_property("type: widget")).expect("a recursive type");
        assert!(boxed(&api, "widget", "prop"));
        let api = resolve_text(&one_property("type: widget, collection: true")).expect("a list");
        assert!(
            !boxed(&api, "widget", "prop"),
            "a collection has no infinite size"
        );
        // a -> b -> c -> a is a cycle; c -> d and a -> d are not on it.
        let types = "types:\n  a: {description: A., properties: {b: {type: b, description: B.}, d: {type: d, description: D.}}}\n  b: {description: B., properties: {c: {type: c, description: C.}}}\n  c: {description: C., properties: {a: {type: a, description: A.}, d: {type: d, description: D.}}}\n  d: {description: D., properties: {x: {type: string, description: X.}}}\n";
        let api = resolve_text(types).expect("a cycle of three");
        assert!(boxed(&api, "a", "b") && boxed(&api, "b", "c") && boxed(&api, "c", "a"));
        assert!(!boxed(&api, "a", "d") && !boxed(&api, "c", "d"));
    }

    #[test]
    fn enum_rules() {
        let found = messages(
            "enums:\n  color:\n    description: C.\n    evolvable: true\n    members: [{name: red}, {name: red}, {name: unrecognized}]\n",
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].contains("needs the member `unknownFutureValue`"),
            "{found:?}"
        );
        assert!(
            found[1].contains("enums.color.members.1: member `red` is listed twice"),
            "{found:?}"
        );
        assert!(
            found[2].contains("would become `Unrecognized`"),
            "{found:?}"
        );
    }

    #[test]
    fn a_replaced_property_must_be_a_collection() {
        let operation = "operations:\n  replaceProp:\n    description: R.\n    method: PATCH\n    resource: widget\n    paths: [/w]\n    versions: [v1]\n    clouds: [global, mars]\n    permissions: {delegatedWork: [], delegatedPersonal: [], application: []}\n    body: {replaceCollection: {property: prop, exclusive: true}}\n    success: {status: 200, body: widget}\n";
        let found = messages(&format!("{}{operation}", one_property("type: string")));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("operations.replaceProp.clouds: undeclared cloud `mars`"),
            "{found:?}"
        );
        assert!(found[1].contains("`prop` is not a collection"), "{found:?}");
    }

    #[test]
    fn a_name_defined_in_two_files_names_both() {
        let file = |name: &str| {
            (
                PathBuf::from(name),
                parse(Path::new(name), HEADER).expect("parses"),
            )
        };
        let found = resolve(vec![file("a.yaml"), file("b.yaml")]).expect_err("duplicates");
        assert_eq!(found.0.len(), 3);
        assert_eq!(
            found.0[0].to_string(),
            "b.yaml: versions.beta: `beta` is defined again; it is already defined in a.yaml"
        );
    }

    #[test]
    fn a_mistake_in_an_entry_whose_name_has_dots_names_its_file() {
        let cloud = "clouds:\n  eu.west: {root: http://plain.example.com, description: E.}\n";
        let files = vec![
            (
                PathBuf::from("a.yaml"),
                parse(Path::new("a.yaml"), HEADER).expect("parses"),
            ),
            (
                PathBuf::from("b.yaml"),
                parse(Path::new("b.yaml"), cloud).expect("parses"),
            ),
        ];
        let found = resolve(files).expect_err("the root is not https");
        assert!(
            found.0[0].to_string().starts_with(
                "b.yaml: clouds.eu.west.root: `http://plain.example.com` is not a root URL"
            ),
            "{found}"
        );
    }

    #[test]
    fn the_hash_ignores_the_order_of_entries() {
        let a = resolve_text(&one_property("type: string")).expect("valid");
        let swapped = format!(
            "{}versions:\n  beta: {{description: Two.}}\n  v1: {{description: One.}}\nclouds:\n  global: {{root: https://example.com, description: G.}}\n",
            one_property("description: P., type: string")
                .replace("description: P., description: P.,", "description: P.,")
        );
        let file = parse(Path::new("spec.yaml"), &swapped).unwrap_or_else(|d| panic!("{d}"));
        let b = resolve(vec![(PathBuf::from("spec.yaml"), file)]).expect("valid");
        assert_eq!(a.spec_hash, b.spec_hash);
        let c = resolve_text(&one_property("type: boolean")).expect("valid");
        assert_ne!(a.spec_hash, c.spec_hash);
    }
}
