//! Doc comments from spec text.
//!
//! Text goes into `#[doc = "..."]` string literals, so no spec text can end a comment or inject
//! code. What Markdown would turn into a doc test (code fences, indented blocks) or what a
//! comment can't hold (control characters) is neutralized here.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes, one per line of `text`.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
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
    use super::doc_lines;

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
