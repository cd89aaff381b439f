//! The generator behind `cargo xtask codegen`: reads the YAML API description in `specs/` and
//! emits the Rust crate in `generated/`.
//!
//! One pipeline, each stage usable alone:
//! [`spec`] (parse YAML into serde structs) → [`resolve`] (check, and resolve into the [`ir`]) →
//! [`emit`] (token trees with `quote!`) → [`format`](mod@format) (prettyplease) → [`output`] (write or check).

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
use std::sync::atomic::{AtomicUsize, Ordering};

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
    let files = spec::load_dir(spec_dir).map_err(Error::Spec)?;
    generate_from(files, info)
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

/// Emits and formats every module, spread over the machine's cores; the order is [`emit::plan`]'s.
fn render_all(api: &ir::Api, info: &CrateInfo) -> Vec<Result<GeneratedFile, String>> {
    let kinds = emit::plan(api);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(kinds.len().max(1));
    let render = |kind| format::render(emit::module(api, info, kind));
    if threads <= 1 {
        return kinds.into_iter().map(render).collect();
    }
    // Each worker takes the next module not yet taken, so that a worker the OS holds back, or
    // one that drew big modules, leaves the rest to the others. Taken from the end of the plan,
    // where the biggest (operations) are, so that the last ones taken are small.
    let taken = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<GeneratedFile, String>>> = vec![None; kinds.len()];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (kinds, taken) = (&kinds, &taken);
                scope.spawn(move || {
                    std::iter::from_fn(|| {
                        let count = taken.fetch_add(1, Ordering::Relaxed);
                        let index = kinds.len().checked_sub(count + 1)?;
                        Some((index, render(kinds[index])))
                    })
                    .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => done
                    .into_iter()
                    .for_each(|(index, result)| results[index] = Some(result)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results
        .into_iter()
        .map(|result| result.unwrap_or_else(|| Err("a module was not rendered".into())))
        .collect()
}

/// The generator's version, recorded in the generated crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
