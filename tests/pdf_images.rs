//! Pictures in the PDF: each placed whole inside the text block, scaled to
//! the measure (never enlarged past 150 dpi) and to the page's depth with
//! its shape kept; embedded once however often it is shown (JPEG bytes passed
//! through as /DCTDecode, PNG deflated with alpha as an /SMask); a /Figure
//! with its alt text in the structure tree; and drawn in its own colours.
//! The PNGs are made here with the png crate; the JPEGs are small fixtures
//! in tests/fixtures/images/ (made once with Pillow).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use warraq::backend::pdf::layout::{Book, MAX_DPI, PlacedPicture, Role, lay_out};
use warraq::backend::pdf::page::Paper;
use warraq::fonts::FontSet;
use warraq::read::{Format, ReadOptions, read_with};

/// A PNG of `width` × `height` from packed rows of `data`.
fn png(width: u32, height: u32, colour: png::ColorType, depth: png::BitDepth, palette: &[u8], data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(colour);
    encoder.set_depth(depth);
    if !palette.is_empty() {
        encoder.set_palette(palette.to_vec());
    }
    encoder.write_header().unwrap().write_image_data(data).unwrap();
    bytes
}

/// An 8-bit RGB picture of one colour.
fn flat_rgb(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let data: Vec<u8> = (0..width * height).flat_map(|_| rgb).collect();
    png(width, height, png::ColorType::Rgb, png::BitDepth::Eight, &[], &data)
}

/// One picture of the essay: its file, alt text, bytes, and what a page
/// shows at a quarter and three quarters of its width (left to right).
#[derive(Clone)]
struct Picture {
    file: &'static str,
    alt: &'static str,
    bytes: Vec<u8>,
    left: [u8; 3],
    right: [u8; 3],
}

const WHITE: [u8; 3] = [255, 255, 255];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/images").join(name)).unwrap()
}

/// The pictures, in the order the essay shows them (the two-colour JPEG twice).
fn pictures() -> Vec<Picture> {
    let mut rgba = Vec::new();
    for _ in 0..80 {
        for x in 0..84 {
            rgba.extend(if x < 42 { [20, 150, 60, 255] } else { [20, 150, 60, 0] });
        }
    }
    // Two bits a pixel, every pixel index 1: 0b01010101.
    let palette_data = vec![0x55; 15 * 60];
    // Four bits a pixel, every pixel 5 of 15.
    let grey_data = vec![0x55; 50 * 50];
    let deep_data: Vec<u8> = (0..70 * 30).flat_map(|_| [0xC3, 0x50, 0x27, 0x10, 0x9C, 0x40]).collect();
    let tall_data = vec![160; 60 * 1500];
    let two = Picture {
        file: "two-colours.jpg",
        alt: "لونان: أزرق ثم برتقالي",
        bytes: fixture("two-colours.jpg"),
        left: [30, 80, 200],
        right: [230, 140, 20],
    };
    vec![
        Picture {
            file: "red.png",
            alt: "مربع أحمر",
            bytes: flat_rgb(120, 80, [200, 30, 40]),
            left: [200, 30, 40],
            right: [200, 30, 40],
        },
        Picture {
            file: "rgba.png",
            alt: "ورقة خضراء نصفها شفاف",
            bytes: png(84, 80, png::ColorType::Rgba, png::BitDepth::Eight, &[], &rgba),
            left: [20, 150, 60],
            right: WHITE,
        },
        Picture {
            file: "grey.png",
            alt: "",
            bytes: png(100, 50, png::ColorType::Grayscale, png::BitDepth::Four, &[], &grey_data),
            left: [85, 85, 85],
            right: [85, 85, 85],
        },
        Picture {
            file: "palette.png",
            alt: "لون من لوح ألوان",
            bytes: png(60, 60, png::ColorType::Indexed, png::BitDepth::Two, &[0, 0, 0, 120, 40, 160], &palette_data),
            left: [120, 40, 160],
            right: [120, 40, 160],
        },
        Picture {
            file: "deep.png",
            alt: "ستة عشر بتا للون",
            bytes: png(70, 30, png::ColorType::Rgb, png::BitDepth::Sixteen, &[], &deep_data),
            left: [195, 39, 156],
            right: [195, 39, 156],
        },
        Picture { alt: "لونان مرة أخرى", ..two.clone() },
        two,
        Picture {
            file: "grey.jpg", alt: "رمادي", bytes: fixture("grey.jpg"), left: [90, 90, 90], right: [90, 90, 90]
        },
        Picture {
            file: "cmyk.jpg",
            alt: "أحمر بأربعة أحبار",
            bytes: fixture("cmyk.jpg"),
            left: [255, 55, 55],
            right: [255, 55, 55],
        },
        Picture {
            file: "wide.png",
            alt: "صورة عريضة",
            bytes: flat_rgb(1200, 300, [240, 200, 40]),
            left: [240, 200, 40],
            right: [240, 200, 40],
        },
        Picture {
            file: "tall.png",
            alt: "صورة أطول من الصفحة",
            bytes: png(60, 1500, png::ColorType::Grayscale, png::BitDepth::Eight, &[], &tall_data),
            left: [160, 160, 160],
            right: [160, 160, 160],
        },
    ]
}

