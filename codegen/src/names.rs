//! Rust names for spec names, converted once, with heck.
//!
//! A converted name that is a Rust keyword gets a trailing underscore (`type` becomes `type_`),
//! the same rename for every kind of name, so that users can predict it. A name that cannot
//! become an ASCII identifier at all is rejected by the caller.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict, reserved and edition-2024 keywords, plus the names a raw identifier can't take.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The name of a struct, enum or enum variant: `educationUser` becomes `EducationUser`.
pub fn type_name(spec_name: &str) -> Option<String> {
    identifier(spec_name.to_upper_camel_case())
}

/// The name of a field or module: `usageLocation` becomes `usage_location`.
pub fn snake_name(spec_name: &str) -> Option<String> {
    identifier(spec_name.to_snake_case())
}

/// The name of a variant for a URL segment such as `v1.0`: `V1_0`, keeping the dot visible; a
/// dated version such as `2024-06` becomes `V2024_06`.
pub fn segment_name(spec_name: &str) -> Option<String> {
    let mut name = String::new();
    if spec_name.starts_with(|c: char| c.is_ascii_digit()) {
        name.push('V');
    }
    for part in spec_name.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        let digits_meet = name.ends_with(|c: char| c.is_ascii_digit())
            && part.starts_with(|c: char| c.is_ascii_digit());
        if digits_meet {
            name.push('_');
        }
        name.push_str(&part.to_upper_camel_case());
    }
    identifier(name)
}

fn identifier(name: String) -> Option<String> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let valid = starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && name != "_";
    if !valid {
        return None;
    }
    if KEYWORDS.contains(&name.as_str()) {
        Some(name + "_")
    } else {
        Some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_graph_names() {
        assert_eq!(type_name("educationUser").as_deref(), Some("EducationUser"));
        assert_eq!(
            type_name("DisableStrongPassword").as_deref(),
            Some("DisableStrongPassword")
        );
        assert_eq!(
            snake_name("forceChangePasswordNextSignInWithMfa").as_deref(),
            Some("force_change_password_next_sign_in_with_mfa")
        );
        assert_eq!(segment_name("v1.0").as_deref(), Some("V1_0"));
        assert_eq!(segment_name("beta").as_deref(), Some("Beta"));
        assert_eq!(segment_name("2024-06").as_deref(), Some("V2024_06"));
    }

    #[test]
    fn renames_keywords_with_a_trailing_underscore() {
        assert_eq!(snake_name("type").as_deref(), Some("type_"));
        assert_eq!(snake_name("gen").as_deref(), Some("gen_"));
        assert_eq!(type_name("self").as_deref(), Some("Self_"));
    }

    #[test]
    fn rejects_names_that_cannot_be_identifiers() {
        assert_eq!(snake_name("123"), None);
        assert_eq!(type_name("é"), None);
        assert_eq!(snake_name("@@"), None);
    }
}
