//! `cargo xtask`: the project's own commands.
//!
//! `cargo xtask codegen` regenerates `generated/src` from `specs/` and reports what the change
//! does to the crate's API; `--check` only verifies that the checked-in files are what the
//! generator makes, and that the crate's version is as high as its API changes require.
//! `cargo xtask api-diff <ref>` reports the API changes since a commit.

mod api;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::output::{self, Change, Staleness};

use api::ApiChange;

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
    /// Report the API changes between the spec at a commit and the working tree's.
    ApiDiff {
        /// The commit (or branch, tag) to compare with.
        reference: String,
        /// The directory of spec files.
        #[arg(long, default_value_os_t = workspace_root().join("specs"))]
        specs: PathBuf,
        /// The generated crate's directory, whose version at the commit the bump counts from.
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
        /// Write the same types as a JSON Schema, for other generators (typify).
        #[arg(long)]
        json_schema: bool,
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
        Command::ApiDiff {
            reference,
            specs,
            out,
        } => match api::api_diff(&workspace_root(), &specs, &out, &reference) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        Command::SyntheticSpec {
            types,
            properties,
            seed,
            out,
            json_schema,
        } => {
            let spec = if json_schema {
                codegen::synthetic::synthetic_json_schema(types, properties, seed)
            } else {
                codegen::synthetic::synthetic_spec(types, properties, seed)
            };
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
    let generated = match codegen::generate_crate(&relative(specs), &info) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    let shown = relative(out);
    let api = match ApiChange::new(&shown, generated.api) {
        Ok(api) => api,
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    let mut files = generated.files;
    files.push(api.file.clone());
    let manifest = shown.join("Cargo.toml");
    let bump = format!(
        "{}'s version is {}, lower than {} that the API changes require: raise it",
        manifest.display(),
        api.current,
        api.required
    );
    if check {
        return match output::check(out, &files) {
            Ok(stale) if stale.is_empty() && api.version_too_low() => {
                eprintln!("error: {bump}");
                ExitCode::FAILURE
            }
            Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
            Ok(stale) => {
                if let Some(report) = api.report_text() {
                    eprintln!("{report}");
                }
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
            if let Some(report) = api.report_text() {
                println!("\n{report}");
            }
            if api.version_too_low() {
                println!("warning: {bump} (`cargo xtask codegen --check` fails until then)");
            }
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
