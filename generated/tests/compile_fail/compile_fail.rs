//! Guarantees that live in the types: what must not compile, doesn't. Each case of `cases/`
//! fails with exactly the errors of its `.stderr` file; after an intended change, update them
//! with `TRYBUILD=overwrite cargo test -p graph-education-compile-fail`.

#[test]
fn read_only_and_non_clearable_properties() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("cases/*.rs");
}
