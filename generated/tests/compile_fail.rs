//! Guarantees that live in the types: what must not compile, doesn't.

#[test]
fn read_only_and_non_clearable_properties() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
