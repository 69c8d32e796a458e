//! Pictures on the page: a [`Block::Image`](crate::document::Block::Image)
//! is set as a block of its own, one row as deep as the picture, centred in
//! its measure. It is scaled down to the measure and to the depth of the text
//! block (keeping its shape), and never enlarged past its size at
//! [`MAX_DPI`], so a small picture stays small rather than blurred across the
//! page. The paginator moves the row whole; afterwards the row becomes a
//! [`PlacedPicture`] on its page.
//!
//! A JPEG stands as its Exif orientation says (a phone's photo taken
//! sideways is drawn upright, as a browser shows it in the EPUB), read by
//! [`jpeg_info`](crate::picture::jpeg_info), which also gives emit its colour components.

use super::set::{Inset, SetBlock, SetLine};
use super::{FaceKind, Page, Role};
use crate::backend::pdf::line::{Alignment, Line};
use crate::document::{Image, ImageFormat};
use crate::picture::jpeg_info;
use std::collections::BTreeMap;

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
    let line = Line::blank(picture.width, Alignment::Center, rtl);
    SetLine::new(line, picture.centre - picture.width / 2.0)
}

/// Scales down a picture block taller than `depth` (the text block's),
/// keeping its shape and its centre. A picture that a heading is kept with
/// (the keep-with-next blocks before it are `kept` deep) leaves room for the
/// heading too, unless that would halve it.
pub fn fit_to_depth(block: &mut SetBlock, kept: f32, depth: f32) {
    let with_heading = depth - kept - block.space_before;
    let room = if kept > 0.0 && with_heading >= depth / 2.0 { with_heading } else { depth };
    let Some(picture) = block.picture.as_mut() else { return };
    if picture.height <= room {
        return;
    }
    let pixels = upright(&picture.image, picture.orientation);
    let (width, height) = fit(pixels, (picture.width, room));
    picture.width = width;
    picture.height = height;
    block.leading = height;
    let rtl = block.lines.first().is_some_and(|set| set.line.rtl);
    block.lines = vec![row(picture, rtl)];
}

/// Turns each picture's row on `page` into the picture itself; `pictures`
/// holds the picture of each block that is one.
pub fn place_pictures(page: &mut Page, pictures: &BTreeMap<usize, SetPicture>) {
    let mut placed = Vec::new();
    page.lines.retain(|line| {
        let Some(picture) = pictures.get(&line.block) else { return true };
        if line.role != Role::Figure {
            return true;
        }
        placed.push(PlacedPicture {
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
    page.pictures.extend(placed);
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
}
