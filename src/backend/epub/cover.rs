//! The typographic cover: series, title, part and author set in the book's
//! faces on a plain ground inside a ruled frame, 1600×2560 px, as a PNG.
//!
//! Each line is shaped by the PDF engine's own shaper (`shape_run`), broken
//! between words to fit, and drawn from the face's outlines (ttf-parser)
//! into one tiny-skia coverage mask. The mask is written as an indexed PNG
//! whose palette runs from the ground to the ink, so the same book always
//! gives the same bytes.

use crate::backend::pdf::shape::shape_run;
use crate::document::{Direction, Document};
use crate::fonts::Typeface;
use tiny_skia::{FillRule, Mask, PathBuilder, Rect, Transform};
use unicode_bidi::{BidiInfo, Level};

/// Cover width in pixels.
pub const WIDTH: u32 = 1600;
/// Cover height in pixels.
pub const HEIGHT: u32 = 2560;
/// Most lines a block of the cover's text may take.
const MAX_LINES: usize = 6;
/// Widest a line of text may be.
const MEASURE: f32 = 1180.0;
/// The ground: a deep ink blue.
const GROUND: [u8; 3] = [0x1B, 0x2E, 0x3C];
/// The ink: warm paper.
const INK: [u8; 3] = [0xF2, 0xE8, 0xD2];

/// One block of text on the cover: which face, how big, where its first baseline falls.
struct Block<'a> {
    text: &'a str,
    bold: bool,
    size: f32,
}

/// The cover of `document` as PNG bytes, or `None` when its faces cannot be used.
pub fn cover_png(document: &Document, faces: &crate::fonts::Typefaces) -> Option<Vec<u8>> {
    let meta = &document.meta;
    let part_label = document.part_label();
    let mut top = Vec::new();
    match (&meta.series, &part_label) {
        (Some(series), Some(part)) => {
            top.push(Block { text: series, bold: true, size: 120.0 });
            top.push(Block { text: part, bold: false, size: 92.0 });
            if let Some(subtitle) = &meta.subtitle {
                top.push(Block { text: subtitle, bold: false, size: 72.0 });
            }
        }
        _ => top.push(Block { text: &meta.title, bold: true, size: 128.0 }),
    }
    let rtl = meta.direction == Direction::Rtl;
    let mut ink = Vec::new();
    let mut setter = Setter { rtl, language: &meta.lang, ink: &mut ink };

    // The title blocks, centred as a whole a little above the middle.
    let lines: Vec<(Vec<Line>, f32)> = top
        .iter()
        .map(|block| {
            let face = if block.bold { &faces.bold } else { &faces.regular };
            (setter.break_lines(face, block.text, block.size), block.size)
        })
        .collect();
    let gap = 90.0;
    let height: f32 =
        lines.iter().map(|(l, size)| l.len() as f32 * size * 1.6).sum::<f32>() + gap * (lines.len() - 1) as f32;
    let mut y = (HEIGHT as f32 * 0.42 - height / 2.0).max(360.0);
    for (index, (block_lines, size)) in lines.iter().enumerate() {
        for line in block_lines {
            y += size * 1.6;
            setter.draw(line, y - size * 0.45);
        }
        if index == 0 && lines.len() > 1 {
            rule(setter.ink, y + gap / 2.0);
        }
        y += gap;
    }
    if let Some(author) = &meta.author {
        let author_lines = setter.break_lines(&faces.regular, author, 84.0);
        let mut y = HEIGHT as f32 - 420.0 - author_lines.len() as f32 * 84.0 * 1.6;
        for line in &author_lines {
            y += 84.0 * 1.6;
            setter.draw(line, y - 84.0 * 0.45);
        }
    }
    encode(&rasterise(ink)?)
}

/// Rows of the cover with ink on them, rasterised together.
struct Band {
    /// The first row.
    top: usize,
    /// Coverage, `WIDTH` bytes a row.
    mask: Mask,
}

