//! Pictures as image XObjects: one per distinct picture (by SHA-256), however
//! often it is shown. A JPEG's bytes pass through untouched under
//! `/DCTDecode`, its colour space read from its frame header; a PNG is
//! decoded to 8-bit samples and its colour channels deflated (lossless),
//! with any alpha as a separate `/SMask` image. Each picture is drawn as a
//! `/Figure` carrying its alt text; a picture whose alt text is empty is
//! decoration, drawn as an artifact.

use crate::backend::pdf::layout::{Book, Page, PlacedPicture};
use crate::document::{Image, ImageFormat};
use anyhow::{Context, Result, anyhow, bail};
use pdf_writer::types::ArtifactType;
use pdf_writer::writers::{Resources, StructElement};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, TextStr};
use std::collections::BTreeMap;

/// One distinct picture: its object and its name in page resources.
struct Entry {
    id: Ref,
    name: String,
    image: Image,
}

/// The book's distinct pictures, in order of first appearance.
pub struct Pictures {
    entries: Vec<Entry>,
    by_digest: BTreeMap<String, usize>,
}

impl Pictures {
    /// Gathers the distinct pictures of `book`, each with an object number.
    pub fn collect(book: &Book, reference: &mut impl FnMut() -> Ref) -> Pictures {
        let mut pictures = Pictures { entries: Vec::new(), by_digest: BTreeMap::new() };
        for picture in book.pages.iter().flat_map(|page| &page.pictures) {
            let image = &picture.image;
            if pictures.by_digest.contains_key(&image.sha256) {
                continue;
            }
            let index = pictures.entries.len();
            pictures.by_digest.insert(image.sha256.clone(), index);
            pictures.entries.push(Entry { id: reference(), name: format!("Im{}", index + 1), image: image.clone() });
        }
        pictures
    }

    fn entry(&self, image: &Image) -> Option<&Entry> {
        self.by_digest.get(&image.sha256).map(|&index| &self.entries[index])
    }

    /// Names the pictures `page` draws in its resources.
    pub fn add_resources(&self, page: &Page, resources: &mut Resources) {
        if page.pictures.is_empty() {
            return;
        }
        let mut names = BTreeMap::new();
        for entry in page.pictures.iter().filter_map(|picture| self.entry(&picture.image)) {
            names.insert(entry.name.as_str(), entry.id);
        }
        let mut x_objects = resources.x_objects();
        for (name, id) in names {
            x_objects.pair(Name(name.as_bytes()), id);
        }
    }

    /// Draws `picture` as marked content: a `/Figure` with `mcid` when it
    /// has alt text (returns true), an artifact otherwise (returns false).
    pub fn draw(&self, content: &mut Content, picture: &PlacedPicture, mcid: i32) -> bool {
        let Some(entry) = self.entry(&picture.image) else { return false };
        let figure = has_alt(&picture.image);
        if figure {
            content.begin_marked_content_with_properties(Name(b"Figure")).properties().identify(mcid);
        } else {
            content
                .begin_marked_content_with_properties(Name(b"Artifact"))
                .properties()
                .artifact()
                .kind(ArtifactType::Layout);
        }
        content.save_state();
        content.transform([picture.width, 0.0, 0.0, picture.height, picture.x, picture.y]);
        content.x_object(Name(entry.name.as_bytes()));
        content.restore_state();
        content.end_marked_content();
        figure
    }

    /// Writes every picture's image XObject (and soft mask). A picture that
    /// cannot be decoded is an error naming its source.
    pub fn write(&self, pdf: &mut Pdf, reference: &mut impl FnMut() -> Ref) -> Result<()> {
        for entry in &self.entries {
            let image = &entry.image;
            match image.format {
                ImageFormat::Jpeg => write_jpeg(pdf, entry.id, image),
                ImageFormat::Png => write_png(pdf, reference, entry.id, image),
            }
            .with_context(|| format!("cannot place the picture {}", image.src))?;
        }
        Ok(())
    }
}

/// Writes a `/Figure`'s alt text and, as its layout attribute, the
/// rectangle it covers on its page.
pub fn describe(element: &mut StructElement, picture: &PlacedPicture) {
    element.alt(TextStr(&picture.image.alt));
    let (x, y) = (picture.x, picture.y);
    element.attributes().push().layout().bbox(Rect::new(x, y, x + picture.width, y + picture.height));
}

/// Whether a picture says something (a `/Figure`) rather than decorates.
pub fn has_alt(image: &Image) -> bool {
    !image.alt.trim().is_empty()
}

/// What the PDF needs from a JPEG's headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    /// Width in pixels.
    pub width: u16,
    /// Height in pixels.
    pub height: u16,
    /// Colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK or YCCK.
    pub components: u8,
    /// An Adobe APP14 marker is present (Adobe writes CMYK inverted).
    pub adobe: bool,
}

