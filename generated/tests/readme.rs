//! The README's examples: the client example is the example program that `cargo test`
//! compiles, and every other Rust block is a file of `tests/readme/`, a block that a test here
//! compiles and runs.

const README: &str = include_str!("../../README.md");

/// The snippet files, each `{` and `}` around a README block.
const SNIPPETS: [&str; 6] = [
    include_str!("readme/0_parse.rs"),
    include_str!("readme/1_update.rs"),
    include_str!("readme/2_create_get_delete.rs"),
    include_str!("readme/3_list.rs"),
    include_str!("readme/4_delta.rs"),
    include_str!("readme/5_client_streams.rs"),
];

#[test]
fn the_readme_quotes_the_client_example_whole() {
    let example = include_str!("../examples/update_user.rs");
    let quoted = format!("```rust\n{example}```");
    assert!(
        README.contains(&quoted),
        "README.md's client example differs from generated/examples/update_user.rs"
    );
}

#[test]
fn every_other_readme_block_is_a_snippet_file() {
    let blocks: Vec<&str> = README
        .split("```rust\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("```").map(|(code, _)| code))
        .filter(|code| !code.contains("fn main("))
        .collect();
    let files: Vec<&str> = SNIPPETS
        .iter()
        .map(|file| {
            let inner = file.strip_prefix("{\n").and_then(|f| f.strip_suffix("}\n"));
            inner.expect("a snippet file is a block")
        })
        .collect();
    assert_eq!(blocks, files, "README.md's blocks and tests/readme/ differ");
}

macro_rules! runs {
    ($test:ident, $file:literal) => {
        #[test]
        #[allow(unused)]
        fn $test() -> Result<(), Box<dyn std::error::Error>> {
            include!($file);
            Ok(())
        }
    };
}

runs!(parse, "readme/0_parse.rs");
runs!(update, "readme/1_update.rs");
runs!(create_get_delete, "readme/2_create_get_delete.rs");
runs!(list, "readme/3_list.rs");
runs!(delta, "readme/4_delta.rs");
#[cfg(feature = "client")]
runs!(client_streams, "readme/5_client_streams.rs");
