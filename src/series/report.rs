//! What a build tells its caller: one report per part, one for the omnibus,
//! and warnings about the series as a whole. Printed as JSON by `--json`.

use serde::Serialize;

/// What happened to one part.
#[derive(Debug, Clone, Serialize)]
pub struct PartReport {
    /// The input file.
    pub input: String,
    /// Output files written (or kept, when skipped).
    pub outputs: Vec<String>,
    /// Title line.
    pub title: Option<String>,
    /// Detected (or stated) series.
    pub series: Option<String>,
    /// Detected part number.
    pub part: Option<u32>,
    /// Pages of the PDF.
    pub pages: Option<usize>,
    /// Words in the essay.
    pub words: usize,
    /// Time spent on this part.
    pub milliseconds: f64,
    /// Left as it was: input and options unchanged since the last build.
    pub skipped: bool,
    /// Warnings about this part.
    pub warnings: Vec<String>,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// The omnibus volume's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct OmnibusReport {
    /// Output files.
    pub outputs: Vec<String>,
    /// Parts in it.
    pub parts: usize,
    /// Pages of its PDF.
    pub pages: Option<usize>,
    /// Time spent.
    pub milliseconds: f64,
    /// Left as it was.
    pub skipped: bool,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// The whole build.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The output directory.
    pub out_dir: String,
    /// Every part, in reading order.
    pub parts: Vec<PartReport>,
    /// The omnibus, if asked for.
    pub omnibus: Option<OmnibusReport>,
    /// Warnings about the series as a whole (numbering, mixed titles, state).
    pub warnings: Vec<String>,
    /// Wall time of the whole build.
    pub milliseconds: f64,
}

impl Report {
    /// Whether any part (or the omnibus) failed.
    pub fn failed(&self) -> bool {
        self.parts.iter().any(|p| p.error.is_some()) || self.omnibus.as_ref().is_some_and(|o| o.error.is_some())
    }
}
