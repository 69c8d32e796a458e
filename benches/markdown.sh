#!/usr/bin/env bash
# Markdown against plain text, per kilobyte, for BENCHMARKS.md: a 200 KB
# Markdown essay (headings, emphasis, strong, links, inline code, lists, a
# quotation, a code block, a poem, a picture and footnotes in every section)
# and a 200 KB plain-text essay of the same paragraphs, each converted to
# EPUB and PDF RUNS times (default 5); prints the median wall time and the
# milliseconds per kilobyte of input.
#
#   benches/markdown.sh
#   RUNS=9 benches/markdown.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
warraq=$PWD/target/release/warraq
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=$(ls ../shared/seeds/*.txt 2>/dev/null | head -n 1 || true)
[ -n "$seed" ] || seed=examples/series/01-samarkand.txt
cp examples/markdown/khatam.png "$work/"

python3 - "$seed" "$work" <<'PY'
import sys
seed, work = sys.argv[1], sys.argv[2]
text = open(seed, encoding="utf-8-sig").read()
paragraphs = [line.strip() for line in text.splitlines() if len(line) > 200]
target = 200_000
md, txt, section = ["# مقالة طويلة للقياس", ""], ["مقالة طويلة للقياس", ""], 0
while len("\n".join(md).encode()) < target:
    section += 1
    p = [paragraphs[(section * 3 + k) % len(paragraphs)] for k in range(3)]
    words = p[0].split()
    heading = " ".join(words[:4])
    md += [f"## {heading} {section}", ""]
    txt += [f"{heading} {section}", ""]
    emphasised = " ".join(words[:3]) + " *" + " ".join(words[3:6]) + "* **" + " ".join(words[6:8]) + "** " + " ".join(words[8:])
    md += [emphasised + f"[^n{section}]", ""]
    txt += [p[0], ""]
    md += [f"- {p[1][:120]}", f"- [{words[0]} {words[1]}](https://example.org/{section}) والأمر `warraq build`", ""]
    txt += [f"- {p[1][:120]}", f"- {words[0]} {words[1]} والأمر warraq build", ""]
    md += [f"> {p[2]}", ""]
    txt += [p[2], ""]
    if section % 5 == 0:
        md += ["```verse", "أعز مكان في الدنى سرج سابح ... وخير جليس في الزمان كتاب", "```", ""]
        md += ["```toml", 'title = "رحلة الورق"', "parts = 5", "```", ""]
        md += ["![نجوم ثمانية](khatam.png)", ""]
    md += [f"[^n{section}]: {p[1][:80]}", ""]
    txt += [p[1][:80], ""]
open(f"{work}/essay.md", "w").write("\n".join(md) + "\n")
open(f"{work}/essay.txt", "w").write("\n".join(txt) + "\n")
PY

runs=${RUNS:-5}
echo "| input | bytes | format | median ms | ms per KB |"
echo "| --- | --- | --- | --- | --- |"
for input in "$work/essay.txt" "$work/essay.md"; do
  bytes=$(stat -c %s "$input")
  for format in epub pdf; do
    times=()
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      "$warraq" convert "$input" --to "$format" -o "$work/out.$format" -q
      times+=($(( ($(date +%s%N) - start) / 1000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    awk -v name="$(basename "$input")" -v bytes="$bytes" -v format="$format" -v us="$median" \
      'BEGIN { printf "| %s | %d | %s | %.1f | %.3f |\n", name, bytes, format, us / 1000, us / 1000 / (bytes / 1024) }'
  done
done
