//! Guarantees that live in the types: what must not compile, doesn't.

/// rustc's messages list the types that implement `From` for `String`, and the `client`
/// feature's dependencies add to that list: the expected messages are those of the README's
/// test command, which enables every feature.
#[test]
#[cfg_attr(
    not(feature = "client"),
    ignore = "the expected messages are those with every feature enabled"
)]
fn read_only_and_non_clearable_properties() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
