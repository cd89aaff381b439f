//! Times the generator's stages on a spec directory, each generation in turn: YAML parsing,
//! resolving, and emitting + formatting (in memory; nothing is written).
//!
//! `cargo run --release -p codegen --example stages -- SPEC_DIR [GENERATIONS]`
//!
//! Uses `mimalloc`, as `cargo xtask codegen` does.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(spec_dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: stages SPEC_DIR [GENERATIONS]");
        return ExitCode::FAILURE;
    };
    let generations = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let info = codegen::CrateInfo {
        name: "graph_education".into(),
        description: "Timing the generator's stages.".into(),
        generator_version: codegen::VERSION.into(),
    };
    for _ in 0..generations {
        let start = Instant::now();
        let files = match codegen::spec::load_dir(&spec_dir) {
            Ok(files) => files,
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                return ExitCode::FAILURE;
            }
        };
        let parsed = start.elapsed();
        let resolving = Instant::now();
        let api = match codegen::resolve::resolve(files) {
            Ok(api) => api,
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                return ExitCode::FAILURE;
            }
        };
        let resolved = resolving.elapsed();
        let rendering = Instant::now();
        let generated = match codegen::render(&api, &info) {
            Ok(generated) => generated,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::FAILURE;
            }
        };
        let rendered = rendering.elapsed();
        let bytes: usize = generated.iter().map(|file| file.contents.len()).sum();
        println!(
            "YAML {parsed:.1?}, resolving {resolved:.1?}, emitting + formatting {rendered:.1?} \
             ({:.1?} in all; {bytes} bytes)",
            start.elapsed()
        );
    }
    ExitCode::SUCCESS
}
