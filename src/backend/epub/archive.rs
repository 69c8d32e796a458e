//! The EPUB's ZIP container, written the same way every time, and fast.
//!
//! epub-builder's own `ZipLibrary` stamps the current time on every entry, so
//! two builds of one book differ. This implementation of its `Zip` trait
//! fixes every timestamp at the ZIP epoch (1980-01-01) and the permissions
//! at 0644, and stores `mimetype` first and uncompressed, as OCF requires.
//! The embedded fonts were deflated at build time (build.rs); their entries
//! are copied from that archive as they are instead of compressed again.

use crate::fonts::{AMIRI_BOLD, AMIRI_REGULAR};
use epub_builder::Zip;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, DateTime, ZipArchive};

/// The embedded fonts, deflated by build.rs.
const DEFLATED_FONTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fonts-deflated.zip"));

/// A ZIP archive built in memory with fixed metadata.
pub struct DeterministicZip {
    writer: ZipWriter<Cursor<Vec<u8>>>,
}

fn options(method: CompressionMethod) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
}

fn zip_error(message: String, cause: impl std::fmt::Display) -> epub_builder::Error {
    epub_builder::Error::IoError { msg: message, cause: std::io::Error::other(cause.to_string()) }
}

/// The name of the pre-deflated entry holding exactly these bytes, if any.
fn predeflated_entry(bytes: &[u8]) -> Option<&'static str> {
    [("Amiri-Regular.ttf", AMIRI_REGULAR), ("Amiri-Bold.ttf", AMIRI_BOLD)]
        .into_iter()
        .find(|(_, font)| *font == bytes)
        .map(|(name, _)| name)
}

impl DeterministicZip {
    /// Starts an archive holding only the `mimetype` entry.
    pub fn new() -> epub_builder::Result<Self> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("mimetype", options(CompressionMethod::Stored))
            .map_err(|e| zip_error("cannot start mimetype".into(), e))?;
        writer.write_all(b"application/epub+zip").map_err(|e| zip_error("cannot write mimetype".into(), e))?;
        Ok(DeterministicZip { writer })
    }

    fn copy_predeflated(&mut self, entry: &str, name: &str) -> zip::result::ZipResult<()> {
        let mut archive = ZipArchive::new(Cursor::new(DEFLATED_FONTS))?;
        let file = archive.by_name(entry)?;
        self.writer.raw_copy_file_rename(file, name)
    }
}

impl Zip for DeterministicZip {
    fn write_file<P: AsRef<Path>, R: Read>(&mut self, path: P, mut content: R) -> epub_builder::Result<()> {
        let name = path.as_ref().to_string_lossy().replace('\\', "/");
        let mut bytes = Vec::new();
        content.read_to_end(&mut bytes).map_err(|e| zip_error(format!("cannot read {name}"), e))?;
        if let Some(entry) = predeflated_entry(&bytes) {
            return self.copy_predeflated(entry, &name).map_err(|e| zip_error(format!("cannot copy {name}"), e));
        }
        self.writer
            .start_file(name.as_str(), options(CompressionMethod::Deflated))
            .map_err(|e| zip_error(format!("cannot start {name}"), e))?;
        self.writer.write_all(&bytes).map_err(|e| zip_error(format!("cannot write {name}"), e))
    }

    fn generate<W: Write>(self, mut to: W) -> epub_builder::Result<()> {
        let bytes = self.writer.finish().map_err(|e| zip_error("cannot finish the archive".into(), e))?.into_inner();
        to.write_all(&bytes).map_err(|e| zip_error("cannot write the archive".into(), e))
    }
}
