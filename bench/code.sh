#!/bin/sh
# code.sh: time automatic coding with the warm stem cache against Hunspell for every token,
# on a deterministic ~50 MB Dutch corpus (bench/gencorpus), in one run (bench/codespeed).
set -eu
MB=${MB:-50}
SLICE=${SLICE:-2}
OUT=${BENCH_DIR:-bench/out}
CODEBOOK=${CODEBOOK:-templates/codebooks/jeugdhulp.json}
mkdir -p "$OUT"
C=$OUT/corpus-$MB.txt
if [ ! -s "$C" ]; then
	echo "bench/code: generating a $MB MB corpus (seed 1)"
	bench/gencorpus --size "$MB" --seed 1 -o "$C"
fi
# MB/s per core is bytes over the coder's CPU time; the ratio compares cached and uncached
# coding of the same first $SLICE MB. codespeed exits 1 when the two give different codes.
bench/codespeed --codebook "$CODEBOOK" --slice "$SLICE" "$C"
