//! `cargo xtask`: the project's own commands.
//!
//! `cargo xtask codegen` regenerates `generated/src` from `specs/`; `--check` only verifies that
//! the checked-in files are what the generator makes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::output::{self, Change, Staleness};

/// The generator allocates every token it emits several times over (quote, syn, prettyplease);
/// with the system allocator, allocating and freeing was a third of its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "The project's own commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate `generated/src` from the spec in `specs/`.
    Codegen {
        /// Write nothing; fail if any generated file is out of date.
        #[arg(long)]
        check: bool,
        /// The directory of spec files.
        #[arg(long, default_value_os_t = workspace_root().join("specs"))]
        specs: PathBuf,
        /// The generated crate's directory.
        #[arg(long, default_value_os_t = workspace_root().join("generated"))]
        out: PathBuf,
    },
    /// Write a synthetic spec, for benchmarks: every kind of property and constraint.
    SyntheticSpec {
        /// How many complex types.
        #[arg(long, default_value_t = 100)]
        types: usize,
        /// How many properties each type has.
        #[arg(long, default_value_t = 30)]
        properties: usize,
        /// The seed; the same seed gives the same spec.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The Rust name of the generated crate, as its doc examples refer to it.
const GENERATED_CRATE: &str = "graph_education";
const GENERATED_CRATE_DESCRIPTION: &str = "Models and request builders for Microsoft \
    Graph's educationUser, generated from the API description in `specs/`.";

fn main() -> ExitCode {
    let Cli { command } = Cli::parse();
    match command {
        Command::Codegen { check, specs, out } => codegen_command(check, &specs, &out),
        Command::SyntheticSpec {
            types,
            properties,
            seed,
            out,
        } => {
            let spec = codegen::synthetic::synthetic_spec(types, properties, seed);
            match std::fs::write(&out, spec) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: cannot write {}: {error}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The checkout to work on, found when the command runs: `cargo run` (behind `cargo xtask`)
/// tells the binary where its manifest is. The path baked in at compile time would be another
/// checkout's when two share a target directory. Run directly, the nearest ancestor of the
/// current directory that has an `xtask/`.
fn workspace_root() -> PathBuf {
    if let Some(xtask_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let xtask_dir = PathBuf::from(xtask_dir);
        return xtask_dir.parent().unwrap_or(&xtask_dir).to_path_buf();
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .find(|dir| dir.join("xtask/Cargo.toml").is_file())
        .unwrap_or(&cwd)
        .to_path_buf()
}

fn codegen_command(check: bool, specs: &Path, out: &Path) -> ExitCode {
    let info = codegen::CrateInfo {
        name: GENERATED_CRATE.into(),
        description: GENERATED_CRATE_DESCRIPTION.into(),
        generator_version: codegen::VERSION.into(),
    };
    let files = match codegen::generate(&relative(specs), &info) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    let shown = relative(out);
    if check {
        return match output::check(out, &files) {
            Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
            Ok(stale) => {
                for (path, why) in stale {
                    let why = match why {
                        Staleness::Missing => "missing",
                        Staleness::Outdated => "out of date",
                        Staleness::Extra => "no longer generated",
                    };
                    eprintln!("stale: {}: {why}", shown.join(path).display());
                }
                eprintln!("run `cargo xtask codegen` to update the generated code");
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", shown.display());
                ExitCode::FAILURE
            }
        };
    }
    match output::write(out, &files) {
        Ok(report) => {
            let mut unchanged = 0;
            for (path, change) in report {
                let verb = match change {
                    Change::Created => "created",
                    Change::Updated => "updated",
                    Change::Removed => "removed",
                    Change::Unchanged => {
                        unchanged += 1;
                        continue;
                    }
                };
                println!("{verb:>8} {}", shown.join(path).display());
            }
            println!("{} files generated, {unchanged} unchanged", files.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", shown.display());
            ExitCode::FAILURE
        }
    }
}

/// `path` relative to the current directory when it is inside it, for shorter messages.
fn relative(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
