//! Pictures as image XObjects: one per distinct picture (by SHA-256), however
//! often it is shown. A JPEG's bytes pass through untouched under
//! `/DCTDecode`, its colour space read from its frame header; a PNG is
//! decoded to 8-bit samples and its colour channels deflated (lossless),
//! with any alpha as a separate `/SMask` image. Each picture is drawn as a
//! `/Figure` carrying its alt text; a picture whose alt text is empty is
//! decoration, drawn as an artifact.

use crate::backend::pdf::layout::PlacedPicture;
use crate::document::{Image, ImageFormat};
use crate::picture::jpeg_info;
use anyhow::{Context, Result, anyhow, bail};
use pdf_writer::types::ArtifactType;
use pdf_writer::writers::{Resources, StructElement};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, TextStr};
use std::collections::BTreeMap;

/// One distinct picture: its name in page resources, and its object once
/// the pages are counted.
struct Entry {
    id: Option<Ref>,
    name: String,
    image: Image,
}

/// The book's distinct pictures, in order of first appearance.
#[derive(Default)]
pub struct Pictures {
    entries: Vec<Entry>,
    by_digest: BTreeMap<String, usize>,
}

impl Pictures {
    /// Adds the pictures of a page not seen before.
    pub fn gather(&mut self, pictures: &[PlacedPicture]) {
        for picture in pictures {
            let image = &picture.image;
            if self.by_digest.contains_key(&image.sha256) {
                continue;
            }
            let index = self.entries.len();
            self.by_digest.insert(image.sha256.clone(), index);
            self.entries.push(Entry { id: None, name: format!("Im{}", index + 1), image: image.clone() });
        }
    }

    /// Gives every picture its object, in order of first appearance.
    pub fn number(&mut self, reference: &mut impl FnMut() -> Ref) {
        for entry in &mut self.entries {
            entry.id = Some(reference());
        }
    }

    fn entry(&self, image: &Image) -> Option<&Entry> {
        self.by_digest.get(&image.sha256).map(|&index| &self.entries[index])
    }

    /// Names the pictures a page draws (`shown`, as `gather` saw them) in its resources.
    pub fn add_resources(&self, shown: &[Image], resources: &mut Resources) {
        if shown.is_empty() {
            return;
        }
        let mut names = BTreeMap::new();
        for entry in shown.iter().filter_map(|image| self.entry(image)) {
            if let Some(id) = entry.id {
                names.insert(entry.name.as_str(), id);
            }
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
        content.transform(placement(picture));
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
            let id = entry.id.ok_or_else(|| anyhow!("the picture {} has no object", image.src))?;
            match image.format {
                ImageFormat::Jpeg => write_jpeg(pdf, id, image),
                ImageFormat::Png => write_png(pdf, reference, id, image),
            }
            .with_context(|| format!("cannot place the picture {}", image.src))?;
        }
        Ok(())
    }
}

/// The matrix that maps an image's unit square onto the picture's
/// rectangle, turned or mirrored as its Exif orientation says.
pub fn placement(picture: &PlacedPicture) -> [f32; 6] {
    let (x, y, w, h) = (picture.x, picture.y, picture.width, picture.height);
    match picture.orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
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

    #[test]
    fn broken_pngs_are_errors_not_panics() {
        assert!(decode_png(b"\x89PNG\r\n\x1a\n").is_err());
        assert!(decode_png(b"").is_err());
    }
}
