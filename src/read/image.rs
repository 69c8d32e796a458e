//! What a picture file says about itself: its format and its size in pixels,
//! read from the PNG header or the JPEG frame header, and nothing decoded.

use crate::document::ImageFormat;

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

/// Walks the JPEG markers to the first start-of-frame.
fn jpeg(bytes: &[u8]) -> Option<Probe> {
    let mut at = 2;
    loop {
        while *bytes.get(at)? != 0xFF {
            at += 1;
        }
        while *bytes.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at)?;
        at += 1;
        if matches!(marker, 0xD0..=0xD9 | 0x01) {
            continue; // markers without a length
        }
        let length = u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]) as usize;
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let height = u16::from_be_bytes([*bytes.get(at + 3)?, *bytes.get(at + 4)?]);
            let width = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]);
            return Some(Probe { format: ImageFormat::Jpeg, width: width.into(), height: height.into() });
        }
        at += length;
    }
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
}