/// Rasterises the drawn lines into bands of rows: only rows with ink get a
/// mask (about a fifth of the cover), and lines whose rows overlap are
/// filled as one path, so overlapping outlines join as they would on one
/// canvas.
fn rasterise(mut paths: Vec<tiny_skia::Path>) -> Option<Vec<Band>> {
    let rows = |path: &tiny_skia::Path| {
        let bounds = path.bounds();
        let top = (bounds.top().floor().max(0.0) as usize).min(HEIGHT as usize);
        (top, (bounds.bottom().ceil().max(0.0) as usize + 1).clamp(top, HEIGHT as usize))
    };
    paths.sort_by_key(|path| rows(path).0);
    let mut groups: Vec<(usize, usize, PathBuilder)> = Vec::new();
    for path in &paths {
        let (top, bottom) = rows(path);
        match groups.last_mut() {
            Some((_, end, builder)) if top < *end => {
                *end = (*end).max(bottom);
                builder.push_path(path);
            }
            _ => {
                let mut builder = PathBuilder::new();
                builder.push_path(path);
                groups.push((top, bottom, builder));
            }
        }
    }
    let mut bands = Vec::new();
    for (top, bottom, builder) in groups {
        let (Some(path), Some(mut mask)) = (builder.finish(), Mask::new(WIDTH, (bottom - top) as u32)) else {
            continue;
        };
        mask.fill_path(&path, FillRule::Winding, true, Transform::from_translate(0.0, -(top as f32)));
        bands.push(Band { top, mask });
    }
    Some(bands)
}

/// A shaped line: each glyph's id and pen position, and the line's width.
struct Line<'a> {
    face: &'a Typeface,
    size: f32,
    glyphs: Vec<(u16, f32, f32)>,
    width: f32,
}

struct Setter<'a> {
    rtl: bool,
    language: &'a str,
    ink: &'a mut Vec<tiny_skia::Path>,
}

impl Setter<'_> {
    /// One line, its bidi runs each shaped in its own direction and laid
    /// left to right, so a Latin name in an Arabic title reads forwards.
    fn shape<'f>(&self, face: &'f Typeface, text: &str, size: f32) -> Line<'f> {
        let level = if self.rtl { Level::rtl() } else { Level::ltr() };
        let bidi = BidiInfo::new(text, Some(level));
        let mut pen = 0.0;
        let mut glyphs = Vec::new();
        for paragraph in &bidi.paragraphs {
            let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
            for range in runs {
                let rtl = levels[range.start].is_rtl();
                for glyph in &shape_run(face, text, range, rtl, self.language, size).glyphs {
                    glyphs.push((glyph.glyph, pen + glyph.x_offset, glyph.y_offset));
                    pen += glyph.advance;
                }
            }
        }
        Line { face, size, glyphs, width: pen }
    }

    /// `text` broken between words into lines no wider than the measure; a
    /// single word wider than that is set smaller.
    fn break_lines<'f>(&self, face: &'f Typeface, text: &str, size: f32) -> Vec<Line<'f>> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
            if !current.is_empty() && self.shape(face, &candidate, size).width > MEASURE {
                if lines.len() + 1 == MAX_LINES {
                    // A cover has room for a few lines: a longer text ends in an ellipsis.
                    current.push_str(" …");
                    break;
                }
                lines.push(self.shape(face, &current, size));
                current = word.to_string();
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            lines.push(self.shape(face, &current, size));
        }
        for line in &mut lines {
            if line.width > MEASURE {
                let scale = MEASURE / line.width;
                let size = line.size * scale;
                for glyph in &mut line.glyphs {
                    glyph.1 *= scale;
                    glyph.2 *= scale;
                }
                line.width = MEASURE;
                line.size = size;
            }
        }
        lines
    }

    /// Draws `line` centred, on the baseline `y`.
    fn draw(&mut self, line: &Line, y: f32) {
        let left = (WIDTH as f32 - line.width) / 2.0;
        let scale = line.size / line.face.units_per_em;
        let mut path = PathBuilder::new();
        for &(glyph, x, rise) in &line.glyphs {
            let mut outline = Outline { path: &mut path, x: left + x, y: y - rise, scale };
            line.face.face.outline_glyph(ttf_parser::GlyphId(glyph), &mut outline);
        }
        self.ink.extend(path.finish());
    }
}

/// Pours a glyph's outline, in font units, into the cover's path at a pen position.
struct Outline<'a> {
    path: &'a mut PathBuilder,
    x: f32,
    y: f32,
    scale: f32,
}

