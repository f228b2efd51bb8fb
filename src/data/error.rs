//! Problems found in a data file, each tied to the place in the file where it occurs.

use std::fmt;

/// Where in the data file a problem sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
}

/// Which part of the file a problem belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The file as a whole (syntax, top-level members).
    File,
    /// An entry of the top-level `batches` member, by index.
    Batch(usize),
    /// A feature, by index in `features`, with its id when it has a readable one.
    Feature(usize, Option<String>),
}

/// One problem in a data file, printed as `FILE:LINE:COL: feature #3 (hangzhou): message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    /// The file as named on the command line.
    pub file: String,
    /// Where the problem is.
    pub pos: Pos,
    /// Which batch or feature it belongs to.
    pub part: Part,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.pos.line, self.pos.col)?;
        match &self.part {
            Part::File => {}
            Part::Batch(i) => write!(f, "batch entry #{i}: ")?,
            Part::Feature(i, Some(id)) => write!(f, "feature #{i} ({id}): ")?,
            Part::Feature(i, None) => write!(f, "feature #{i}: ")?,
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one file; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataErrors(pub Vec<DataError>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}
