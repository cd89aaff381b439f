//! The README's client example is the example program that `cargo test` compiles.

#[test]
fn the_readme_quotes_the_client_example_whole() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/update_user.rs");
    let quoted = format!("```rust\n{example}```");
    assert!(
        readme.contains(&quoted),
        "README.md's client example differs from generated/examples/update_user.rs"
    );
}