/// Writes the essay and its pictures into `directory`; returns the essay's path.
fn write_essay(directory: &Path, pictures: &[Picture]) -> PathBuf {
    let mut essay = String::from("# الصور في الكتاب\n\nيبدأ المقال بفقرة قصيرة قبل الصورة الأولى.\n\n");
    for (index, picture) in pictures.iter().enumerate() {
        std::fs::write(directory.join(picture.file), &picture.bytes).unwrap();
        essay.push_str(&format!("![{}]({})\n\n", picture.alt, picture.file));
        essay.push_str(&format!(
            "فقرة رقم {} بعد الصورة، فيها كلام يملأ سطرًا أو سطرين من الصفحة كما يفعل النص.\n\n",
            index + 1
        ));
    }
    let path = directory.join("essay.md");
    std::fs::write(&path, essay).unwrap();
    path
}

fn lay_out_essay(path: &Path) -> Book {
    let bytes = std::fs::read(path).unwrap();
    let reading = read_with(&bytes, Format::Markdown, &ReadOptions::default(), path.parent().unwrap()).unwrap();
    lay_out(&reading.document, &FontSet::default().typefaces().unwrap(), Paper::A5)
}

fn to_pdf(input: &Path) -> PathBuf {
    let target = input.with_extension("pdf");
    let output = convert(input, "pdf", &target, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    target
}

/// Every picture placed, with its page index, in reading order.
fn placed(book: &Book) -> Vec<(usize, &PlacedPicture)> {
    book.pages.iter().enumerate().flat_map(|(index, page)| page.pictures.iter().map(move |p| (index, p))).collect()
}

#[test]
fn every_picture_lies_in_the_text_block_centred_and_keeps_its_shape() {
    let scratch = scratch();
    let pictures = pictures();
    let book = lay_out_essay(&write_essay(scratch.path(), &pictures));
    let geometry = book.geometry;
    let measure = geometry.measure();
    let placed = placed(&book);
    let sources: Vec<&str> = placed.iter().map(|(_, p)| p.image.src.as_str()).collect();
    let expected: Vec<&str> = pictures.iter().map(|p| p.file).collect();
    assert_eq!(sources, expected, "every picture shown, in reading order");
    for (page, picture) in &placed {
        let left = geometry.left_edge(page + 1, true);
        let (src, w, h) = (&picture.image.src, picture.width, picture.height);
        assert!(picture.x >= left - 0.01 && picture.x + w <= left + measure + 0.01, "{src} within the measure");
        assert!(
            picture.y >= geometry.block_bottom() - 0.01 && picture.y + h <= geometry.block_top() + 0.01,
            "{src} on the page"
        );
        assert!((picture.x + w / 2.0 - (left + measure / 2.0)).abs() < 0.01, "{src} centred");
        let (pw, ph) = (picture.image.width as f32, picture.image.height as f32);
        assert!(((w / h) / (pw / ph) - 1.0).abs() < 0.005, "{src} keeps its shape: {w} × {h} for {pw} × {ph}");
        assert!(w <= pw * 72.0 / MAX_DPI + 0.01, "{src} is not enlarged past {MAX_DPI} dpi");
        // No text line of the page overlaps it.
        for line in book.pages[*page].lines.iter().filter(|l| l.role != Role::RunningHead && l.role != Role::Folio) {
            let clear = line.baseline > picture.y + h || line.baseline + line.size * 0.3 < picture.y;
            assert!(
                clear,
                "{src}: a line at {} runs into the picture ({}..{})",
                line.baseline,
                picture.y,
                picture.y + h
            );
        }
    }
    let wide = placed.iter().find(|(_, p)| p.image.src == "wide.png").unwrap().1;
    assert!((wide.width - measure).abs() < 0.01, "a big picture fills the measure: {} of {measure}", wide.width);
    let red = placed.iter().find(|(_, p)| p.image.src == "red.png").unwrap().1;
    assert!((red.width - 120.0 * 72.0 / MAX_DPI).abs() < 0.01, "a small one keeps its size at {MAX_DPI} dpi");
}

#[test]
fn a_picture_taller_than_the_page_is_scaled_to_fit_it() {
    let scratch = scratch();
    let book = lay_out_essay(&write_essay(scratch.path(), &pictures()));
    let geometry = book.geometry;
    let depth = geometry.block_top() - geometry.block_bottom();
    let tall = placed(&book).into_iter().find(|(_, p)| p.image.src == "tall.png").unwrap().1.clone();
    assert!(1500.0 * 72.0 / MAX_DPI > depth, "the picture is taller than the text block at its own size");
    assert!((tall.height - depth).abs() < 0.01, "scaled to the depth of the text block: {} of {depth}", tall.height);
    assert!((tall.width - depth * 60.0 / 1500.0).abs() < 0.01, "and narrowed in proportion: {}", tall.width);
}

#[test]
fn a_heading_moves_with_the_picture_after_it() {
    let scratch = scratch();
    let mut moved = 0;
    std::fs::write(scratch.path().join("big.png"), flat_rgb(600, 500, [10, 10, 200])).unwrap();
    for paragraphs in 1..14 {
        let mut essay = String::from("# عنوان المقال\n\n");
        for _ in 0..paragraphs {
            essay.push_str(
                "فقرة تملأ الصفحة شيئًا فشيئًا حتى لا يبقى في أسفلها مكان للصورة كلها، فتنتقل الصورة وعنوانها معًا.\n\n",
            );
        }
        essay.push_str("## عنوان الصورة\n\n![صورة كبيرة](big.png)\n\nوبعدها فقرة.\n");
        let path = scratch.path().join("heading.md");
        std::fs::write(&path, essay).unwrap();
        let book = lay_out_essay(&path);
        let heading_page =
            book.pages.iter().rposition(|page| page.lines.iter().any(|line| line.role == Role::Heading)).unwrap();
        let (picture_page, _) = placed(&book)[0];
        assert_eq!(heading_page, picture_page, "after {paragraphs} paragraphs the heading is left behind");
        moved += usize::from(picture_page > 0);
    }
    assert!(moved > 0, "in some of these the picture moved to a later page");
}

/// The dictionaries of the PDF's image XObjects, as written (before `stream`).
fn image_dictionaries(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    let mut found = Vec::new();
    let mut rest = &text[..];
    while let Some(start) = rest.find(" 0 obj") {
        let body = &rest[start..];
        let end = body.find("stream").into_iter().chain(body.find("endobj")).min().unwrap_or(body.len());
        if body[..end].contains("/Subtype /Image") {
            found.push(body[..end].to_string());
        }
        rest = &body[6..];
    }
    found
}

fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|window| *window == needle).count()
}

