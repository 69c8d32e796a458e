//! Pictures on the page: a [`Block::Image`](crate::document::Block::Image)
//! is set as a block of its own, one row as deep as the picture, centred in
//! its measure. It is scaled down to the measure and to the depth of the text
//! block (keeping its shape), and never enlarged past its size at
//! [`MAX_DPI`], so a small picture stays small rather than blurred across the
//! page. The paginator moves the row whole; afterwards the row becomes a
//! [`PlacedPicture`] on its page.
//!
//! A JPEG stands as its Exif orientation says (a phone's photo taken
//! sideways is drawn upright, as a browser shows it in the EPUB), so its
//! headers are read here: [`jpeg_info`] also gives emit its colour
//! components.

use super::set::{Inset, SetBlock, SetLine};
use super::{FaceKind, Page, Role};
use crate::backend::pdf::line::{Alignment, Line};
use crate::document::{Image, ImageFormat};
use anyhow::{Result, anyhow, bail};

/// The finest a picture is printed: a picture of `w` pixels is never wider
/// than `w / MAX_DPI` inches.
pub const MAX_DPI: f32 = 150.0;

/// A picture set for its block.
#[derive(Debug, Clone)]
pub struct SetPicture {
    /// The picture.
    pub image: Image,
    /// Its width on the page, in points.
    pub width: f32,
    /// Its height on the page, in points.
    pub height: f32,
    /// Its middle, from the left edge of the measure.
    pub centre: f32,
    /// How its stored pixels stand on the page: an Exif orientation, 1 to 8.
    pub orientation: u8,
}

/// A picture in its place on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedPicture {
    /// The picture.
    pub image: Image,
    /// Left edge, from the page's left edge.
    pub x: f32,
    /// Bottom edge, from the page's bottom edge.
    pub y: f32,
    /// Width on the page.
    pub width: f32,
    /// Height on the page.
    pub height: f32,
    /// How its stored pixels stand: an Exif orientation, 1 (as stored) to 8;
    /// 5 to 8 turn it a quarter, so `width` spans its stored height.
    pub orientation: u8,
    /// Which block of the book it is (numbered as lines' blocks are).
    pub block: usize,
}

/// The size of a picture of `pixels` (width, height) scaled down to fit
/// `room` (width, height) in points, never past its size at [`MAX_DPI`].
pub fn fit(pixels: (u32, u32), room: (f32, f32)) -> (f32, f32) {
    let (w, h) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
    let natural = w * 72.0 / MAX_DPI;
    let scale = (natural.min(room.0.max(1.0)) / w).min(room.1.max(1.0) / h);
    (w * scale, h * scale)
}

/// Sets `image` in a measure of `measure` points narrowed by `inset`: one
/// row, kept whole, `space_before` above it.
pub fn set_picture(image: &Image, measure: f32, rtl: bool, inset: Inset, space_before: f32) -> SetBlock {
    let room = (measure - inset.start - inset.end).max(1.0);
    // The box's left edge: the start inset is on the right for Arabic.
    let left = if rtl { inset.end } else { inset.start };
    let orientation = orientation(image);
    let (width, height) = fit(upright(image, orientation), (room, f32::INFINITY));
    let picture = SetPicture { image: image.clone(), width, height, centre: left + room / 2.0, orientation };
    SetBlock {
        lines: vec![row(&picture, rtl)],
        face: FaceKind::Regular,
        size: 0.0,
        leading: height,
        space_before,
        role: Role::Figure,
        keep_with_next: false,
        bookmark: None,
        opens_part: false,
        keep_together: true,
        picture: Some(picture),
    }
}

/// The row that stands for a picture while pages are filled: no glyphs,
/// shifted so that its left edge is the picture's.
fn row(picture: &SetPicture, rtl: bool) -> SetLine {
    let line =
        Line { glyphs: Vec::new(), left: 0.0, width: picture.width, alignment: Alignment::Center, rtl, kashidas: 0 };
    SetLine::new(line, picture.centre - picture.width / 2.0)
}

