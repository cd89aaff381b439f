//! The generator behind `cargo xtask codegen`: reads the YAML API description in `specs/` and
//! emits the Rust crate in `generated/`.
//!
//! One pipeline, each stage usable alone:
//! [`spec`] (parse YAML into serde structs) → [`resolve`] (check, and resolve into the [`ir`]) →
//! [`emit`] (token trees with `quote!`) → [`format`](mod@format) (prettyplease) → [`output`] (write or check).
//! Beside it, [`api_summary`] sums up the public API the IR gives the crate, and [`api_diff`]
//! says what a change of it does to the crate's users.

pub mod api_diff;
pub mod api_summary;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
mod names;
pub mod output;
pub mod resolve;
pub mod spec;
pub mod synthetic;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use emit::CrateInfo;
pub use format::GeneratedFile;

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// Mistakes in the spec, all of them.
    Spec(Diagnostics),
    /// A bug in the generator: it emitted something that is not Rust.
    Render(Vec<String>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => diagnostics.fmt(f),
            Error::Render(problems) => {
                writeln!(
                    f,
                    "internal error: the generator emitted invalid code (please report this):"
                )?;
                f.write_str(&problems.join("\n"))
            }
        }
    }
}

impl std::error::Error for Error {}

/// Generates every file of the crate from the spec files in `spec_dir`, in memory.
pub fn generate(spec_dir: &Path, info: &CrateInfo) -> Result<Vec<GeneratedFile>, Error> {
    generate_crate(spec_dir, info).map(|generated| generated.files)
}

/// What one run makes from a spec.
pub struct Generated {
    /// Every file under the crate's `src/`.
    pub files: Vec<GeneratedFile>,
    /// The crate's public API, to compare with the previous run's.
    pub api: api_summary::Summary,
}

/// Generates every file of the crate, and the summary of its API, from the spec files in
/// `spec_dir`, in memory.
pub fn generate_crate(spec_dir: &Path, info: &CrateInfo) -> Result<Generated, Error> {
    let files = spec::load_dir(spec_dir).map_err(Error::Spec)?;
    let api = resolve::resolve(files).map_err(Error::Spec)?;
    Ok(Generated {
        files: render(&api, info)?,
        api: api_summary::summarize(&api),
    })
}

/// The summary of the public API the spec files in `spec_dir` give the crate.
pub fn summarize(spec_dir: &Path) -> Result<api_summary::Summary, Error> {
    let files = spec::load_dir(spec_dir).map_err(Error::Spec)?;
    let api = resolve::resolve(files).map_err(Error::Spec)?;
    Ok(api_summary::summarize(&api))
}

/// Generates every file of the crate from parsed spec files, in memory.
pub fn generate_from(
    files: Vec<(PathBuf, spec::SpecFile)>,
    info: &CrateInfo,
) -> Result<Vec<GeneratedFile>, Error> {
    let api = resolve::resolve(files).map_err(Error::Spec)?;
    render(&api, info)
}

/// Emits and formats every file of the crate from a resolved spec, in memory.
pub fn render(api: &ir::Api, info: &CrateInfo) -> Result<Vec<GeneratedFile>, Error> {
    let (rendered, problems): (Vec<_>, Vec<_>) =
        render_all(api, info).into_iter().partition(Result::is_ok);
    if problems.is_empty() {
        Ok(rendered.into_iter().flatten().collect())
    } else {
        Err(Error::Render(
            problems.into_iter().filter_map(Result::err).collect(),
        ))
    }
}

/// Emits and formats every module, spread over the machine's cores by rayon, whose work
/// stealing balances modules of very different sizes; the order is [`emit::plan`]'s.
fn render_all(api: &ir::Api, info: &CrateInfo) -> Vec<Result<GeneratedFile, String>> {
    emit::plan(api)
        .into_par_iter()
        .map(|kind| format::render(emit::module(api, info, kind)))
        .collect()
}

/// The generator's version, recorded in the generated crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
