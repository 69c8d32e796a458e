#!/usr/bin/env bash
# Series build benchmark: generates an N-part series from our own example
# parts (renumbered), then times `warraq build` with 1 and 2 jobs, and
# measures the peak memory of an omnibus build.
#
# usage: bash benches/series.sh [N...]      (default: 10 100 1000)
# needs: hyperfine, /usr/bin/time (Debian packages hyperfine, time)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
warraq=$PWD/target/release/warraq
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

generate() { # N DIR
  mkdir -p "$2"
  local parts=(examples/series/01-samarkand.txt examples/series/02-baghdad-market.txt examples/series/04-binding.txt
               examples/series/03-ink.txt examples/series/05-print.txt)
  for ((i = 1; i <= $1; i++)); do
    local source=${parts[$(( (i - 1) % 5 ))]}
    { echo "رحلة الورق من سمرقند إلى بغداد، الجزء $i"; tail -n +2 "$source"; } > "$2/part-$i.txt"
  done
}

for n in "${@:-10 100 1000}"; do
  for count in $n; do
    dir="$work/series-$count"
    generate "$count" "$dir"
    echo "== $count parts to EPUB and PDF"
    hyperfine -N --warmup 1 --runs 5 \
      "$warraq build $dir --to epub,pdf --out $work/out1 --force --jobs 1" \
      "$warraq build $dir --to epub,pdf --out $work/out2 --force --jobs 2" 2>&1 | grep -E "Time|±|faster|build"
    echo "== $count parts and the omnibus (EPUB and PDF), 2 jobs, peak memory"
    /usr/bin/time -v "$warraq" build "$dir" --to epub,pdf --out "$work/omni" --force --omnibus --jobs 2 2>&1 \
      | grep -E "Maximum resident|Elapsed" || true
  done
done