/// The image dictionaries of `width` × `height` pixels in `space`.
fn dictionary_of<'a>(dictionaries: &'a [String], width: u32, height: u32, space: &str) -> Vec<&'a String> {
    let (w, h, c) = (format!("/Width {width}\n"), format!("/Height {height}\n"), format!("/ColorSpace /{space}\n"));
    dictionaries.iter().filter(|d| d.contains(&w) && d.contains(&h) && d.contains(&c)).collect()
}

#[test]
fn each_distinct_picture_is_embedded_once_with_its_filter_and_colour_space() {
    let scratch = scratch();
    let pictures = pictures();
    let pdf_path = to_pdf(&write_essay(scratch.path(), &pictures));
    let pdf = std::fs::read(&pdf_path).unwrap();
    if validator("qpdf", &["--version"]).is_some() {
        let check = Command::new("qpdf").arg("--check").arg(&pdf_path).output().unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success() && report.contains("No syntax or stream encoding errors"), "{report}");
    }
    let dictionaries = image_dictionaries(&pdf);
    // Eleven shown, ten distinct, and one soft mask.
    assert_eq!(dictionaries.len(), 11, "{dictionaries:#?}");
    for jpeg in ["two-colours.jpg", "grey.jpg", "cmyk.jpg"] {
        let bytes = fixture(jpeg);
        assert_eq!(occurrences(&pdf, &bytes), 1, "{jpeg}: its exact bytes, once");
    }
    let expect = |width, height, filter: &str, space: &str| {
        let found = dictionary_of(&dictionaries, width, height, space);
        assert_eq!(found.len(), 1, "one {space} image of {width} × {height}: {dictionaries:#?}");
        let dictionary = found[0];
        assert!(dictionary.contains(&format!("/Filter /{filter}")), "{width} × {height}: {dictionary}");
        assert!(dictionary.contains("/BitsPerComponent 8"), "{dictionary}");
        dictionary.clone()
    };
    assert!(!expect(48, 32, "DCTDecode", "DeviceRGB").contains("/Decode"));
    expect(40, 40, "DCTDecode", "DeviceGray");
    let cmyk = expect(32, 32, "DCTDecode", "DeviceCMYK");
    assert!(cmyk.contains("/Decode [1 0 1 0 1 0 1 0]"), "Adobe's CMYK is inverted: {cmyk}");
    assert!(!expect(120, 80, "FlateDecode", "DeviceRGB").contains("/SMask"), "an opaque picture has no mask");
    let rgba = expect(84, 80, "FlateDecode", "DeviceRGB");
    let mask = rgba.split("/SMask ").nth(1).expect("the RGBA picture has a soft mask");
    let mask_object = format!("\n{} 0 obj\n", mask.split_whitespace().next().unwrap());
    let masks = dictionary_of(&dictionaries, 84, 80, "DeviceGray");
    assert_eq!(masks.len(), 1, "the mask is a grey image of the same size");
    assert!(!masks[0].contains("/SMask"));
    assert_eq!(occurrences(&pdf, mask_object.as_bytes()), 1, "the /SMask names an object of its own");
    let at = pdf.windows(mask_object.len()).position(|w| w == mask_object.as_bytes()).unwrap();
    assert!(String::from_utf8_lossy(&pdf[at..at + 200]).contains("/DeviceGray"), "and that object is the mask");
    expect(100, 50, "FlateDecode", "DeviceGray");
    expect(60, 60, "FlateDecode", "DeviceRGB");
    expect(70, 30, "FlateDecode", "DeviceRGB");
    expect(1200, 300, "FlateDecode", "DeviceRGB");
    expect(60, 1500, "FlateDecode", "DeviceGray");
}

