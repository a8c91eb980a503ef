#!/usr/bin/env bash
# One row of the performance table in README.md: build the same made-up corpus with Insyn
# and, when given, with Zola and Hugo, in one run, best of 3 (wall time and peak memory).
#
#   bench/compare.sh PAGES [--blocks]
#
# INSYN (default target/release/insyn; build it with `cargo build --release`), ZOLA and HUGO
# name the binaries; a tool that is not named is left out. TMPDIR=/dev/shm keeps the disk
# out of the figures. RUNS sets how many builds each tool gets (default 3).
set -euo pipefail
pages=${1:?usage: bench/compare.sh PAGES [--blocks]}
mode=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
insyn=$(realpath "${INSYN:-$here/../target/release/insyn}")
runs=${RUNS:-3}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/corpus.py" "$pages" "$work/corpus" $mode >/dev/null

# best NAME DIR CMD...: the fastest of the runs, as "seconds MiB"
best() {
    local name=$1 dir=$2; shift 2
    local best_s="" best_kb=0
    for _ in $(seq "$runs"); do
        rm -rf "$work/out-$name"
        (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err") ||
            { cat "$work/err" >&2; echo "$name failed" >&2; exit 1; }
        read -r s kb <"$work/time"
        if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
    done
    echo "$best_s $((best_kb / 1024))"
}

read -r is im < <(best insyn "$work/corpus/site" "$insyn" build --output "$work/out-insyn")
row="| ${mode:-plain} | $pages | $is s, $im MiB"
if [ -n "${ZOLA:-}" ]; then
    read -r zs zm < <(best zola "$work/corpus/zola" "$ZOLA" build --output-dir "$work/out-zola")
    row="$row | $zs s, $zm MiB"
else
    row="$row | –"
fi
if [ -n "${HUGO:-}" ]; then
    read -r hs hm < <(best hugo "$work/corpus/hugo" "$HUGO" --quiet -d "$work/out-hugo")
    row="$row | $hs s, $hm MiB"
else
    row="$row | –"
fi
ratio() { awk -v a="$1" -v b="$is" 'BEGIN{ if (a == "" || b <= 0) print "–"; else printf "%.1f×", a / b }'; }
echo "$row | $(ratio "${zs:-}") | $(ratio "${hs:-}") |"
