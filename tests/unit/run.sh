#!/bin/sh
# run.sh - run the cmocka unit test binaries of libsamenspel.
#
# Usage: sh tests/unit/run.sh BINARY...
#
# Each binary runs from the repository root (the tests read their data,
# such as tests/data/labelled.csv, relative to it), with LC_ALL=C and no
# SAMENSPEL_* variable set, so that neither the caller's locale nor their
# settings change a result. Every suite's output is printed; the last line
# sums up, e.g. "unit: 5 suites, 5 passed, 0 failed". The exit status is 1
# when a suite failed (or could not run), 0 otherwise.

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 1

# Unset every SAMENSPEL_* variable of the environment.
for var in $(env | sed -n 's/^\(SAMENSPEL_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$var"
done
LC_ALL=C
export LC_ALL

suites=0
passed=0
failed=0
failures=

for bin in "$@"; do
	suites=$((suites + 1))
	# Binaries are named relative to where we were started.
	case $bin in
	/*)	path=$bin ;;
	*)	path=$(pwd)/$bin ;;
	esac
	name=$(basename "$bin")
	echo "== $name"
	if [ ! -x "$path" ]; then
		echo "$name: not found or not executable: $bin"
		status=127
	else
		(cd "$root" && exec "$path") 2>&1
		status=$?
	fi
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $name"
		if [ "$status" -gt 128 ]; then
			echo "$name: killed by signal $((status - 128))"
		else
			echo "$name: exit status $status"
		fi
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "unit: $suites suites, $passed passed, $failed failed"
[ "$failed" -eq 0 ]
