//! Each text's own direction: an English quotation in an Arabic essay is set
//! left to right, and an Arabic line in an English one right to left.
//!
//! The rule is HTML's `dir="auto"` (the first letter with a strong direction)
//! confirmed by the letters that follow: a text takes the other direction
//! only when its first strong letter is of that direction and so are at least
//! half of its strong letters. An Arabic sentence that opens on a Latin
//! name («Google أعلنت …») therefore stays right to left, as its reader means.

use crate::document::{Block, Direction, Text, first_strong_direction};

/// Marks every paragraph, heading, list item, quotation and note whose text
/// runs against `document`'s direction. Poems and code are left alone: a
/// poem follows the document, and code is always left to right.
pub fn mark_own_directions(blocks: &mut [Block], document: Direction) {
    for block in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => mark(text, document),
            Block::List { items, .. } => items.iter_mut().for_each(|item| mark_own_directions(item, document)),
            Block::Quote { blocks } => mark_own_directions(blocks, document),
            Block::Notes { notes, .. } => notes.iter_mut().for_each(|note| mark(&mut note.text, document)),
            _ => {}
        }
    }
}

/// The other direction only when the text opens on it and holds to it: an
/// Arabic paragraph that opens «قال:» and quotes a long English sentence
/// still reads right to left in an Arabic book, as `dir="auto"` reads it.
fn mark(text: &mut Text, document: Direction) {
    let first = first_strong_direction(&text.text);
    text.dir = own_direction(&text.text).filter(|&own| own != document && first == Some(own));
}

/// The direction `text` reads in by itself, if it has strong letters.
pub fn own_direction(text: &str) -> Option<Direction> {
    let first = first_strong_direction(text)?;
    let (mut ltr, mut rtl) = (0usize, 0usize);
    for c in text.chars() {
        match unicode_bidi::bidi_class(c) {
            unicode_bidi::BidiClass::L => ltr += 1,
            unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL => rtl += 1,
            _ => {}
        }
    }
    let confirmed = match first {
        Direction::Ltr => ltr >= rtl,
        Direction::Rtl => rtl >= ltr,
    };
    Some(if confirmed { first } else { opposite(first) })
}

fn opposite(direction: Direction) -> Direction {
    match direction {
        Direction::Ltr => Direction::Rtl,
        Direction::Rtl => Direction::Ltr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_in_the_other_script_reads_its_own_way() {
        assert_eq!(own_direction("“The past is a foreign country,” wrote Hartley."), Some(Direction::Ltr));
        assert_eq!(own_direction("قال الشاعر: «العلم نور»"), Some(Direction::Rtl));
        assert_eq!(own_direction("1983 — 2024"), None);
    }

    #[test]
    fn a_latin_name_opening_an_arabic_sentence_does_not_turn_it() {
        assert_eq!(own_direction("Google أعلنت اليوم عن خدمة جديدة للترجمة الآلية"), Some(Direction::Rtl));
        assert_eq!(own_direction("The word وراق means a copyist"), Some(Direction::Ltr));
    }

    #[test]
    fn only_texts_against_the_document_are_marked() {
        let mut blocks = vec![
            Block::paragraph("نص عربي"),
            Block::paragraph("An English line."),
            Block::Quote { blocks: vec![Block::paragraph("Quoted words.")] },
        ];
        mark_own_directions(&mut blocks, Direction::Rtl);
        let dirs: Vec<_> = blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(text) => text.dir,
                Block::Quote { blocks } => blocks[0].own_text().and_then(|text| text.dir),
                _ => None,
            })
            .collect();
        assert_eq!(dirs, [None, Some(Direction::Ltr), Some(Direction::Ltr)]);
    }

    #[test]
    fn a_text_that_opens_in_the_document_direction_keeps_it() {
        let mut blocks = vec![
            Block::paragraph("قال: “The past is a foreign country; they do things differently there.”"),
            Block::paragraph("نص[^missing] آخر."),
        ];
        mark_own_directions(&mut blocks, Direction::Rtl);
        assert!(blocks.iter().all(|block| block.own_text().is_some_and(|text| text.dir.is_none())), "{blocks:?}");
    }
}
