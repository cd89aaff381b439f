//! Doc comments from spec text.
//!
//! Text goes into `#[doc = "..."]` string literals, so no spec text can end a comment or inject
//! code. What Markdown would turn into a doc test (code fences, indented blocks) or what a
//! comment can't hold (control characters) is neutralized here.

use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Outer doc attributes, one per line of `text`.
pub fn doc(text: &str) -> TokenStream {
    lines_as_they_are(&doc_lines(text))
}

/// Outer doc attributes for lines the generator wrote (examples), kept as they are.
pub fn lines_as_they_are(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| line_literal(line));
    quote! { #(#[doc = #lines])* }
}

/// One line of a doc comment as a raw string literal (`r"..."`), which holds any text but a
/// lone carriage return as it is: nothing is escaped to make it, or unescaped when syn and
/// prettyplease read it back, a third of the cost of a doc attribute to the generator. The
/// formatted comment is the same as from an ordinary string literal.
pub fn line_literal(line: &str) -> Literal {
    let hashes = if line.contains('"') {
        "#".repeat(longest_run_of_hashes(line) + 1)
    } else {
        String::new()
    };
    let mut raw = String::with_capacity(line.len() + 2 * hashes.len() + 3);
    for part in ["r", &hashes, "\"", line, "\"", &hashes] {
        raw.push_str(part);
    }
    Literal::from_str(&raw).unwrap_or_else(|_| Literal::string(line))
}

fn longest_run_of_hashes(line: &str) -> usize {
    line.split(|c| c != '#').map(str::len).max().unwrap_or(0)
}

/// Inner doc attributes (`//!`): the lines of `text`, then those of a generator-written
/// `example`, kept as they are.
pub fn inner_doc(text: &str, example: Option<&str>) -> TokenStream {
    let mut lines = doc_lines(text);
    if let Some(example) = example {
        lines.push(String::new());
        lines.extend(example.lines().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        }));
    }
    let lines = lines.iter().map(|line| line_literal(line));
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .lines()
        .map(|line| {
            let line = line.trim_start();
            if line.is_empty() {
                return String::new();
            }
            let fenced = line.starts_with("```") || line.starts_with("~~~");
            let escape = if fenced { "\\" } else { "" };
            let clean: String = line
                .chars()
                .map(|c| {
                    if c.is_control() || is_bidi_control(c) {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            format!(" {escape}{}", clean.trim_end())
        })
        .collect()
}

/// Codepoints that reorder text on screen ("Trojan Source"); rustc rejects them in comments.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, line_literal};

    #[test]
    fn lines_become_raw_literals_that_no_quote_or_hash_can_end() {
        let cases = [
            ("plain", r#"r"plain""#),
            (r#"a "quote""#, r##"r#"a "quote""#"##),
            (r##"ends "# early"##, r###"r##"ends "# early"##"###),
            (r"back\slash", r#"r"back\slash""#),
        ];
        for (line, literal) in cases {
            assert_eq!(line_literal(line).to_string(), literal);
            let parsed: syn::LitStr = syn::parse_str(literal).expect("a string literal");
            assert_eq!(parsed.value(), line);
        }
    }

    #[test]
    fn keeps_lines_and_blank_lines() {
        assert_eq!(doc_lines("One.\n\nTwo.\n"), [" One.", "", " Two."]);
    }

    #[test]
    fn neutralizes_doc_tests_and_control_characters() {
        assert_eq!(
            doc_lines("```rust\n    indented\u{7}"),
            [" \\```rust", " indented"]
        );
    }
}
