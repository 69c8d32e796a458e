//! Links: each box of a link laid out on a page → a link annotation with a
//! URI action and no border, so a viewer makes the words under it clickable.
//! Each annotation names its `/Link` structure element by its key in the
//! parent tree (see `write_structure`).

use crate::backend::pdf::layout::LinkBox;
use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Finish, Pdf, Rect, Ref, Str, TextStr};

/// Writes one annotation per box, as `ids` (one each, in order), whose
/// parent-tree keys run from `first_key`.
pub(super) fn write_links(pdf: &mut Pdf, boxes: &[LinkBox], ids: &[Ref], first_key: usize) {
    for (index, (link, &id)) in boxes.iter().zip(ids).enumerate() {
        let [left, bottom, right, top] = link.rect;
        let mut annotation = pdf.annotation(id);
        annotation.subtype(AnnotationType::Link).rect(Rect::new(left, bottom, right, top)).border(0.0, 0.0, 0.0, None);
        annotation.contents(TextStr(&link.url)).struct_parent((first_key + index) as i32);
        annotation.action().action_type(ActionType::Uri).uri(Str(link.url.as_bytes()));
        annotation.finish();
    }
}
