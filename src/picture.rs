//! What a picture file says about itself, read from its headers with
//! nothing decoded: its format and size (for the reader, which checks every
//! picture it meets), and a JPEG's colour components, Adobe marker and Exif
//! orientation (for the PDF, which draws it).

use crate::document::ImageFormat;
use anyhow::{Result, anyhow, bail};

/// A picture's format, width, height and colour components (1 grey, 3 RGB,
/// 4 CMYK for JPEG; for PNG the components are the PNG colour type's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    /// PNG or JPEG.
    pub format: ImageFormat,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
}

/// Reads the header of a PNG or JPEG file; `None` when it is neither, or
/// when its header is cut short or names an empty picture.
pub fn probe(bytes: &[u8]) -> Option<Probe> {
    let probe = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)?
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg(bytes)?
    } else {
        return None;
    };
    (probe.width > 0 && probe.height > 0).then_some(probe)
}

fn png(bytes: &[u8]) -> Option<Probe> {
    let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().ok()?;
    let info = reader.info();
    Some(Probe { format: ImageFormat::Png, width: info.width, height: info.height })
}

/// A JPEG's stored size, from its frame header. Only the headers before the
/// frame need be whole: the reader checks a picture, the PDF draws it.
fn jpeg(bytes: &[u8]) -> Option<Probe> {
    let segments = jpeg_segments(bytes);
    let (_, frame) = segments.found.iter().find(|(marker, _)| is_frame(*marker))?;
    let &[_, h1, h0, w1, w0, ..] = *frame else { return None };
    let (width, height) = (u16::from_be_bytes([w1, w0]), u16::from_be_bytes([h1, h0]));
    Some(Probe { format: ImageFormat::Jpeg, width: width.into(), height: height.into() })
}

/// What a JPEG's headers say about drawing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    /// Width in pixels, as stored.
    pub width: u16,
    /// Height in pixels, as stored.
    pub height: u16,
    /// Colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK or YCCK.
    pub components: u8,
    /// An Adobe APP14 marker is present (Adobe writes CMYK inverted).
    pub adobe: bool,
    /// The Exif orientation, 1 to 8 (1 when there is none).
    pub orientation: u8,
}

/// The marker segments of a JPEG before its first scan, as far as they go.
struct Segments<'a> {
    /// (marker, contents), in file order.
    found: Vec<(u8, &'a [u8])>,
    /// The first thing wrong on the way, if any: bytes where a marker should
    /// be (skipped, as decoders skip them), or the file ending before its scan.
    broken: Option<String>,
}

impl Segments<'_> {
    /// Keeps the first problem met.
    fn note(&mut self, problem: String) {
        self.broken.get_or_insert(problem);
    }
}

/// Walks a JPEG's marker segments up to its first scan.
fn jpeg_segments(bytes: &[u8]) -> Segments<'_> {
    let mut segments = Segments { found: Vec::new(), broken: None };
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        segments.note("not a JPEG: no start-of-image marker".into());
        return segments;
    }
    let mut at = 2;
    loop {
        match bytes.get(at) {
            None => {
                segments.note(format!("a JPEG cut short at byte {at}"));
                return segments;
            }
            Some(&0xFF) => {}
            Some(_) => {
                segments.note(format!("a broken JPEG: no marker at byte {at}"));
                at += 1;
                continue;
            }
        }
        // A marker may be padded with any number of 0xFF bytes.
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at + 1) else {
            segments.note(format!("a JPEG cut short at byte {at}"));
            return segments;
        };
        at += 2;
        match marker {
            0x01 | 0xD0..=0xD7 => continue, // no length
            0xDA => return segments,
            0xD9 => {
                segments.note("a JPEG that ends before its scan".into());
                return segments;
            }
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(at..at + 2) else {
            segments.note(format!("a JPEG cut short at byte {at}"));
            return segments;
        };
        let end = at + usize::from(u16::from_be_bytes([high, low]));
        let Some(segment) = bytes.get(at + 2..end) else {
            // What there is of a segment cut short still says what it began to.
            segments.note(format!("a JPEG cut short in a segment at byte {at}"));
            segments.found.push((marker, bytes.get(at + 2..).unwrap_or_default()));
            return segments;
        };
        segments.found.push((marker, segment));
        at += 2 + segment.len();
    }
}

