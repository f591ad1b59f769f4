#!/bin/sh
# run.sh - run the libFuzzer targets of samenspel for a bounded time.
#
# Usage: sh tests/fuzz/run.sh [BINDIR]
#
# Runs each target of BINDIR (default tests/fuzz/bin, made by build.sh)
# for FUZZ_SECONDS seconds (default 60; 0 only runs the corpus) on a copy
# of its committed seed corpus (tests/fuzz/corpus/TARGET). New inputs go to a scratch directory,
# never to the committed corpus; it is removed when every target passed
# (set FUZZ_KEEP=1 to keep it) and kept when one failed, for its crash
# files. Prints one line per target and a summary line; exits 1 when a
# target crashed, leaked, timed out, ran out of memory or is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
bindir=${1:-$here/bin}
secs=${FUZZ_SECONDS:-60}
targets="csv classify rules plan merge list"

case $secs in
''|*[!0-9]*)
	echo "run.sh: FUZZ_SECONDS must be a whole number of seconds" >&2
	exit 2
	;;
esac

# A sanitizer report names where it happened.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export UBSAN_OPTIONS

scratch=$(mktemp -d "${TMPDIR:-/tmp}/samenspel-fuzz.XXXXXX") || exit 1
ntargets=0
passed=0
failed=0

# The value of a libFuzzer final statistic in a log, or "?".
final_stat() {
	v=$(sed -n "s/^stat::$1: *//p" "$2" | tail -n 1)
	echo "${v:-?}"
}

for t in $targets; do
	ntargets=$((ntargets + 1))
	bin=$bindir/fuzz_$t
	dir=$scratch/$t
	mkdir -p "$dir/corpus" "$dir/artifacts"
	if [ ! -x "$bin" ]; then
		echo "fuzz_$t: FAILED: no fuzzer $bin (run tests/fuzz/build.sh)"
		failed=$((failed + 1))
		continue
	fi
	if [ -d "$here/corpus/$t" ]; then
		cp "$here/corpus/$t"/* "$dir/corpus/" 2>/dev/null
	fi
	# FUZZ_SECONDS=0 only runs the corpus (libFuzzer takes 0 as no limit).
	if [ "$secs" -eq 0 ]; then
		limit=-runs=0
	else
		limit=-max_total_time=$secs
	fi
	"$bin" "$limit" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$dir/artifacts/" "$dir/corpus" \
	    >"$dir/log" 2>&1
	rc=$?
	crashes=$(find "$dir/artifacts" -type f \( -name 'crash-*' -o \
	    -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
	cov=$(sed -n 's/.*[^a-z]cov: \([0-9]*\) ft: \([0-9]*\).*/\1 ft \2/p' \
	    "$dir/log" | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -z "$crashes" ]; then
		passed=$((passed + 1))
		echo "fuzz_$t: passed, $(final_stat number_of_executed_units \
		    "$dir/log") runs, $(final_stat average_exec_per_sec \
		    "$dir/log") exec/s, cov ${cov:-?},\
 corpus $(find "$dir/corpus" -type f | wc -l | tr -d ' ') files"
	else
		failed=$((failed + 1))
		echo "fuzz_$t: FAILED (exit $rc), log $dir/log"
		for c in $crashes; do
			echo "fuzz_$t: crash file $c"
			# A committed regression case fails when it is loaded.
			for s in "$here/corpus/$t"/*; do
				if cmp -s "$c" "$s"; then
					echo "fuzz_$t: (the same as $s)"
				fi
			done
		done
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_[a-z]+: )|runtime error' \
		    "$dir/log" |
		    head -n 5 | sed "s/^/fuzz_$t:   /"
	fi
done

echo "fuzz: $ntargets targets, $secs seconds each, $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
	echo "fuzz: scratch directory kept: $scratch"
	exit 1
fi
if [ "${FUZZ_KEEP:-0}" = 1 ]; then
	echo "fuzz: scratch directory kept: $scratch"
else
	rm -rf "$scratch"
fi
exit 0