/// A PDF text string as qpdf writes it: `(literal)` or `<FEFF…>` UTF-16BE.
fn text_string(value: &str) -> String {
    let value = value.trim();
    if let Some(hex) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        let bytes: Vec<u8> =
            (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
        let units: Vec<u16> = bytes.chunks(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect();
        return String::from_utf16(units.strip_prefix(&[0xFEFF]).unwrap_or(&units)).unwrap();
    }
    value.trim_start_matches('(').trim_end_matches(')').to_string()
}

fn entry<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    body.lines().find_map(|line| line.trim().strip_prefix(&format!("/{key} ")))
}

#[test]
fn each_picture_is_a_figure_with_its_alt_text_and_an_empty_alt_is_an_artifact() {
    let scratch = scratch();
    let pictures = pictures();
    let essay = write_essay(scratch.path(), &pictures);
    let book = lay_out_essay(&essay);
    let Some(qdf) = read_qdf(&to_pdf(&essay)) else { return };
    let mut figures: Vec<(u32, String, Vec<f32>)> = qdf
        .objects
        .iter()
        .filter(|(_, body)| entry(body, "S") == Some("/Figure"))
        .map(|(&number, body)| {
            let alt = text_string(entry(body, "Alt").expect("a /Figure has /Alt"));
            assert!(body.contains("/O /Layout"), "a /Figure has layout attributes: {body}");
            let bbox = body.split("/BBox [").nth(1).expect("a /Figure has a /BBox");
            let bbox = bbox.lines().skip(1).take(4).map(|n| n.trim().parse().unwrap()).collect();
            (number, alt, bbox)
        })
        .collect();
    // The Document lists its elements in reading order.
    let document = qdf.objects.values().find(|body| entry(body, "S") == Some("/Document")).unwrap();
    let order: Vec<u32> =
        document.lines().filter_map(|line| line.trim().strip_suffix(" 0 R")).filter_map(|n| n.parse().ok()).collect();
    figures.sort_by_key(|(number, _, _)| order.iter().position(|n| n == number));
    let alts: Vec<&str> = figures.iter().map(|(_, alt, _)| alt.as_str()).collect();
    let expected: Vec<&str> = pictures.iter().map(|p| p.alt).filter(|alt| !alt.is_empty()).collect();
    assert_eq!(alts, expected, "one /Figure per picture shown with alt text, in reading order");
    let described = placed(&book).into_iter().map(|(_, p)| p).filter(|p| !p.image.alt.is_empty());
    for ((_, alt, bbox), picture) in figures.iter().zip(described) {
        let (x, y) = (picture.x, picture.y);
        let want = [x, y, x + picture.width, y + picture.height];
        assert!(bbox.iter().zip(want).all(|(g, w)| (g - w).abs() < 0.01), "{alt}: /BBox {bbox:?}, drawn at {want:?}");
    }

    let content = qdf.contents.join("\n");
    let drawn = content.lines().filter(|line| line.trim().ends_with(" Do")).count();
    assert_eq!(drawn, pictures.len(), "every picture drawn");
    let lines: Vec<&str> = content.lines().collect();
    let marked = |kind: &str| {
        (0..lines.len())
            .filter(|&i| lines[i].trim().ends_with(" Do"))
            // The marked content it is in: from its opening `/Tag <<` to `>> BDC`.
            .filter(|&i| {
                let open = (0..i).rev().find(|&j| lines[j].trim_end().ends_with("BDC"));
                open.is_some_and(|j| lines[j.saturating_sub(3)..=j].join(" ").contains(&format!("{kind} <<")))
            })
            .count()
    };
    assert_eq!(marked("/Figure"), expected.len(), "each drawing with alt text is marked as a /Figure");
    assert_eq!(marked("/Artifact"), 1, "the picture with an empty alt is decoration");
}

