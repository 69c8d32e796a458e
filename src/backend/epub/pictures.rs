//! The pictures a book shows: each file stored once in the package, under a
//! name drawn from its bytes (`images/<SHA-256 prefix>.png`), so the same
//! picture cited twice is one file and the same input gives the same names.
//!
//! The media type comes from the bytes' signature, not from the tree's word
//! for it: a picture whose bytes are neither PNG nor JPEG (a tree built by
//! hand, without them) is not shipped, and its alternative text stands in.

use crate::document::{Block, Image, walk};
use sha2::{Digest, Sha256};

/// One picture file of the package.
pub struct Picture<'a> {
    /// Path inside OEBPS/, e.g. `images/3f2a….png`.
    pub href: String,
    /// `image/png` or `image/jpeg`.
    pub media_type: &'static str,
    /// The file's bytes, as the reader read them.
    pub bytes: &'a [u8],
}

/// Hex digits of the SHA-256 that name a picture: 64 bits, so two different
/// pictures of one book never share a name in practice.
const NAME_DIGITS: usize = 16;

/// Where `image` is stored in the package, or `None` when its bytes are not
/// a PNG or JPEG file.
pub fn href(image: &Image) -> Option<String> {
    let bytes = &image.data.0[..];
    let media_type = super::image_type(bytes)?;
    let extension = if media_type == "image/png" { "png" } else { "jpg" };
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(NAME_DIGITS / 2).map(|byte| format!("{byte:02x}")).collect();
    Some(format!("images/{hex}.{extension}"))
}

/// Every picture `blocks` show (nested ones too), each file once, in order of
/// first appearance; and the sources of those that cannot be shipped.
pub fn collect(blocks: &[Block]) -> (Vec<Picture<'_>>, Vec<&str>) {
    let mut pictures: Vec<Picture> = Vec::new();
    let mut unusable = Vec::new();
    walk(blocks, &mut |block, _| {
        let Block::Image(image) = block else { return };
        let bytes = &image.data.0[..];
        match (href(image), super::image_type(bytes)) {
            (Some(href), Some(media_type)) => {
                if !pictures.iter().any(|known| known.href == href) {
                    pictures.push(Picture { href, media_type, bytes });
                }
            }
            _ => unusable.push(image.src.as_str()),
        }
    });
    (pictures, unusable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ImageData, ImageFormat};

    fn image(src: &str, bytes: &[u8]) -> Image {
        Image {
            src: src.into(),
            alt: "صورة".into(),
            format: ImageFormat::Png,
            width: 1,
            height: 1,
            sha256: String::new(),
            data: ImageData(bytes.into()),
        }
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";
    const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0 nor this";

    #[test]
    fn the_same_bytes_are_one_file_named_by_their_digest() {
        let blocks = vec![
            Block::Image(image("a.png", PNG)),
            Block::Quote { blocks: vec![Block::Image(image("copy-of-a.png", PNG))] },
            Block::Image(image("b.jpg", JPEG)),
        ];
        let (pictures, unusable) = collect(&blocks);
        assert!(unusable.is_empty());
        let names: Vec<(&str, &str)> = pictures.iter().map(|p| (p.href.as_str(), p.media_type)).collect();
        let digest = |bytes: &[u8]| format!("{:x}", Sha256::digest(bytes))[..NAME_DIGITS].to_string();
        assert_eq!(
            names,
            [
                (format!("images/{}.png", digest(PNG)).as_str(), "image/png"),
                (format!("images/{}.jpg", digest(JPEG)).as_str(), "image/jpeg")
            ]
        );
    }

    #[test]
    fn bytes_that_are_no_picture_are_not_shipped() {
        let blocks = vec![Block::Image(image("empty.png", b"")), Block::Image(image("text.png", b"hello"))];
        let (pictures, unusable) = collect(&blocks);
        assert!(pictures.is_empty());
        assert_eq!(unusable, ["empty.png", "text.png"]);
    }
}
