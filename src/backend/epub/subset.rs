//! Font subsetting for the EPUB: each embedded face keeps only the glyphs
//! the book can show, with its layout intact.
//!
//! The subset holds the characters written anywhere in the book (text,
//! headings, title page, contents) plus printable ASCII, both sets of digits
//! and common punctuation, so a reading system's own labels and page numbers
//! still render in the face. skera (fontations' port of HarfBuzz's
//! hb-subset) follows every GSUB substitution those characters can reach and
//! keeps the GPOS and GDEF data for them, so shaping the book's text with the
//! subset gives the same glyphs, advances and mark positions as the whole
//! face (tests/epub_fonts.rs checks this on every word).

use read_fonts::FontRef;
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use skera::{DEFAULT_DROP_TABLES, DEFAULT_LAYOUT_FEATURES, Plan, SubsetFlags, subset_font};

/// Characters every subset keeps, whatever the book says: reading systems
/// write their own labels, numbers and punctuation in the book's face.
fn always_kept() -> impl Iterator<Item = u32> {
    let ascii = 0x20..=0x7E;
    let arabic_digits = 0x0660..=0x0669;
    let persian_digits = 0x06F0..=0x06F9;
    let punctuation = [
        0x00A0, 0x00AB, 0x00BB, 0x00B7, 0x060C, 0x061B, 0x061F, 0x066A, 0x066B, 0x066C, 0x06D4, 0x0640, 0x200C, 0x200D,
        0x200E, 0x200F, 0x2010, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0xFD3E, 0xFD3F,
    ];
    ascii.chain(arabic_digits).chain(persian_digits).chain(punctuation)
}

/// A subset of `font` that covers `text` (and [`always_kept`]), keeping the
/// layout tables; `None` when the face cannot be subset, so that the caller
/// embeds it whole.
pub fn subset(font: &[u8], text: &str) -> Option<Vec<u8>> {
    subset_keeping(font, text, true)
}

/// A subset of `font` that covers `text` alone: for a face that only sets
/// the book's own words (emphasis, code), never a reading system's labels,
/// which are drawn in the body face.
pub fn subset_to_text(font: &[u8], text: &str) -> Option<Vec<u8>> {
    subset_keeping(font, text, false)
}

fn subset_keeping(font: &[u8], text: &str, labels: bool) -> Option<Vec<u8>> {
    // skera is young: should it ever panic on a face that passed our checks,
    // the book gets the whole face rather than no book at all.
    std::panic::catch_unwind(|| plan_and_subset(font, text, labels)).ok().flatten()
}

/// Shapers apply the fraction features only around a fraction slash.
const FRACTION_SLASH: char = '\u{2044}';

/// The fraction features (`frac`, `numr`, `dnom`): without a fraction slash in
/// the book no shaper reaches their glyphs, and Amiri's numerators and
/// denominators are some sixty glyphs.
fn is_fraction(tag: Tag) -> bool {
    [Tag::new(b"frac"), Tag::new(b"numr"), Tag::new(b"dnom")].contains(&tag)
}

fn plan_and_subset(font: &[u8], text: &str, labels: bool) -> Option<Vec<u8>> {
    let face = FontRef::new(font).ok()?;
    let mut unicodes: IntSet<u32> = always_kept().filter(|_| labels).collect();
    unicodes.extend(text.chars().map(u32::from));
    let features: IntSet<Tag> = DEFAULT_LAYOUT_FEATURES
        .iter()
        .copied()
        .filter(|tag| text.contains(FRACTION_SLASH) || !is_fraction(*tag))
        .collect();
    let drop_tables: IntSet<Tag> = DEFAULT_DROP_TABLES.iter().copied().collect();
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let mut name_ids = IntSet::<NameId>::empty();
    name_ids.insert_range(NameId::from(0)..=NameId::from(6));
    let mut name_languages = IntSet::<u16>::empty();
    name_languages.insert(0x0409);
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &face,
        SubsetFlags::SUBSET_FLAGS_DEFAULT,
        &drop_tables,
        &scripts,
        &features,
        &name_ids,
        &name_languages,
    );
    let bytes = subset_font(&face, &plan).ok()?;
    // A subset that a shaper cannot read is no subset: embed the whole face.
    ttf_parser::Face::parse(&bytes, 0).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::AMIRI_REGULAR;

    #[test]
    fn subset_is_smaller_and_keeps_the_text_and_ascii() {
        let bytes = subset(AMIRI_REGULAR, "كتب الورّاق").expect("Amiri subsets");
        assert!(bytes.len() < AMIRI_REGULAR.len() / 4, "{} bytes", bytes.len());
        let face = ttf_parser::Face::parse(&bytes, 0).expect("subset parses");
        for c in "كتبالورّاقAz09«»،".chars() {
            assert!(face.glyph_index(c).is_some(), "{c} kept");
        }
        assert!(face.glyph_index('ج').is_none(), "a letter the book lacks is dropped");
    }

    #[test]
    fn fraction_glyphs_are_kept_only_for_a_book_with_a_fraction_slash() {
        let glyphs = |bytes: &[u8]| ttf_parser::Face::parse(bytes, 0).unwrap().number_of_glyphs();
        let plain = subset(AMIRI_REGULAR, "سلام 12").unwrap();
        let fraction = subset(AMIRI_REGULAR, "سلام 1\u{2044}2").unwrap();
        assert!(glyphs(&plain) + 10 < glyphs(&fraction), "{} vs {}", glyphs(&plain), glyphs(&fraction));
        let shape = |bytes: &[u8]| {
            let font = harfrust::Font::new(bytes.to_vec(), 0).unwrap();
            let mut buffer = harfrust::Buffer::new();
            buffer.push_str("1\u{2044}2");
            buffer.guess_segment_properties();
            harfrust::shape(&harfrust::ShaperFont::new(&font), &mut buffer, harfrust::ShapeOptions::new()).unwrap();
            buffer.glyph_positions().iter().map(|p| (p.x_advance, p.y_offset)).collect::<Vec<_>>()
        };
        assert_eq!(shape(&fraction), shape(AMIRI_REGULAR), "a fraction shapes as with the whole face");
        assert_ne!(shape(&plain), shape(AMIRI_REGULAR), "the plain subset has no fraction forms");
    }

    #[test]
    fn a_subset_to_the_text_keeps_no_labels() {
        let bytes = subset_to_text(crate::fonts::AMIRI_SLANTED, "كلمة x").expect("Amiri Slanted subsets");
        let face = ttf_parser::Face::parse(&bytes, 0).expect("subset parses");
        for c in "كلمةx".chars() {
            assert!(face.glyph_index(c).is_some(), "{c} kept");
        }
        for c in "yZ5«،".chars() {
            assert!(face.glyph_index(c).is_none(), "{c} is no label of this face");
        }
        let labelled = subset(crate::fonts::AMIRI_SLANTED, "كلمة x").unwrap();
        assert!(bytes.len() < labelled.len(), "{} vs {}", bytes.len(), labelled.len());
    }

    #[test]
    fn subsetting_is_deterministic() {
        assert_eq!(subset(AMIRI_REGULAR, "سلام"), subset(AMIRI_REGULAR, "سلام"));
    }

    #[test]
    fn a_damaged_face_is_not_subset() {
        assert!(subset(&AMIRI_REGULAR[..5000], "سلام").is_none());
    }
}
