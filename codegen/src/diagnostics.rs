//! Errors found in a spec, each naming the file, the place in it, and what to fix.
//!
//! Every stage collects diagnostics instead of stopping at the first, so one run reports all of
//! a spec's mistakes together.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a spec file a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A YAML position, 1-based.
    LineColumn { line: usize, column: usize },
    /// A dotted path of mapping keys, such as `types.educationUser.properties.mail.type`.
    KeyPath(String),
    /// The file as a whole (it could not be read, for instance).
    File,
}

/// One mistake in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
    /// A concrete fix, when one can be suggested.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn at_key(file: &Path, key_path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            location: Location::KeyPath(key_path.into()),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::LineColumn { line, column } => write!(f, "{file}:{line}:{column}: ")?,
            Location::KeyPath(path) => write!(f, "{file}: {path}: ")?,
            Location::File => write!(f, "{file}: ")?,
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All diagnostics of one run, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was reported, otherwise every diagnostic.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "{count} error{} in the spec",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