/// Reads a JPEG's frame header (and whether it has an Adobe marker), walking
/// its marker segments up to the start of the scan.
pub fn jpeg_info(bytes: &[u8]) -> Result<JpegInfo> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        bail!("not a JPEG: no start-of-image marker");
    }
    let mut at = 2;
    let mut adobe = false;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            bail!("a broken JPEG: no marker at byte {at}");
        };
        at += 2;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue; // no length
        }
        if marker == 0xD9 || marker == 0xDA {
            bail!("a JPEG with no frame header before its scan");
        }
        let length = match bytes.get(at..at + 2) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => bail!("a JPEG cut short at byte {at}"),
        };
        let segment = bytes
            .get(at + 2..at + length.max(2))
            .filter(|_| length >= 2)
            .ok_or_else(|| anyhow!("a JPEG cut short in a segment at byte {at}"))?;
        match marker {
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let &[precision, h1, h0, w1, w0, components, ..] = segment else {
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
                // The Adobe marker may follow the frame header; look on.
                adobe = adobe || has_adobe_marker(&bytes[at + length..]);
                return Ok(JpegInfo { width, height, components, adobe });
            }
            _ => {}
        }
        at += length;
    }
}

/// Whether an APP14 "Adobe" segment appears among the markers from here to the scan.
fn has_adobe_marker(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) {
        if marker == 0xDA || marker == 0xD9 {
            return false;
        }
        let Some(&[high, low]) = bytes.get(at + 2..at + 4) else { return false };
        let length = usize::from(u16::from_be_bytes([high, low]));
        if marker == 0xEE && bytes.get(at + 4..at + 9) == Some(b"Adobe") {
            return true;
        }
        at += 2 + length;
    }
    false
}

/// A JPEG passed through: its own bytes, `/DCTDecode`.
fn write_jpeg(pdf: &mut Pdf, id: Ref, image: &Image) -> Result<()> {
    let info = jpeg_info(&image.data.0)?;
    let mut xobject = pdf.image_xobject(id, &image.data.0);
    xobject.filter(Filter::DctDecode);
    xobject.width(i32::from(info.width));
    xobject.height(i32::from(info.height));
    xobject.bits_per_component(8);
    match info.components {
        1 => xobject.color_space().device_gray(),
        3 => xobject.color_space().device_rgb(),
        _ => xobject.color_space().device_cmyk(),
    };
    if info.components == 4 && info.adobe {
        xobject.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    }
    Ok(())
}

/// A PNG's samples, 8 bits each: its colour channels and its alpha, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Samples {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// 1 (grey) or 3 (RGB) channels a pixel.
    pub channels: u8,
    /// The colour samples, row by row.
    pub colour: Vec<u8>,
    /// The alpha samples, one a pixel; `None` when the picture is opaque.
    pub alpha: Option<Vec<u8>>,
}

/// Decodes a PNG to 8-bit grey or RGB (palettes and low bit depths
/// expanded, 16-bit samples cut to 8) and separate alpha.
pub fn decode_png(bytes: &[u8]) -> Result<Samples> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let size = reader.output_buffer_size().ok_or_else(|| anyhow!("a PNG too large to decode"))?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer)?;
    let (colour_channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => bail!("a PNG palette left unexpanded"),
    };
    if frame.bit_depth != png::BitDepth::Eight {
        bail!("a PNG left at {:?} bits after decoding", frame.bit_depth);
    }
    let (width, height) = (frame.width, frame.height);
    let stride = colour_channels + usize::from(has_alpha);
    let row_bytes = width as usize * stride;
    let pixels = width as usize * height as usize;
    let mut colour = Vec::with_capacity(pixels * colour_channels);
    let mut alpha = Vec::with_capacity(if has_alpha { pixels } else { 0 });
    for row in buffer.chunks(frame.line_size.max(1)).take(height as usize) {
        let row = row.get(..row_bytes).ok_or_else(|| anyhow!("a PNG row shorter than its width"))?;
        for pixel in row.chunks_exact(stride) {
            colour.extend_from_slice(&pixel[..colour_channels]);
            if has_alpha {
                alpha.push(pixel[colour_channels]);
            }
        }
    }
    // A picture whose every pixel is opaque needs no mask.
    let alpha = (has_alpha && alpha.iter().any(|&a| a != u8::MAX)).then_some(alpha);
    Ok(Samples { width, height, channels: colour_channels as u8, colour, alpha })
}

/// A PNG as deflated 8-bit samples, with its alpha as a soft mask.
fn write_png(pdf: &mut Pdf, reference: &mut impl FnMut() -> Ref, id: Ref, image: &Image) -> Result<()> {
    let samples = decode_png(&image.data.0)?;
    let (width, height) = (
        i32::try_from(samples.width).context("a PNG too wide")?,
        i32::try_from(samples.height).context("a PNG too tall")?,
    );
    let mask = match &samples.alpha {
        Some(alpha) => {
            let mask_id = reference();
            let deflated = super::deflate(alpha)?;
            let mut xobject = pdf.image_xobject(mask_id, &deflated);
            xobject.filter(Filter::FlateDecode);
            xobject.width(width).height(height).bits_per_component(8);
            xobject.color_space().device_gray();
            Some(mask_id)
        }
        None => None,
    };
    let deflated = super::deflate(&samples.colour)?;
    let mut xobject = pdf.image_xobject(id, &deflated);
    xobject.filter(Filter::FlateDecode);
    xobject.width(width).height(height).bits_per_component(8);
    if samples.channels == 1 {
        xobject.color_space().device_gray();
    } else {
        xobject.color_space().device_rgb();
    }
    if let Some(mask_id) = mask {
        xobject.s_mask(mask_id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(info, JpegInfo { width: 32, height: 16, components: 3, adobe: false });
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
    fn broken_pngs_are_errors_not_panics() {
        assert!(decode_png(b"\x89PNG\r\n\x1a\n").is_err());
        assert!(decode_png(b"").is_err());
    }
}
