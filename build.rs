//! Deflates the embedded fonts once, at build time, into a small ZIP that the
//! EPUB writer copies entries from without compressing them again: the fonts
//! are 1.1 MB, and deflating them on every conversion cost about 15 ms.

use std::io::Write;
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, DateTime};

const FONTS: [&str; 2] = ["Amiri-Regular.ttf", "Amiri-Bold.ttf"];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut writer = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for font in FONTS {
        println!("cargo::rerun-if-changed=fonts/{font}");
        let bytes = std::fs::read(format!("fonts/{font}")).expect("font file is in fonts/");
        writer.start_file(font, options).expect("start entry");
        writer.write_all(&bytes).expect("deflate font");
    }
    let archive = writer.finish().expect("finish archive").into_inner();
    std::fs::write(format!("{out_dir}/fonts-deflated.zip"), archive).expect("write archive");
}
