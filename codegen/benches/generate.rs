//! Generator speed: parse + check + emit + format, in memory (nothing is written), for the real
//! spec and for synthetic specs of 10, 100 and 1,000 types of 30 properties.
//!
//! `cargo bench -p codegen --bench generate`

use std::path::{Path, PathBuf};

use codegen::CrateInfo;
use divan::Bencher;

/// The allocator `cargo xtask codegen` runs with, so that the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn info() -> CrateInfo {
    CrateInfo {
        name: "graph_education".into(),
        description: "Benchmark.".into(),
        generator_version: codegen::VERSION.into(),
    }
}

fn generate(name: &Path, text: &str) -> usize {
    let file = codegen::spec::parse(name, text).expect("the spec parses");
    let files =
        codegen::generate_from(vec![(name.to_path_buf(), file)], &info()).expect("it generates");
    files.iter().map(|f| f.contents.len()).sum()
}

#[divan::bench(sample_count = 30)]
fn real_spec(bencher: Bencher) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/graph-education.yaml");
    let text = std::fs::read_to_string(&path).expect("the real spec");
    bencher.bench(|| generate(&path, divan::black_box(&text)));
}

#[divan::bench(args = [10, 100, 250, 500, 1000], sample_count = 10)]
fn synthetic_types_of_30_properties(bencher: Bencher, types: usize) {
    let text = codegen::synthetic::synthetic_spec(types, 30, 42);
    let name = PathBuf::from("synthetic.yaml");
    bencher.bench(|| generate(&name, divan::black_box(&text)));
}
