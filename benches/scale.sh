#!/usr/bin/env bash
# Time and peak memory against input size, for BENCHMARKS.md: essays of
# SIZES megabytes made of ordinary paragraphs, and the shapes that used to be
# quadratic (one huge paragraph, one huge Arabic word, one huge Latin word,
# Arabic and Latin interleaved in one paragraph, a huge title line, 10,000
# headings). Prints one Markdown table row per input and format.
#
#   benches/scale.sh                 # sizes 1 5 20 50 MB
#   SIZES="1 5" benches/scale.sh     # a quicker run
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
warraq=${CARGO_TARGET_DIR:-$PWD/target}/release/warraq
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=$(ls ../shared/seeds/*.txt 2>/dev/null | head -n 1 || true)
[ -n "$seed" ] || seed=examples/series/01-samarkand.txt

python3 - "$seed" "$work" "${SIZES:-1 5 20 50}" <<'PY'
import sys
seed, work, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split()]
text = open(seed, encoding="utf-8-sig").read()
paragraphs = [line for line in text.splitlines() if len(line) > 200]
words = " ".join(paragraphs).split()
def fill(n, piece):
    out, size = [], 0
    while size < n:
        out.append(piece(len(out))); size += len(out[-1].encode()) + 1
    return out
for mb in sizes:
    body = fill(mb * 1_000_000, lambda i: paragraphs[i % len(paragraphs)])
    open(f"{work}/essay-{mb}mb.txt", "w").write("عنوان\n\n" + "\n\n".join(body) + "\n")
mb = 1_000_000
open(f"{work}/one-paragraph-1mb.txt", "w").write("عنوان\n\n" + " ".join(fill(mb, lambda i: words[i % len(words)])) + "\n")
open(f"{work}/arabic-word-1mb.txt", "w").write("عنوان\n\n" + "بسم" * (mb // 6) + "\n")
open(f"{work}/latin-word-1mb.txt", "w").write("Title\n\n" + "abc" * (mb // 3) + "\n")
open(f"{work}/interleaved-1mb.txt", "w").write("عنوان\n\n" + "".join(fill(mb, lambda i: words[i % len(words)] + " Latin word ")) + "\n")
open(f"{work}/title-100kb.txt", "w").write(" ".join(fill(100_000, lambda i: words[i % len(words)])) + "\n\nفقرة.\n")
open(f"{work}/headings-10000.txt", "w").write("عنوان\n\n" + "".join(f"القسم {i}\n{paragraphs[i % len(paragraphs)][:300]}.\n\n" for i in range(10_000)))
PY

echo "| input | bytes | format | seconds | peak RSS (MB) | RSS bytes per input byte |"
echo "| --- | --- | --- | --- | --- | --- |"
for input in "$work"/*.txt; do
  bytes=$(stat -c %s "$input")
  for format in epub pdf; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$warraq" convert "$input" --to "$format" -o "$work/out.$format" -q
    read -r seconds kb < "$work/time"
    awk -v name="$(basename "$input" .txt)" -v bytes="$bytes" -v format="$format" -v s="$seconds" -v kb="$kb" \
      'BEGIN { printf "| %s | %d | %s | %.2f | %.0f | %.1f |\n", name, bytes, format, s, kb / 1024, kb * 1024 / bytes }'
  done
done