/// A start-of-frame marker: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
fn is_frame(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Reads a JPEG's frame header, Adobe marker and Exif orientation.
pub fn jpeg_info(bytes: &[u8]) -> Result<JpegInfo> {
    let segments = jpeg_segments(bytes);
    if let Some(problem) = segments.broken {
        bail!(problem);
    }
    let segments = segments.found;
    let adobe = segments.iter().any(|(marker, segment)| *marker == 0xEE && segment.starts_with(b"Adobe"));
    let orientation = segments
        .iter()
        .find_map(|(marker, segment)| (*marker == 0xE1).then(|| segment.strip_prefix(b"Exif\0\0")).flatten())
        .and_then(exif_orientation)
        .unwrap_or(1);
    let (marker, frame) =
        segments.iter().find(|(marker, _)| is_frame(*marker)).ok_or_else(|| anyhow!("a JPEG with no frame header"))?;
    let &[precision, h1, h0, w1, w0, components, ..] = *frame else {
        bail!("a JPEG frame header too short");
    };
    if precision != 8 {
        bail!("a JPEG of {precision} bits per sample (PDF takes 8)");
    }
    if matches!(marker, 0xC3 | 0xC7 | 0xCB | 0xCF) {
        bail!("a lossless JPEG (PDF takes baseline or progressive)");
    }
    let (width, height) = (u16::from_be_bytes([w1, w0]), u16::from_be_bytes([h1, h0]));
    if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
        bail!("a JPEG of {width} × {height} pixels with {components} components");
    }
    Ok(JpegInfo { width, height, components, adobe, orientation })
}

/// The Orientation tag (0x0112) of an Exif block's first directory.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big_endian = match tiff.get(..4)? {
        b"MM\0*" => true,
        b"II*\0" => false,
        _ => return None,
    };
    let short = |at: usize| {
        let bytes = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if big_endian { u16::from_be_bytes(bytes) } else { u16::from_le_bytes(bytes) })
    };
    let long = |at: usize| {
        let bytes = [*tiff.get(at)?, *tiff.get(at + 1)?, *tiff.get(at + 2)?, *tiff.get(at + 3)?];
        Some(if big_endian { u32::from_be_bytes(bytes) } else { u32::from_le_bytes(bytes) })
    };
    let directory = usize::try_from(long(4)?).ok()?;
    let entries = short(directory)?;
    (0..usize::from(entries)).find_map(|index| {
        let entry = directory + 2 + 12 * index;
        if short(entry)? != 0x0112 {
            return None;
        }
        let value = short(entry + 8)?;
        u8::try_from(value).ok().filter(|v| (1..=8).contains(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_frame_header_gives_the_size() {
        // SOI, an APP0 of 16 bytes, then a baseline frame 300 × 200, 3 components.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend_from_slice(&[0; 14]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0xC8, 0x01, 0x2C, 0x03]);
        assert_eq!(probe(&jpeg), Some(Probe { format: ImageFormat::Jpeg, width: 300, height: 200 }));
        assert_eq!(probe(&jpeg[..12]), None);
    }

    #[test]
    fn other_files_are_not_pictures() {
        assert_eq!(probe(b"GIF89a......"), None);
        assert_eq!(probe(b"\x89PNG\r\n\x1a\n"), None);
    }

    fn headers(components: u8, adobe: bool) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        if adobe {
            bytes.extend([0xFF, 0xEE, 0x00, 0x0E]);
            bytes.extend(b"Adobe");
            bytes.extend([0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x02]);
        }
        let length = 8 + 3 * u16::from(components);
        bytes.extend([0xFF, 0xC0]);
        bytes.extend(length.to_be_bytes());
        bytes.extend([8, 0x00, 0x10, 0x00, 0x20, components]);
        for index in 0..components {
            bytes.extend([index + 1, 0x11, 0]);
        }
        bytes.extend([0xFF, 0xDA, 0x00, 0x02]);
        bytes
    }

    #[test]
    fn jpeg_frame_header_gives_size_and_components() {
        let info = jpeg_info(&headers(3, false)).unwrap();
        assert_eq!(info, JpegInfo { width: 32, height: 16, components: 3, adobe: false, orientation: 1 });
        let info = jpeg_info(&headers(4, true)).unwrap();
        assert!(info.adobe && info.components == 4);
        assert_eq!(jpeg_info(&headers(1, false)).unwrap().components, 1);
    }

    #[test]
    fn broken_jpegs_are_errors_not_panics() {
        let whole = headers(3, true);
        for cut in 0..whole.len() - 4 {
            assert!(jpeg_info(&whole[..cut]).is_err(), "cut at {cut}");
        }
        assert!(jpeg_info(b"\xFF\xD8\xFF\xC0\x00\x00").is_err());
        assert!(jpeg_info(b"GIF89a").is_err());
    }

    #[test]
    fn exif_orientation_is_read_in_either_byte_order() {
        let mut little = b"II*\0\x08\0\0\0\x01\0".to_vec();
        little.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        assert_eq!(exif_orientation(&little), Some(6));
        let mut big = b"MM\0*\0\0\0\x08\0\x01".to_vec();
        big.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0]);
        assert_eq!(exif_orientation(&big), Some(8));
        assert_eq!(exif_orientation(&big[..big.len() - 3]), None, "cut short");
        let value = big.len() - 3;
        big[value] = 9;
        assert_eq!(exif_orientation(&big), None, "no such orientation");
    }
}
