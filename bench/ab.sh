#!/usr/bin/env bash
# Two builds of Insyn on the same made-up corpus, one after the other in turn, and the median
# of the ratios of each pair: how much faster (or slower) NEW is than OLD. On a machine whose
# speed drifts (a shared or virtual one), a best-of-3 table cannot show a change of 5 or 10 %;
# pairs run side by side in time can.
#
#   bench/ab.sh OLD_INSYN NEW_INSYN PAGES [--blocks]
#
# OLD_INSYN and NEW_INSYN are two `insyn` binaries (copy target/release/insyn aside before a
# change). RUNS sets how many pairs (default 11); TMPDIR=/dev/shm keeps the disk out of the
# figures. Prints each one's median wall and CPU seconds and the median NEW/OLD ratios.
set -euo pipefail
old=$(realpath "${1:?usage: bench/ab.sh OLD_INSYN NEW_INSYN PAGES [--blocks]}")
new=$(realpath "${2:?usage: bench/ab.sh OLD_INSYN NEW_INSYN PAGES [--blocks]}")
pages=${3:?usage: bench/ab.sh OLD_INSYN NEW_INSYN PAGES [--blocks]}
mode=${4:-}
runs=${RUNS:-11}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/corpus.py" "$pages" "$work/corpus" $mode >/dev/null

# one BINARY: "wall cpu" of one build into a fresh folder (bash's own `time`: wall, user and
# system seconds of the build)
one() {
    rm -rf "$work/out"
    local TIMEFORMAT='%R %U %S'
    { time (cd "$work/corpus/site" && "$1" build --output "$work/out" >/dev/null 2>"$work/err"); } 2>"$work/time" ||
        { cat "$work/err" >&2; echo "$1 failed" >&2; exit 1; }
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

one "$old" >/dev/null # warm the page cache for both
: >"$work/pairs"
for i in $(seq "$runs"); do
    # Half the pairs start with the new binary, so that neither always runs second.
    if [ $((i % 2)) -eq 0 ]; then
        one "$old" >"$work/o"
        one "$new" >"$work/n"
    else
        one "$new" >"$work/n"
        one "$old" >"$work/o"
    fi
    read -r ow oc <"$work/o"
    read -r nw nc <"$work/n"
    echo "$ow $oc $nw $nc" >>"$work/pairs"
done
col() { awk "{ print \$$1 }" "$work/pairs" | median; }
ratio() { awk "{ if (\$$1 > 0) printf \"%.4f\n\", \$$2 / \$$1 }" "$work/pairs" | median; }
echo "pages $pages ${mode:-plain}, $runs pairs"
echo "old: wall $(col 1) s, cpu $(col 2) s (medians)"
echo "new: wall $(col 3) s, cpu $(col 4) s (medians)"
echo "new/old: wall $(ratio 1 3), cpu $(ratio 2 4) (median of the pairs' ratios)"
