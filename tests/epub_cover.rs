//! The EPUB's cover: a typographic PNG drawn by warraq, or the user's
//! `--cover` image, declared as `cover-image` with a cover page first in the spine.

mod common;

use common::*;
use std::io::Read;
use std::path::Path;

fn entry_bytes(archive: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let mut entry = zip.by_name(name).unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    bytes
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()))
}

#[test]
fn generated_cover_is_a_1600_by_2560_png_declared_as_cover_image() {
    let scratch = scratch();
    let epub = scratch.path().join("book.epub");
    let output = convert(&example("series/01-samarkand.txt"), "epub", &epub, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("href=\"cover.png\" media-type=\"image/png\" properties=\"cover-image\""), "{opf}");
    let spine = &opf[opf.find("<spine").unwrap()..];
    let first = spine.find("<itemref").unwrap();
    assert!(spine[first..].starts_with("<itemref idref=\"item-cover-xhtml\"/>"), "the cover page comes first");
    let png = entry_bytes(&epub, "OEBPS/cover.png");
    assert_eq!(png_size(&png), (1600, 2560));
    let page = zip_entry(&epub, "OEBPS/cover.xhtml");
    assert!(page.contains("<img src=\"cover.png\" alt=\""), "{page}");
    assert!(page.contains("<body dir=\"rtl\""));
    let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"cover\" href=\"cover.xhtml\""), "a cover landmark");
    let again = scratch.path().join("again.epub");
    assert!(convert(&example("series/01-samarkand.txt"), "epub", &again, &[]).status.success());
    assert_eq!(png, entry_bytes(&again, "OEBPS/cover.png"), "the same cover every time");
    if let Some(jar) = epubcheck() {
        let (clean, report) = run_epubcheck(&jar, &epub);
        assert!(clean, "{report}");
    }
}

#[test]
fn cover_option_puts_the_users_image_in_its_place() {
    let scratch = scratch();
    let generated = scratch.path().join("generated.epub");
    assert!(convert(&example("series/02-baghdad-market.txt"), "epub", &generated, &[]).status.success());
    let png = entry_bytes(&generated, "OEBPS/cover.png");
    let image = scratch.path().join("mine.png");
    std::fs::write(&image, &png[..]).unwrap();
    let epub = scratch.path().join("book.epub");
    let output = convert(&example("series/01-samarkand.txt"), "epub", &epub, &["--cover", image.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(entry_bytes(&epub, "OEBPS/cover.png"), png, "the user's image, as it is");
    assert_ne!(entry_bytes(&generated, "OEBPS/cover.png"), {
        let own = scratch.path().join("own.epub");
        assert!(convert(&example("series/01-samarkand.txt"), "epub", &own, &[]).status.success());
        entry_bytes(&own, "OEBPS/cover.png")
    });

    let jpeg = scratch.path().join("photo.jpg");
    std::fs::write(&jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0]).unwrap();
    let with_jpeg = scratch.path().join("jpeg.epub");
    let output = convert(&example("series/01-samarkand.txt"), "epub", &with_jpeg, &["--cover", jpeg.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let opf = zip_entry(&with_jpeg, "OEBPS/content.opf");
    assert!(opf.contains("href=\"cover.jpg\" media-type=\"image/jpeg\" properties=\"cover-image\""), "{opf}");

    let text = scratch.path().join("not-an-image.png");
    std::fs::write(&text, "hello").unwrap();
    let output = convert(
        &example("series/01-samarkand.txt"),
        "epub",
        &scratch.path().join("x.epub"),
        &["--cover", text.to_str().unwrap()],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PNG or JPEG"));
}
