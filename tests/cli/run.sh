#!/bin/sh
#
# run.sh - the command-line golden tests of samenspel.
#
# Usage: sh tests/cli/run.sh [PATTERN]
#        UPDATE=1 sh tests/cli/run.sh [PATTERN]
#
# Each case is a directory tests/cli/<command>/<case>/ holding
#
#   cmd     one shell command line, run with sh -c inside the case
#           directory, with the repository's bin/ first in PATH, LC_ALL=C,
#           and SAMENSPEL_LANG, SAMENSPEL_DELIMITER, LANG and LC_MESSAGES
#           unset (a case may set them itself);
#   stdin   (optional) fed to the command as standard input; otherwise
#           standard input is /dev/null;
#   stdout, stderr
#           the exact expected outputs (absent: empty);
#   status  the exact expected exit status (absent: 0);
#   check   (optional) an extra sh script, run after the command in the
#           case's output directory; the case fails when it fails;
#
# and whatever input files the command names. The command and the check
# script see these variables:
#
#   ROOT    the repository's root directory
#   CASE    the case directory
#   OUTDIR  the case's output directory, tests/cli/out/<command>/<case>/,
#           where files a command writes belong (never the case directory)
#
# The actual stdout, stderr and status, and the output of check, are kept
# in OUTDIR. Every case prints "ok NAME" or "FAIL NAME" with a unified
# diff of what differed; the run ends with one summary line and exits 1
# when a case failed. Only cases whose path (command/case) contains PATTERN
# run. With UPDATE=1 the actual outputs become the expected ones (review
# the change with git diff); a failing check still fails.
#
# Style of Miller's regression cases and OpenBSD's regress.
#
# With WRAPPER set (say WRAPPER="valgrind -q --error-exitcode=99"), every
# samenspel command a case runs is run under it: bin/ is replaced in PATH
# by a directory of scripts that exec the wrapper on the real commands.

LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$here/../.." && pwd) || exit 2
export ROOT
outroot=$here/out
bindir=$ROOT/bin
if [ -n "${WRAPPER-}" ]; then
	bindir=$outroot/.wrapped
	rm -rf "$bindir"
	mkdir -p "$bindir" || exit 2
	for b in "$ROOT"/bin/*; do
		printf '#!/bin/sh\nexec %s %s "$@"\n' "$WRAPPER" "$b" \
		    > "$bindir/${b##*/}"
		chmod +x "$bindir/${b##*/}"
	done
fi
pattern=${1-}
update=${UPDATE-}
[ "$update" = 0 ] && update=

ncases=0
npassed=0
nfailed=0

# same EXPECTED ACTUAL: do the files hold the same bytes? An absent
# expected file stands for an empty one.
same() {
	if [ -f "$1" ]; then
		cmp -s "$1" "$2"
	else
		[ ! -s "$2" ]
	fi
}

# show LABEL EXPECTED ACTUAL: a unified diff, indented.
show() {
	exp=$1
	[ -f "$exp" ] || exp=/dev/null
	echo "    --- $3 differs:"
	diff -u "$exp" "$2" 2>&1 | sed 's/^/    /'
}

# keep EXPECTED ACTUAL: UPDATE=1 - make the actual output the expected one.
keep() {
	if [ -s "$2" ]; then
		cp "$2" "$1"
	else
		rm -f "$1"
	fi
}

# shellcheck disable=SC2030,SC2031  # the subshells set PATH on purpose
run_case() {
	name=$1
	dir=$here/$name
	out=$outroot/$name

	rm -rf "$out"
	mkdir -p "$out" || return 1
	if [ ! -f "$dir/cmd" ]; then
		echo "no cmd file" >"$out/check.out"
		return 1
	fi
	input=/dev/null
	[ -f "$dir/stdin" ] && input=$dir/stdin
	(
		cd "$dir" || exit 125
		unset SAMENSPEL_LANG SAMENSPEL_DELIMITER LANG LC_MESSAGES
		PATH=$bindir:$PATH
		CASE=$dir
		OUTDIR=$out
		export PATH CASE OUTDIR
		exec sh -c "$(cat cmd)"
	) <"$input" >"$out/stdout" 2>"$out/stderr"
	echo $? >"$out/status"

	if [ -f "$dir/status" ]; then
		cp "$dir/status" "$out/status.expected"
	else
		echo 0 >"$out/status.expected"
	fi

	result=0
	if [ -f "$dir/check" ]; then
		(
			cd "$out" || exit 125
			unset SAMENSPEL_LANG SAMENSPEL_DELIMITER LANG \
			    LC_MESSAGES
			PATH=$bindir:$PATH
			CASE=$dir
			OUTDIR=$out
			export PATH CASE OUTDIR
			exec sh "$dir/check"
		) </dev/null >"$out/check.out" 2>&1 || result=1
	fi

	if [ -n "$update" ]; then
		for f in stdout stderr; do
			same "$dir/$f" "$out/$f" || changed="$changed $f"
			keep "$dir/$f" "$out/$f"
		done
		cmp -s "$out/status.expected" "$out/status" ||
		    changed="$changed status"
		if [ "$(cat "$out/status")" = 0 ]; then
			rm -f "$dir/status"
		else
			cp "$out/status" "$dir/status"
		fi
		return $result
	fi

	for f in stdout stderr; do
		same "$dir/$f" "$out/$f" || result=1
	done
	cmp -s "$out/status.expected" "$out/status" || result=1
	return $result
}

report_failure() {
	name=$1
	dir=$here/$name
	out=$outroot/$name

	for f in stdout stderr; do
		same "$dir/$f" "$out/$f" || show "$dir/$f" "$out/$f" "$f"
	done
	cmp -s "$out/status.expected" "$out/status" ||
	    echo "    --- status: expected $(cat "$out/status.expected")," \
	    "got $(cat "$out/status")"
	if [ -f "$dir/check" ] && [ -f "$out/check.out" ]; then
		if [ -s "$out/check.out" ] || [ -n "$update" ]; then
			echo "    --- check failed or said:"
			sed 's/^/    /' "$out/check.out"
		fi
	elif [ -s "$out/check.out" ]; then
		sed 's/^/    /' "$out/check.out"
	fi
}

for dir in "$here"/*/*/; do
	[ -d "$dir" ] || continue
	name=${dir#"$here"/}
	name=${name%/}
	case $name in
	out/*)
		continue ;;
	esac
	if [ -n "$pattern" ]; then
		case $name in
		*"$pattern"*) ;;
		*) continue ;;
		esac
	fi
	ncases=$((ncases + 1))
	changed=
	if run_case "$name"; then
		npassed=$((npassed + 1))
		if [ -n "$update" ] && [ -n "$changed" ]; then
			echo "updated $name:$changed"
		else
			echo "ok $name"
		fi
	else
		nfailed=$((nfailed + 1))
		echo "FAIL $name"
		report_failure "$name"
	fi
done

echo "cli: $ncases cases, $npassed passed, $nfailed failed"
[ "$nfailed" -eq 0 ]
