//! Doc comments from spec text.
//!
//! Text goes into `#[doc = "..."]` string literals, so no spec text can end a comment or inject
//! code. What Markdown would turn into a doc test (code fences, indented blocks), what rustdoc
//! would read as a link or HTML (`[brackets]`, `<tags>`, bare URLs), and what a comment can't
//! hold (control characters) is neutralized here; code spans are kept.

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

/// The width of a doc line's text: with `/// ` and the indentation of a field or method, a
/// line stays within 100 columns.
const TEXT_WIDTH: usize = 92;

fn doc_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .lines()
        .flat_map(|line| wrap(line.trim(), TEXT_WIDTH))
        .map(|line| {
            let line = line.trim_start();
            if line.is_empty() {
                return String::new();
            }
            // A backtick fence is escaped with the other unclosed backticks.
            let escape = if line.starts_with("~~~") { "\\" } else { "" };
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

/// `line` broken at spaces into lines of at most `width` characters (a longer word stands
/// alone). A line never starts with what Markdown would read as a heading, list, quote or
/// fence: such a word stays on the line before.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in line.split(' ').filter(|word| !word.is_empty()) {
        let current = lines.last_mut().expect("one line at least");
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() || fits || starts_a_block(word) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

/// Whether a line starting with `word` would be a Markdown block other than a paragraph.
fn starts_a_block(word: &str) -> bool {
    let ordered = word.trim_start_matches(|c: char| c.is_ascii_digit());
    word.starts_with(['#', '-', '*', '+', '>', '=', '|'])
        || word.starts_with("```")
        || word.starts_with("~~~")
        || (ordered.len() < word.len() && (ordered.starts_with('.') || ordered.starts_with(')')))
}

/// `text` as a Markdown code span, fenced with more backticks than it holds in a row, so that
/// no backtick in it can end the span early (`` `a`b` `` stays one span).
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space keeps a backtick at either end from joining the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Spec text, made plain for a doc comment: see [`plain_markdown`]. Generator-written text,
/// which links on purpose, does not go through it.
pub fn spec_text(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(plain_markdown).collect();
    lines.join("\n")
}

/// `line` with the Markdown that rustdoc reads as links, footnotes or HTML escaped, and bare
/// URLs made autolinks, outside code spans (`` `a[0]` `` stays as it is).
fn plain_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        let (text, code) = match rest.find('`') {
            Some(start) => {
                let fence = rest[start..].len() - rest[start..].trim_start_matches('`').len();
                let ticks = &rest[start..start + fence];
                match rest[start + fence..].find(ticks) {
                    Some(end) => {
                        let end = start + fence + end + fence;
                        (&rest[..start], &rest[start..end])
                    }
                    // An unclosed span is text; its backticks are escaped.
                    None => (&rest[..start + fence], ""),
                }
            }
            None => (rest, ""),
        };
        escape_text(text, &mut out);
        out.push_str(code);
        rest = &rest[text.len() + code.len()..];
    }
    out
}

fn escape_text(text: &str, out: &mut String) {
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        let url = word.find("https://").or_else(|| word.find("http://"));
        match url {
            Some(start) => {
                escape_chars(&word[..start], out);
                // The URL ends at an angle bracket (`<https://a.b>` is one already), and its
                // trailing punctuation ends the sentence, not the URL.
                let url = &word[start..];
                let url = &url[..url.find(['<', '>']).unwrap_or(url.len())];
                let trimmed = url.trim_end_matches(|c: char| ".,;:!?)'\"".contains(c));
                out.push('<');
                out.push_str(trimmed);
                out.push('>');
                escape_chars(&word[start + trimmed.len()..], out);
            }
            None => escape_chars(word, out),
        }
        if words.peek().is_some() {
            out.push(' ');
        }
    }
}

fn escape_chars(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '`' | '\\' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Codepoints that reorder text on screen ("Trojan Source"); rustc rejects them in comments.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::{TEXT_WIDTH, code, doc_lines, line_literal, spec_text, wrap};

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
    fn escapes_links_html_and_bare_urls_outside_code_spans() {
        let cases = [
            (
                "See [the docs] and <b>bold</b>.",
                r" See \[the docs\] and \<b\>bold\</b\>.",
            ),
            (
                "Go to https://example.com/a_b.",
                r" Go to <https://example.com/a_b>.",
            ),
            ("(http://x.y/z)", r" (<http://x.y/z>)"),
            ("(see <https://x.y/z>).", r" (see \<<https://x.y/z>\>)."),
            (
                "Use `a[0] <T>` or ``x ` y``.",
                r" Use `a[0] <T>` or ``x ` y``.",
            ),
            ("An `unclosed [span", r" An \`unclosed \[span"),
            (r"a \[b\] &amp;", r" a \\\[b\\\] \&amp;"),
        ];
        for (text, line) in cases {
            assert_eq!(doc_lines(&spec_text(text)), [line], "{text}");
        }
    }

    #[test]
    fn wraps_at_the_width_without_starting_a_block() {
        let text = "aaaa bbbb cccc - dddd #1 eeee 2. ffff";
        assert_eq!(
            wrap(text, 9),
            ["aaaa bbbb", "cccc -", "dddd #1", "eeee 2.", "ffff"]
        );
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
        let long = "word ".repeat(60);
        assert!(
            doc_lines(&long)
                .iter()
                .all(|line| line.len() <= TEXT_WIDTH + 1)
        );
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`[x]`"), "`` `[x]` ``");
    }

    #[test]
    fn keeps_lines_and_blank_lines() {
        assert_eq!(doc_lines("One.\n\nTwo.\n"), [" One.", "", " Two."]);
    }

    #[test]
    fn neutralizes_doc_tests_and_control_characters() {
        assert_eq!(
            doc_lines(&spec_text("```rust\n    indented\u{7}\n~~~")),
            [r" \`\`\`rust", " indented", r" \~~~"]
        );
    }
}