#[test]
fn the_content_stream_draws_each_picture_where_layout_put_it() {
    let scratch = scratch();
    let essay = write_essay(scratch.path(), &pictures());
    let book = lay_out_essay(&essay);
    let Some(qdf) = read_qdf(&to_pdf(&essay)) else { return };
    assert_eq!(qdf.contents.len(), book.pages.len());
    for (index, (page, content)) in book.pages.iter().zip(&qdf.contents).enumerate() {
        let matrices: Vec<Vec<f32>> = content
            .lines()
            .filter_map(|line| line.trim().strip_suffix(" cm"))
            .map(|m| m.split_whitespace().map(|n| n.parse().unwrap()).collect())
            .filter(|m: &Vec<f32>| m[1] == 0.0 && m[2] == 0.0 && m[0] > 1.0)
            .collect();
        let expected: Vec<Vec<f32>> =
            page.pictures.iter().map(|p| vec![p.width, 0.0, 0.0, p.height, p.x, p.y]).collect();
        assert_eq!(matrices.len(), expected.len(), "page {}: one cm per picture", index + 1);
        for (got, want) in matrices.iter().zip(&expected) {
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 0.01, "page {}: drawn at {got:?}, laid out at {want:?}", index + 1);
            }
        }
    }
}

/// The RGB of the pixel at (`x`, `y`) points (from the bottom left) of a
/// page `height` points tall rendered at `dpi`.
fn pixel(render: &(u32, Vec<u8>), dpi: f32, height: f32, x: f32, y: f32) -> [u8; 3] {
    let (width, data) = render;
    let (px, py) = ((x * dpi / 72.0) as usize, ((height - y) * dpi / 72.0) as usize);
    let at = (py * *width as usize + px) * 3;
    [data[at], data[at + 1], data[at + 2]]
}