impl Outline<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl ttf_parser::OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let ((x1, y1), (x, y)) = (self.at(x1, y1), self.at(x, y));
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let ((x1, y1), (x2, y2), (x, y)) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// The cover page: the image alone, with its text alternative.
pub fn cover_page(document: &Document, image: &str) -> String {
    use crate::backend::xml_escape as escape;
    let meta = &document.meta;
    let lang = escape(&meta.lang);
    let dir = meta.direction.as_str();
    let mut alt = meta.title.clone();
    if let Some(author) = &meta.author {
        alt.push_str(" — ");
        alt.push_str(author);
    }
    let cover = if meta.direction == Direction::Rtl { "الغلاف" } else { "Cover" };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         xml:lang=\"{lang}\" lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{cover}</title>\n<style>body {{ margin: 0; padding: 0; text-align: center; }} \
         img {{ max-width: 100%; height: 100%; object-fit: contain; }}</style>\n</head>\n\
         <body dir=\"{dir}\" xml:lang=\"{lang}\" lang=\"{lang}\">\n<section epub:type=\"cover\">\n\
         <img src=\"{image}\" alt=\"{alt}\"/>\n</section>\n</body>\n</html>\n",
        alt = escape(&alt),
        image = escape(image),
    )
}

/// A short centred rule between the title and what follows it.
fn rule(ink: &mut Vec<tiny_skia::Path>, y: f32) {
    if let Some(rect) = Rect::from_xywh(WIDTH as f32 / 2.0 - 160.0, y - 3.0, 320.0, 6.0) {
        ink.push(PathBuilder::from_rect(rect));
    }
}

/// Two ruled frames, a heavy one outside and a hairline inside: (inset, weight) in pixels.
const FRAMES: [(usize, usize); 2] = [(80, 8), (112, 3)];

/// Draws the frames straight into row `y` of the coverage: their edges fall
/// on whole pixels, so there is nothing to anti-alias and no path to rasterise.
fn frame(y: usize, row: &mut [u8]) {
    let (width, height) = (WIDTH as usize, HEIGHT as usize);
    for (inset, weight) in FRAMES {
        if (inset..height - inset).contains(&y) {
            let ring = &mut row[inset..width - inset];
            if y < inset + weight || y >= height - inset - weight {
                ring.fill(u8::MAX);
            } else {
                let length = ring.len();
                ring[..weight].fill(u8::MAX);
                ring[length - weight..].fill(u8::MAX);
            }
        }
    }
}

/// Coverage levels the cover is stored with. tiny-skia's anti-aliasing
/// samples 4×4 points a pixel, so coverage comes in sixteenths: sixteen
/// palette entries keep every level but the last two (15/16 and full), and
/// half a byte a pixel halves what deflate has to read.
const LEVELS: u8 = 16;

