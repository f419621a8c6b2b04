#!/bin/sh
# Peer benchmark: jixiao against a Python decimal implementation of the same
# rules (bench/peer.py) on the same generated NDJSON, interleaved
# (jixiao, python, jixiao, python), with the wall time and peak RSS of each
# run (GNU time) and the ratio; the outputs are compared case by case
# (bench/compare.py: totals to the last digit, grades, findings).
#
#   bench/peer.sh [indicators ...]      default: 10000 100000 1000000
#   PEER_RUNS=2                          runs of each program per size
#
# jixiao is timed on `check` (which scores and checks, as peer.py does)
# and on `eval` (scoring alone).
set -eu
cd "$(dirname "$0")/.."
sizes=${*:-10000 100000 1000000}
runs=${PEER_RUNS:-2}
work=${PEER_DIR:-$(mktemp -d)}
mkdir -p "$work"
go build -o "$work/jixiao" ./cmd/jixiao
go build -o "$work/gen" ./bench/gen

# measure NAME CMD... runs CMD, its output to $work/NAME.out, and prints
# the seconds and peak RSS it took.
measure() {
	name=$1; shift
	/usr/bin/time -q -f '%e %M' -o "$work/$name.time" "$@" > "$work/$name.out" || [ $? -eq 1 ]
	read -r secs kib < "$work/$name.time"
	echo "$secs $kib"
}

printf '%-10s %-14s %9s %10s\n' 指标数 程序 秒 峰值内存MiB
for n in $sizes; do
	in=$work/cases-$n.ndjson
	"$work/gen" -n "$n" > "$in"
	i=0
	jc=""; je=""; py=""
	while [ $i -lt "$runs" ]; do
		set -- $(measure check "$work/jixiao" check "$in"); jc="$jc $1"; jcm=$2
		printf '%-10s %-14s %9s %10s\n' "$n" "jixiao check" "$1" "$(($2 / 1024))"
		set -- $(measure py python3 bench/peer.py "$in"); py="$py $1"; pym=$2
		printf '%-10s %-14s %9s %10s\n' "$n" "python peer" "$1" "$(($2 / 1024))"
		set -- $(measure eval "$work/jixiao" eval "$in"); je="$je $1"; jem=$2
		printf '%-10s %-14s %9s %10s\n' "$n" "jixiao eval" "$1" "$(($2 / 1024))"
		i=$((i + 1))
	done
	python3 bench/compare.py "$work/eval.out" "$work/check.out" "$work/py.out"
	# The ratio of the best runs: Python's time over jixiao check's.
	best() { echo "$@" | tr ' ' '\n' | sort -n | head -1; }
	bc=$(best $jc); bp=$(best $py)
	awk -v c="$bc" -v p="$bp" -v n="$n" 'BEGIN { if (c > 0) printf "%s 个指标（各取最快一次）：Python %.2f 秒 / jixiao check %.2f 秒 = %.2f（大于 1 即 jixiao 较快）\n", n, p, c, p / c; else printf "%s 个指标：jixiao check 不足 0.01 秒\n", n }'
	rm -f "$in" "$work"/*.out
done
