#!/bin/sh
# run.sh - throughput of samenspel beside cat, a bare libcsv parse and
# Miller, on one generated register. Prints a table: median of RUNS
# runs, MB/s of input, ratio to the libcsv baseline and to Miller, and
# the peak resident set. BENCH_ROWS sets the size (default 1,000,000),
# BENCH_RUNS the runs (default 3), BENCH_DIR where the files go.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
rows=${BENCH_ROWS:-1000000}
runs=${BENCH_RUNS:-3}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/samenspel-bench}
bin=$top/tests/bench
PATH=$top/bin:$PATH
LC_ALL=C
export PATH LC_ALL
unset SAMENSPEL_LANG SAMENSPEL_DELIMITER

mkdir -p "$dir"
reg=$dir/register-$rows.csv
# Made again when the generator changed since.
[ -s "$reg" ] && [ "$reg" -nt "$bin/gen" ] || "$bin/gen" "$rows" > "$reg"
cls=$dir/classified-$rows.csv
samenspel-classify "$reg" > "$cls"
small=$dir/register-10000.csv
[ -s "$small" ] && [ "$small" -nt "$bin/gen" ] || "$bin/gen" 10000 > "$small"
sh "$bin/extra-rules.sh" 1000 > "$dir/rules-1000.csv"
size=$(wc -c < "$reg")
csize=$(wc -c < "$cls")

echo "samenspel bench: $rows rows, $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB register ($(date -u +%Y-%m-%d), $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1))"

# name, bytes of input, command
results=$dir/results
: > "$results"
measure() {
	out=$("$bin/measure" "$runs" "$3") || { echo "bench: failed: $1"; exit 1; }
	printf '%s\t%s\t%s\n' "$1" "$2" "$out" >> "$results"
}
measure "cat" "$size" "cat '$reg' > /dev/null"
measure "libcsv parse (baseline)" "$size" "'$bin/csvcount' < '$reg' > /dev/null"
if command -v mlr > /dev/null 2>&1; then
	measure "mlr --csv cat" "$size" "mlr --csv cat '$reg' > /dev/null"
else
	echo "bench: mlr not found (Debian package miller): no Miller column"
fi
measure "samenspel-classify" "$size" "samenspel-classify '$reg' > /dev/null"
measure "classify -j 1" "$size" "samenspel-classify -j 1 '$reg' > /dev/null"
measure "classify + report" "$size" \
    "samenspel-classify '$reg' | samenspel-report > /dev/null"
measure "samenspel-report" "$csize" "samenspel-report '$cls' > /dev/null"
measure "samenspel-steps" "$csize" "samenspel-steps -q '$cls' > /dev/null"
measure "samenspel-perspectives" "$csize" \
    "samenspel-perspectives -q '$cls' > /dev/null"
measure "classify, +1000 rules" "$size" \
    "samenspel-classify -r '$dir/rules-1000.csv' '$reg' > /dev/null"
# The rule count's cost: the median ratio of runs with and without the
# extra rules, taken in turns, so that a noisy machine slows both alike.
pairs=$dir/pairs
: > "$pairs"
i=0
while [ "$i" -lt "$runs" ]; do
	a=$("$bin/measure" 1 "samenspel-classify '$reg' > /dev/null")
	b=$("$bin/measure" 1 \
	    "samenspel-classify -r '$dir/rules-1000.csv' '$reg' > /dev/null")
	echo "${a%% *} ${b%% *}" >> "$pairs"
	i=$((i + 1))
done
rules_ratio=$(awk '{ print $2 / $1 }' "$pairs" | sort -n | awk '
	{ r[NR] = $1 }
	END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
measure "classify, 10,000 rows" "$(wc -c < "$small")" \
    "samenspel-classify '$small' > /dev/null"

awk -F'\t' '
	{ name[NR] = $1; bytes[NR] = $2; split($3, m, " ");
	  t[NR] = m[1]; rss[NR] = m[2]; mbs[NR] = $2 / 1e6 / m[1] }
	$1 ~ /^libcsv/ { base = NR }
	$1 ~ /^mlr/ { mlr = NR }
	$1 == "samenspel-classify" { cls = NR }
	$1 ~ /^classify \+ report/ { pipe = NR }
	$1 ~ /^samenspel-report/ { rep = NR }
	$1 ~ /1000 rules/ { more = NR }
	$1 ~ /10,000 rows/ { small = NR }
	END {
		printf "\n%-24s %9s %9s %9s %9s %9s\n", "command", "median s",
		    "MB/s", "x libcsv", "x mlr", "RSS MiB"
		for (i = 1; i <= NR; i++)
			printf "%-24s %9.3f %9.1f %9.2f %9s %9.1f\n", name[i],
			    t[i], mbs[i], mbs[i] / mbs[base],
			    mlr ? sprintf("%.2f", mbs[i] / mbs[mlr]) : "-",
			    rss[i] / 1024
		printf "\ntargets (as ratios of this run):\n"
		check("classify >= 0.70 x libcsv", mbs[cls] / mbs[base] >= 0.70)
		if (mlr)
			check("classify >= 1.8 x mlr", mbs[cls] / mbs[mlr] >= 1.8)
		check("classify | report >= 0.55 x libcsv",
		    mbs[pipe] / mbs[base] >= 0.55)
		check("classify and report RSS <= 8 MiB",
		    rss[cls] <= 8192 && rss[rep] <= 8192)
		check("RSS at 10,000 rows within 1 MiB of 1,000,000",
		    rss[cls] - rss[small] <= 1024 && rss[small] - rss[cls] <= 1024)
		check(sprintf("+1000 rules within 1.15 x the time (%.2f)",
		    ratio), ratio <= 1.15)
	}
	function check(what, ok) { printf "  %-48s %s\n", what, ok ? "met" : "NOT met" }
' ratio="$rules_ratio" "$results"