/// The cover as a 4-bit indexed PNG, its palette running from ground to
/// ink: each row is the ground, its band's ink and the frame, made and
/// written one at a time (no whole-cover buffer: its pages alone cost more
/// than drawing). Rows are stored unfiltered and deflated at a fast level:
/// the cover is mostly ground, and filtering or a slower level buys a few
/// kilobytes for several times the work.
fn encode(bands: &[Band]) -> Option<Vec<u8>> {
    let palette: Vec<u8> = (0..LEVELS as u32)
        .flat_map(|index| {
            let level = if index + 1 == LEVELS as u32 { 255 } else { index * 16 };
            (0..3).map(move |channel| {
                let (from, to) = (GROUND[channel] as u32, INK[channel] as u32);
                ((from * (255 - level) + to * level + 127) / 255) as u8
            })
        })
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Four);
    encoder.set_palette(palette);
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().ok()?;
    let mut stream = writer.stream_writer().ok()?;
    let width = WIDTH as usize;
    let mut coverage = vec![0u8; width];
    let mut previous = vec![1u8; width];
    let mut packed = vec![0u8; width / 2];
    // Sixteenths, rounded (the rasteriser writes some as 16k − 1), two to a byte.
    let level = |coverage: u8| coverage.saturating_add(8) >> 4;
    for y in 0..HEIGHT as usize {
        let ink = bands.iter().find_map(|band| {
            let row = y.checked_sub(band.top)?;
            band.mask.data().get(row * width..(row + 1) * width)
        });
        match ink {
            Some(ink) => coverage.copy_from_slice(ink),
            None => coverage.fill(0),
        }
        frame(y, &mut coverage);
        // Most rows repeat the one above (ground and frame): pack only the others.
        if coverage != previous {
            for (byte, pair) in packed.iter_mut().zip(coverage.chunks_exact(2)) {
                *byte = level(pair[0]) << 4 | level(pair[1]);
            }
            std::mem::swap(&mut coverage, &mut previous);
        }
        std::io::Write::write_all(&mut stream, &packed).ok()?;
    }
    stream.finish().ok()?;
    writer.finish().ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn cover_is_a_png_of_the_right_size_and_the_same_every_time() {
        let text = "الورّاقون في بغداد\nعزيز جلال\n\nكان سوق الورّاقين عامراً.\n";
        let document = crate::read::read(text.as_bytes(), &crate::read::ReadOptions::default()).unwrap().document;
        let faces = FontSet::default().typefaces().unwrap();
        let png = cover_png(&document, &faces).expect("a cover");
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), WIDTH);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), HEIGHT);
        assert_eq!(Some(png), cover_png(&document, &faces));
    }

    #[test]
    fn a_very_long_title_takes_a_few_lines_ending_in_an_ellipsis() {
        let faces = FontSet::default().typefaces().unwrap();
        let mut ink = Vec::new();
        let setter = Setter { rtl: true, language: "ar", ink: &mut ink };
        let title = "الورق والحبر في بغداد ".repeat(400);
        let lines = setter.break_lines(&faces.bold, &title, 128.0);
        assert_eq!(lines.len(), MAX_LINES);
        let short = setter.break_lines(&faces.bold, "الورق والحبر", 128.0);
        assert_eq!(short.len(), 1);
        let ellipsis = faces.bold.face.glyph_index('…').unwrap().0;
        assert!(lines.last().unwrap().glyphs.iter().any(|g| g.0 == ellipsis), "the last line ends in …");
        assert!(short[0].glyphs.iter().all(|g| g.0 != ellipsis));
    }

    #[test]
    fn the_frame_drawn_into_the_coverage_is_what_the_rasteriser_draws() {
        let mut path = PathBuilder::new();
        for (inset, weight) in FRAMES {
            let (inset, weight, w, h) = (inset as f32, weight as f32, WIDTH as f32, HEIGHT as f32);
            path.push_rect(Rect::from_ltrb(inset, inset, w - inset, h - inset).unwrap());
            path.push_rect(
                Rect::from_ltrb(inset + weight, inset + weight, w - inset - weight, h - inset - weight).unwrap(),
            );
        }
        let mut mask = Mask::new(WIDTH, HEIGHT).unwrap();
        mask.fill_path(&path.finish().unwrap(), FillRule::EvenOdd, true, Transform::identity());
        let mut direct = vec![0; (WIDTH * HEIGHT) as usize];
        for (y, row) in direct.chunks_exact_mut(WIDTH as usize).enumerate() {
            frame(y, row);
        }
        assert!(mask.data() == direct.as_slice(), "the frame differs from tiny-skia's");
    }

    #[test]
    fn coverage_in_sixteenths_keeps_its_level_in_the_palette() {
        let mut coverage = vec![0u8; WIDTH as usize];
        for (x, value) in [0u8, 16, 31, 32, 128, 224, 240, 255].into_iter().enumerate() {
            coverage[400 + x] = value;
        }
        let size = tiny_skia::IntSize::from_wh(WIDTH, 1).unwrap();
        let band = Band { top: 200, mask: Mask::from_vec(coverage, size).unwrap() };
        let png = encode(&[band]).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        assert_eq!(reader.info().bit_depth, png::BitDepth::Four);
        let palette = reader.info().palette.clone().unwrap().into_owned();
        let mut indexed = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut indexed).unwrap();
        let row = &indexed[200 * WIDTH as usize / 2..];
        let index = |x: usize| (row[(400 + x) / 2] >> if (400 + x).is_multiple_of(2) { 4 } else { 0 }) & 15;
        let levels: Vec<u8> = (0..8).map(index).collect();
        assert_eq!(levels, [0, 1, 2, 2, 8, 14, 15, 15], "sixteenths, the last two merged");
        assert_eq!(palette[..3], GROUND, "index 0 is the ground");
        assert_eq!(palette[45..48], INK, "index 15 is the ink");
    }

    #[test]
    fn a_latin_name_in_an_arabic_title_reads_forwards() {
        let faces = FontSet::default().typefaces().unwrap();
        let mut ink = Vec::new();
        let setter = Setter { rtl: true, language: "ar", ink: &mut ink };
        let line = setter.shape(&faces.bold, "كتاب Rust", 100.0);
        let glyph = |c| faces.bold.face.glyph_index(c).unwrap().0;
        let first: Vec<u16> = line.glyphs.iter().take(4).map(|g| g.0).collect();
        assert_eq!(first, "Rust".chars().map(glyph).collect::<Vec<_>>(), "Rust leftmost, forwards");
    }
}
