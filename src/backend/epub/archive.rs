//! The EPUB's ZIP container, written the same way every time.
//!
//! epub-builder's own `ZipLibrary` stamps the current time on every entry, so
//! two builds of one book differ. This implementation of its `Zip` trait
//! fixes every timestamp at the ZIP epoch (1980-01-01) and the permissions
//! at 0644, and stores `mimetype` first and uncompressed, as OCF requires.

use epub_builder::Zip;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, DateTime};

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
    epub_builder::Error::IoError {
        msg: message,
        cause: std::io::Error::other(cause.to_string()),
    }
}

impl DeterministicZip {
    /// Starts an archive holding only the `mimetype` entry.
    pub fn new() -> epub_builder::Result<Self> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("mimetype", options(CompressionMethod::Stored))
            .map_err(|e| zip_error("cannot start mimetype".into(), e))?;
        writer
            .write_all(b"application/epub+zip")
            .map_err(|e| zip_error("cannot write mimetype".into(), e))?;
        Ok(DeterministicZip { writer })
    }
}

impl Zip for DeterministicZip {
    fn write_file<P: AsRef<Path>, R: Read>(
        &mut self,
        path: P,
        mut content: R,
    ) -> epub_builder::Result<()> {
        let name = path.as_ref().to_string_lossy().replace('\\', "/");
        self.writer
            .start_file(name.as_str(), options(CompressionMethod::Deflated))
            .map_err(|e| zip_error(format!("cannot start {name}"), e))?;
        std::io::copy(&mut content, &mut self.writer)
            .map_err(|e| zip_error(format!("cannot write {name}"), e))?;
        Ok(())
    }

    fn generate<W: Write>(self, mut to: W) -> epub_builder::Result<()> {
        let bytes = self
            .writer
            .finish()
            .map_err(|e| zip_error("cannot finish the archive".into(), e))?
            .into_inner();
        to.write_all(&bytes)
            .map_err(|e| zip_error("cannot write the archive".into(), e))
    }
}
