//! In-process timings of the pipeline's stages on the seed essay (or, where
//! ../shared is absent, on our own example): read, layout, emit, and the
//! whole conversion to EPUB and PDF. Whole-process figures come from
//! hyperfine; see BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use warraq::backend::pdf::{emit, layout};
use warraq::backend::{RenderOptions, find};
use warraq::read::{ReadOptions, read};

fn essay() -> Vec<u8> {
    let seed = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"))
        .ok()
        .and_then(|mut entries| entries.find_map(|e| e.ok().map(|e| e.path())));
    let path = seed.unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/examples/series/01-samarkand.txt").into());
    std::fs::read(path).expect("essay is readable")
}

fn stages(c: &mut Criterion) {
    let bytes = essay();
    let options = RenderOptions::default();
    let faces = options.fonts.typefaces().unwrap();
    let document = read(&bytes, &ReadOptions::default()).unwrap().document;
    let book = layout::lay_out(&document, &faces, options.paper);
    let emit_options = emit::EmitOptions { source_date_epoch: None };

    c.bench_function("read", |b| b.iter(|| read(black_box(&bytes), &ReadOptions::default()).unwrap()));
    c.bench_function("layout (bidi, shaping, breaking, pagination)", |b| {
        b.iter(|| layout::lay_out(black_box(&document), &faces, options.paper))
    });
    c.bench_function("emit (subset, compress, write)", |b| {
        b.iter(|| emit::emit(black_box(&book), &faces, &emit_options).unwrap())
    });
    for format in ["pdf", "epub"] {
        let backend = find(format).unwrap();
        c.bench_function(&format!("convert to {format}"), |b| {
            b.iter(|| {
                let document = read(black_box(&bytes), &ReadOptions::default()).unwrap().document;
                backend.render(&document, &options).unwrap()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