/// Scales down every picture taller than `depth` (the text block's), keeping
/// its shape and its centre. A picture that a heading is kept with leaves
/// room for the heading too, unless that would halve it.
pub fn fit_to_depth(blocks: &mut [SetBlock], depth: f32) {
    for index in 0..blocks.len() {
        let kept: f32 = blocks[..index]
            .iter()
            .rev()
            .take_while(|block| block.keep_with_next)
            .map(|block| block.space_before + block.leading * block.lines.len() as f32)
            .sum();
        let block = &mut blocks[index];
        let with_heading = depth - kept - block.space_before;
        let room = if kept > 0.0 && with_heading >= depth / 2.0 { with_heading } else { depth };
        let Some(picture) = block.picture.as_mut() else { continue };
        if picture.height <= room {
            continue;
        }
        let pixels = upright(&picture.image, picture.orientation);
        let (width, height) = fit(pixels, (picture.width, room));
        picture.width = width;
        picture.height = height;
        block.leading = height;
        let rtl = block.lines.first().is_some_and(|set| set.line.rtl);
        block.lines = vec![row(picture, rtl)];
    }
}

/// Turns each picture's row on the pages into the picture itself.
pub fn place_pictures(pages: &mut [Page], blocks: &[SetBlock]) {
    for page in pages {
        let mut pictures = Vec::new();
        page.lines.retain(|line| {
            let Some(picture) = blocks.get(line.block).and_then(|b| b.picture.as_ref()) else { return true };
            if line.role != Role::Figure {
                return true;
            }
            pictures.push(PlacedPicture {
                image: picture.image.clone(),
                x: line.x,
                y: line.baseline,
                width: picture.width,
                height: picture.height,
                orientation: picture.orientation,
                block: line.block,
            });
            false
        });
        page.pictures.extend(pictures);
    }
}

/// A picture's Exif orientation: a JPEG's own, 1 for anything else.
fn orientation(image: &Image) -> u8 {
    match image.format {
        ImageFormat::Jpeg => jpeg_info(&image.data.0).map_or(1, |info| info.orientation),
        ImageFormat::Png => 1,
    }
}

/// A picture's size in pixels as it stands on the page.
fn upright(image: &Image, orientation: u8) -> (u32, u32) {
    if orientation >= 5 { (image.height, image.width) } else { (image.width, image.height) }
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

/// The marker segments of a JPEG before its first scan: (marker, contents).
fn jpeg_segments(bytes: &[u8]) -> Result<Vec<(u8, &[u8])>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        bail!("not a JPEG: no start-of-image marker");
    }
    let mut segments = Vec::new();
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            bail!("a broken JPEG: no marker at byte {at}");
        }
        // A marker may be padded with any number of 0xFF bytes.
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at + 1).ok_or_else(|| anyhow!("a JPEG cut short at byte {at}"))?;
        at += 2;
        match marker {
            0x01 | 0xD0..=0xD7 => continue, // no length
            0xDA => return Ok(segments),
            0xD9 => bail!("a JPEG that ends before its scan"),
            _ => {}
        }
        let length = match bytes.get(at..at + 2) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => bail!("a JPEG cut short at byte {at}"),
        };
        let segment = bytes
            .get(at + 2..at + length)
            .filter(|_| length >= 2)
            .ok_or_else(|| anyhow!("a JPEG cut short in a segment at byte {at}"))?;
        segments.push((marker, segment));
        at += length;
    }
}

/// Reads a JPEG's frame header, Adobe marker and Exif orientation.
pub fn jpeg_info(bytes: &[u8]) -> Result<JpegInfo> {
    let segments = jpeg_segments(bytes)?;
    let adobe = segments.iter().any(|(marker, segment)| *marker == 0xEE && segment.starts_with(b"Adobe"));
    let orientation = segments
        .iter()
        .find_map(|(marker, segment)| (*marker == 0xE1).then(|| segment.strip_prefix(b"Exif\0\0")).flatten())
        .and_then(exif_orientation)
        .unwrap_or(1);
    // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
    let is_frame = |marker: u8| matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
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
    fn a_small_picture_is_not_enlarged() {
        let (w, h) = fit((150, 75), (300.0, 500.0));
        assert!((w - 72.0).abs() < 1e-3 && (h - 36.0).abs() < 1e-3, "one inch wide at 150 dpi: {w} × {h}");
    }

    #[test]
    fn a_wide_picture_fills_the_measure_and_keeps_its_shape() {
        let (w, h) = fit((3000, 1500), (300.0, 500.0));
        assert!((w - 300.0).abs() < 1e-3 && (h - 150.0).abs() < 1e-3, "{w} × {h}");
    }

    #[test]
    fn a_tall_picture_fits_the_depth() {
        let (w, h) = fit((1000, 4000), (300.0, 400.0));
        assert!((h - 400.0).abs() < 1e-3 && (w - 100.0).abs() < 1e-3, "{w} × {h}");
    }

    /// The markers of a JPEG up to its frame header, with no image data.
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
