#!/bin/sh
# Check that each command's --help and man page name the same options, and
# run every example of the man pages' EXAMPLES sections.
top=$(cd "$(dirname "$0")/../.." && pwd)
PATH=$top/bin:$PATH
export PATH
unset SAMENSPEL_LANG SAMENSPEL_DELIMITER LANG LC_MESSAGES
LC_ALL=C
export LC_ALL
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

for page in "$top"/man/*.1; do
	cmd=$(basename "$page" .1)
	[ -x "$top/bin/$cmd" ] || continue
	# Options in --help: -x and --long, as the option column shows them.
	"$cmd" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z-]+|^ +-[A-Za-z]' |
	    tr ',' '\n' | sed 's/^ *//' | sort -u > "$work/help"
	for opt in $(cat "$work/help"); do
		case $opt in
		--*) pat="Fl -${opt#--}" ;;
		*) pat="Fl ${opt#-}" ;;
		esac
		if grep -q -- "$pat\\b" "$page"; then ok; else
			bad "$cmd: $opt is in --help but not in $cmd.1"
		fi
	done
	# Options the man page lists in its option list (.It Fl ...).
	grep -oE '^\.It Fl -?[a-z-]+|, Fl -[a-z-]+' "$page" |
	    sed 's/.*Fl /-/' | sort -u > "$work/man"
	for opt in $(cat "$work/man"); do
		if grep -qx -- "$opt" "$work/help"; then ok; else
			bad "$cmd: $opt is in $cmd.1 but not in --help"
		fi
	done
done

# EXAMPLES: each literal block is a script, run on a copy of the example
# register in a scratch directory.
n=0
for page in "$top"/man/*.[137]; do
	awk '/^\.Sh EXAMPLES/ { ex = 1; next }
	    /^\.Sh / { ex = 0 }
	    ex && /^\.Bd -literal/ { inb = 1; n++; next }
	    ex && /^\.Ed/ { inb = 0; next }
	    ex && inb { gsub(/\\e/, "\\"); print > (dir "/ex" n ".sh") }' \
	    dir="$work" "$page"
	for ex in "$work"/ex*.sh; do
		[ -f "$ex" ] || continue
		n=$((n + 1))
		rm -rf "$work/run"
		mkdir "$work/run"
		cp "$top/examples/register.csv" "$work/run/"
		if (cd "$work/run" && sh -e "$ex" > "$work/out" 2>&1); then
			ok
		else
			bad "$(basename "$page") example:"
			sed 's/^/    /' "$ex"
			sed 's/^/  | /' "$work/out"
		fi
		rm -f "$ex"
	done
done
# The README's tutorial: its register, classified and reported, gives the
# table the README shows (up to its "...").
mkdir -p "$work/tut"
awk '/^    cat > register.csv <<.EOF.$/ { on = 1; next }
    on && /^    EOF$/ { exit }
    on { print substr($0, 5) }' "$top/README.md" > "$work/tut/register.csv"
awk '/^    samenspel-report -F table classified.csv$/ { on = 1; next }
    on && /^    \.\.\.$/ { exit }
    on && NF { print substr($0, 5) }' "$top/README.md" > "$work/tut/want"
if [ -s "$work/tut/register.csv" ] && [ -s "$work/tut/want" ] &&
    (cd "$work/tut" && samenspel-classify register.csv > classified.csv &&
    samenspel-report -F table classified.csv |
    head -n "$(wc -l < want)" > got) &&
    cmp -s "$work/tut/want" "$work/tut/got"; then ok; else
	bad "README.md tutorial: the report differs from what it shows"
	diff "$work/tut/want" "$work/tut/got" | sed 's/^/  | /'
fi
echo "doc: $((pass + fail)) checks, $pass passed, $fail failed ($n examples)"
[ "$fail" -eq 0 ]