fn render(pdf: &Path, page: usize, dpi: f32) -> (u32, Vec<u8>) {
    let prefix = pdf.with_file_name(format!("page-{page}"));
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png", "-singlefile", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let decoder =
        png::Decoder::new(std::io::BufReader::new(std::fs::File::open(prefix.with_extension("png")).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut data = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut data).unwrap();
    assert_eq!((info.color_type, info.bit_depth), (png::ColorType::Rgb, png::BitDepth::Eight));
    data.truncate(info.buffer_size());
    (info.width, data)
}

#[test]
fn the_rendered_pages_show_each_picture_in_its_colours() {
    if validator("pdftoppm", &["-v"]).is_none() {
        return;
    }
    let scratch = scratch();
    let pictures = pictures();
    let essay = write_essay(scratch.path(), &pictures);
    let book = lay_out_essay(&essay);
    let pdf = to_pdf(&essay);
    let dpi = 100.0;
    let height = book.geometry.paper.height;
    let mut renders = BTreeMap::new();
    for ((page, placed), picture) in placed(&book).into_iter().zip(&pictures) {
        let rendered = renders.entry(page + 1).or_insert_with(|| render(&pdf, page + 1, dpi));
        let middle = placed.y + placed.height / 2.0;
        for (share, want) in [(0.25, picture.left), (0.75, picture.right)] {
            let got = pixel(rendered, dpi, height, placed.x + placed.width * share, middle);
            let near = got.iter().zip(want).all(|(&g, w)| (i32::from(g) - i32::from(w)).abs() <= 30);
            assert!(near, "{} at {share} of its width: {got:?}, not {want:?}", picture.file);
        }
    }
}

#[test]
fn a_picture_that_cannot_be_decoded_is_an_error_naming_it() {
    let scratch = scratch();
    let mut broken = flat_rgb(40, 20, [1, 2, 3]);
    // Spoil the compressed data (and so its checksum), keeping the header the reader checks.
    let idat = broken.windows(4).position(|w| w == b"IDAT").unwrap();
    for byte in &mut broken[idat + 4..idat + 12] {
        *byte ^= 0x5A;
    }
    std::fs::write(scratch.path().join("broken.png"), &broken).unwrap();
    let essay = scratch.path().join("broken.md");
    std::fs::write(&essay, "# عنوان\n\nنص.\n\n![صورة تالفة](broken.png)\n").unwrap();
    let output = exited_cleanly(convert(&essay, "pdf", &scratch.path().join("broken.pdf"), &[]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a broken picture is an error");
    assert!(stderr.contains("broken.png"), "the error names the picture: {stderr}");
}

#[test]
fn the_same_essay_gives_the_same_bytes() {
    let scratch = scratch();
    let essay = write_essay(scratch.path(), &pictures());
    let first = std::fs::read(to_pdf(&essay)).unwrap();
    let second = std::fs::read(to_pdf(&essay)).unwrap();
    assert!(first == second, "two runs over the same essay and pictures differ");
}

#[test]
fn pictures_keep_their_place_in_an_omnibus_tree() {
    let scratch = scratch();
    let dir = scratch.path();
    std::fs::write(dir.join("red.png"), flat_rgb(120, 80, [200, 30, 40])).unwrap();
    std::fs::write(dir.join("two-colours.jpg"), fixture("two-colours.jpg")).unwrap();
    let part = |number: &str, body: &str| {
        format!("---\ntitle: الورق، الجزء {number}\n---\n\nفقرة أولى.\n\n{body}\n\nفقرة أخيرة.\n")
    };
    std::fs::write(dir.join("01.md"), part("الأول", "![مربع أحمر](red.png)")).unwrap();
    std::fs::write(dir.join("02.md"), part("الثاني", "![لونان](two-colours.jpg)\n\n![مربع أحمر ثانية](red.png)"))
        .unwrap();
    let out = dir.join("out");
    let (first, second, out_arg) = (dir.join("01.md"), dir.join("02.md"), out.to_str().unwrap().to_string());
    let output =
        run(&["build", first.to_str().unwrap(), second.to_str().unwrap(), "--to", "pdf", "--omnibus", "-o", &out_arg]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let omnibus = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().ends_with("omnibus.pdf"))
        .expect("an omnibus volume");
    let pdf = std::fs::read(&omnibus).unwrap();
    assert_eq!(image_dictionaries(&pdf).len(), 2, "the red square is embedded once across the parts");
    let Some(qdf) = read_qdf(&omnibus) else { return };
    let document = qdf.objects.values().find(|body| entry(body, "S") == Some("/Document")).unwrap();
    let roles: Vec<&str> = document
        .lines()
        .filter_map(|line| line.trim().strip_suffix(" 0 R"))
        .filter_map(|n| n.parse::<u32>().ok())
        .filter_map(|n| entry(&qdf.objects[&n], "S"))
        .collect();
    let parts = ["/H1", "/P", "/Figure", "/P", "/H1", "/P", "/Figure", "/Figure", "/P"];
    assert!(roles.ends_with(&parts), "each figure between the paragraphs around it, after the contents: {roles:?}");
}

/// A point of a picture (shares of its width from the left and of its
/// height from the bottom) and the colour a reader sees there.
type Sample = ((f32, f32), [u8; 3]);

#[test]
fn a_jpeg_stands_as_its_exif_orientation_says() {
    if validator("pdftoppm", &["-v"]).is_none() {
        return;
    }
    // Stored: a white band along the top, then blue on the left and orange on
    // the right; 48 × 32 pixels, with an Exif orientation tag to rewrite.
    let stored = fixture("oriented.jpg");
    let tag =
        stored.windows(8).position(|w| w == [0x01, 0x12, 0, 3, 0, 0, 0, 1]).expect("a big-endian orientation tag");
    let (white, blue, orange) = ([255, 255, 255], [30, 80, 200], [230, 140, 20]);
    // For each orientation, what a reader sees at (share of width from the left, share of height from the bottom).
    let cases: [(u8, &str, [Sample; 3]); 4] = [
        (1, "as stored", [((0.5, 0.9), white), ((0.25, 0.3), blue), ((0.75, 0.3), orange)]),
        (3, "turned half round", [((0.5, 0.1), white), ((0.25, 0.7), orange), ((0.75, 0.7), blue)]),
        (6, "turned a quarter clockwise", [((0.9, 0.5), white), ((0.3, 0.75), blue), ((0.3, 0.25), orange)]),
        (8, "turned a quarter anticlockwise", [((0.1, 0.5), white), ((0.7, 0.25), blue), ((0.7, 0.75), orange)]),
    ];
    let scratch = scratch();
    let mut essay = String::from("# اتجاه الصورة\n\n");
    for (orientation, _, _) in &cases {
        let mut bytes = stored.clone();
        bytes[tag + 9] = *orientation;
        std::fs::write(scratch.path().join(format!("o{orientation}.jpg")), bytes).unwrap();
        essay.push_str(&format!("![اتجاه {orientation}](o{orientation}.jpg)\n\nفقرة.\n\n"));
    }
    let path = scratch.path().join("oriented.md");
    std::fs::write(&path, essay).unwrap();
    let book = lay_out_essay(&path);
    let pdf = to_pdf(&path);
    let (dpi, height) = (150.0, book.geometry.paper.height);
    let placed = placed(&book);
    assert_eq!(placed.len(), cases.len());
    let mut renders = BTreeMap::new();
    for ((page, picture), (orientation, how, samples)) in placed.into_iter().zip(&cases) {
        let turned = *orientation >= 5;
        let shape = picture.width / picture.height;
        let expected = if turned { 32.0 / 48.0 } else { 48.0 / 32.0 };
        assert!((shape - expected).abs() < 0.01, "orientation {orientation} ({how}): {shape} wide for 1 high");
        let rendered = renders.entry(page + 1).or_insert_with(|| render(&pdf, page + 1, dpi));
        for ((s, t), want) in samples {
            let got = pixel(rendered, dpi, height, picture.x + picture.width * s, picture.y + picture.height * t);
            let near = got.iter().zip(want).all(|(&g, w)| (i32::from(g) - i32::from(*w)).abs() <= 40);
            assert!(near, "orientation {orientation} ({how}) at ({s}, {t}): {got:?}, not {want:?}");
        }
    }
}

#[test]
fn a_heading_before_a_page_tall_picture_stays_with_it() {
    let scratch = scratch();
    std::fs::write(scratch.path().join("tall.png"), flat_rgb(60, 1500, [90, 90, 90])).unwrap();
    let path = scratch.path().join("tall.md");
    let text = "فقرة قبل العنوان تملأ سطرًا من الصفحة.\n\n";
    std::fs::write(&path, format!("# عنوان المقال\n\n{text}## عنوان الصورة\n\n![صورة طويلة](tall.png)\n\n{text}"))
        .unwrap();
    let book = lay_out_essay(&path);
    let geometry = book.geometry;
    let depth = geometry.block_top() - geometry.block_bottom();
    let (page, picture) = placed(&book)[0];
    let heading = book.pages[page].lines.iter().find(|line| line.role == Role::Heading);
    assert!(heading.is_some(), "the heading is on the picture's page, not left alone on the page before");
    assert!(
        picture.height < depth && picture.height > depth * 0.8,
        "the picture gives up the heading's room: {}",
        picture.height
    );
}
