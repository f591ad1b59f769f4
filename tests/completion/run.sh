#!/bin/sh
#
# run.sh - the tests of the bash completion, contrib/bash-completion/samenspel.
#
# Usage: sh tests/completion/run.sh
#
# Starts bash --norc --noprofile (skipped, with a message and status 0,
# when there is no bash 4 or later), sources the completion file and
#
#   - checks that complete -p prints a registration for samenspel and
#     each samenspel-* command;
#   - drives _samenspel as readline would: COMP_WORDS split at blanks and
#     at = as the default COMP_WORDBREAKS splits them, COMP_CWORD,
#     COMP_LINE, COMP_POINT, and the arguments command, word, previous
#     word; then compares COMPREPLY, sorted, with the expected words. File
#     names are completed in a temporary directory of known files; compopt
#     is replaced by a function that notes what was asked of readline;
#   - with compgen, checks that the options offered for "-" are exactly
#     those of each command's --help (when bin/ is built), and that the
#     options taking a value are those --help shows with one;
#
# and does it all again with bash-completion's own bash_completion sourced
# first, when it is installed. Every check prints "ok NAME" or "FAIL NAME"
# with what differed; the run ends with one summary line and exits 1 when
# a check failed.

LC_ALL=C
export LC_ALL

if ! command -v bash >/dev/null 2>&1; then
	echo "completion: skipped: no bash on the PATH"
	exit 0
fi
if ! bash --norc --noprofile -c '[ "${BASH_VERSINFO[0]}" -ge 4 ]' \
    2>/dev/null; then
	echo "completion: skipped: $(bash --version | sed 1q) is older" \
	    "than bash 4"
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$here/../.." && pwd) || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/samenspel-completion.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

cat > "$tmp/test.bash" <<'EOF'
# The checks, run by bash --norc --noprofile test.bash ROOT TMP MODE.
ROOT=$1
T=$2
MODE=$3
tag=''
[[ $MODE == plain ]] || tag="[$MODE] "
checks=0 passed=0 failed=0

pass()
{
	checks=$((checks + 1))
	passed=$((passed + 1))
	printf 'ok %s%s\n' "$tag" "$1"
}

fail()
{
	checks=$((checks + 1))
	failed=$((failed + 1))
	printf 'FAIL %s%s\n' "$tag" "$1"
	shift
	printf '    %s\n' "$@"
}

if [[ $MODE == bash-completion ]]; then
	# shellcheck disable=SC1091
	. /usr/share/bash-completion/bash_completion ||
	    fail "source bash_completion"
fi
# shellcheck disable=SC1091
if ! . "$ROOT/contrib/bash-completion/samenspel"; then
	fail "source contrib/bash-completion/samenspel"
fi

# Readline's compopt works only during a completion: note what is asked.
compopt()
{
	COMPOPTS+=" $*"
	return 0
}

# ---------------------------------------------------------------- complete -p
for c in samenspel samenspel-classify samenspel-steps samenspel-perspectives \
    samenspel-report; do
	out=$(complete -p "$c" 2>&1)
	if [[ $out == "complete -F _samenspel $c" ]]; then
		pass "complete -p $c"
	else
		fail "complete -p $c" "got: $out"
	fi
done

# ------------------------------------------------------------ the function
# split LINE: COMP_WORDS and COMP_CWORD as bash makes them of LINE with
# the cursor at its end: words at blanks (not in quotes or after \), and
# a run of = as a word of its own (--lang=nl is --lang, =, nl), unless
# EQ_IN_WORDS is set (a COMP_WORDBREAKS without =).
split()
{
	local line=$1 w='' c q='' i
	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ -n $q ]]; then
			w+=$c
			[[ $c == "$q" ]] && q=''
			continue
		fi
		case $c in
		"'" | '"')
			[[ $w == =* ]] && { COMP_WORDS+=("$w"); w=''; }
			q=$c
			w+=$c
			;;
		"\\")
			[[ $w == =* ]] && { COMP_WORDS+=("$w"); w=''; }
			w+=$c${line:i+1:1}
			i=$((i + 1))
			;;
		' ')
			[[ -n $w ]] && COMP_WORDS+=("$w")
			w=''
			;;
		=)
			if [[ -z ${EQ_IN_WORDS-} && -n $w && $w != =* ]]; then
				COMP_WORDS+=("$w")
				w=''
			fi
			w+='='
			;;
		*)
			[[ -z ${EQ_IN_WORDS-} && $w == =* ]] &&
			    { COMP_WORDS+=("$w"); w=''; }
			w+=$c
			;;
		esac
	done
	COMP_WORDS+=("$w")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
}

# complete LINE [POINT]: run _samenspel as bash runs it for LINE, in the
# directory of known files, with only $T/bin (PATH=... to change) on the
# PATH.
complete_line()
{
	local path=${PATH_FOR_COMPLETION:-$T/bin}
	split "${1:0:${2:-${#1}}}"
	COMP_LINE=$1
	COMP_POINT=${2:-${#1}}
	COMP_TYPE=9
	COMP_KEY=9
	COMPREPLY=()
	COMPOPTS=''
	PATH=$path _samenspel "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}"
}

sorted()
{
	[ $# -eq 0 ] || printf '%s\n' "$@" | sort
}

# expect NAME LINE WORD...: completing LINE offers exactly the WORDs.
expect()
{
	local name=$1 line=$2 got want
	shift 2
	complete_line "$line"
	got=$(sorted "${COMPREPLY[@]}")
	want=$(sorted "$@")
	if [[ $got == "$want" ]]; then
		pass "$name"
	else
		fail "$name" "line: '$line'" "want: $(printf '[%s] ' "$@")" \
		    "got:  $(printf '[%s] ' "${COMPREPLY[@]}")"
	fi
}

# expect_opt NAME OPTION: the last completion asked readline for OPTION.
expect_opt()
{
	if [[ " $COMPOPTS " == *" -o $2 "* ]]; then
		pass "$1"
	else
		fail "$1" "want compopt -o $2, got:${COMPOPTS:- none}"
	fi
}

mkdir -p "$T/bin" "$T/plugins" "$T/files/sub" || exit 2
printf '#!/bin/sh\n' > "$T/plugins/samenspel-frob"
chmod +x "$T/plugins/samenspel-frob"
cd "$T/files" || exit 2
: > 'my data.csv'
: > reg.csv
: > OLD.CSV
: > notes.txt
: > out.html

cmds=(classify forms help perspectives report steps)
themes=(knowledge network money rules communication attitude process
    monitoring openness)
fields=(id= name= initiator= owner= government_role= reaction_to=
    description= step= track= form= manual_form= date=)
classify_opts=(--dump-rules --scores --strict --ragged --crlf --bom --excel
    --excel-safe --progress --quiet --help --version --rules --jobs --map
    --delimiter --output-delimiter --encoding --lang --output --errors)
steps_opts=(--next --ragged --crlf --bom --excel --excel-safe --progress
    --quiet --help --version --form --track --plan --keep --format --jobs
    --map --delimiter --output-delimiter --encoding --lang --output --errors)
forms_opts=(--crosswalk --crlf --bom --excel --excel-safe --quiet --help
    --version --format --lang --output-delimiter --output -q -h -V -F -l
    -D -o)

# Commands.
expect "commands after samenspel" "samenspel " "${cmds[@]}"
expect "commands after samenspel, p" "samenspel p" perspectives
expect "commands after samenspel help" "samenspel help " "${cmds[@]}"
expect "commands after samenspel help, re" "samenspel help re" report
expect "nothing after samenspel help COMMAND" "samenspel help steps "
expect "options of samenspel itself" "samenspel -" -h --help -V --version
PATH_FOR_COMPLETION=$T/plugins
expect "a samenspel-NAME on the PATH is a command" "samenspel f" forms frob
PATH_FOR_COMPLETION=''
complete_line "samenspel classify" 11
got=$(sorted "${COMPREPLY[@]}")
if [[ $got == classify ]]; then
	pass "only the word before the cursor counts"
else
	fail "only the word before the cursor counts" "got: $got"
fi

# Options.
expect "options of classify, --s" "samenspel-classify --s" --scores --strict
expect "options of samenspel classify, --s" "samenspel classify --s" \
    --scores --strict
expect "long options of classify" "samenspel-classify --" \
    "${classify_opts[@]}"
expect "long options after samenspel steps" "samenspel steps --" \
    "${steps_opts[@]}"
expect "options after samenspel steps, --n" "samenspel steps --n" --next
expect "options of steps, -" "samenspel-steps -k id -" "${steps_opts[@]}" \
    -f -t -p -k -F -j -m -d -D -e -l -o -q -h -V
expect "options of perspectives, --t" "samenspel-perspectives --t" \
    --theme --table
expect "options of report, --re" "samenspel report --re" --review \
    --review-limit
expect "options of samenspel forms" "samenspel forms " "${forms_opts[@]}"
expect "options of samenspel forms, --c" "samenspel forms --c" --crosswalk \
    --crlf
expect "no options after --" "samenspel-classify -- --s"
expect "options after a -m mapping" "samenspel-classify -m name=naam --st" \
    --strict

# Values.
expect "--lang" "samenspel-classify --lang " nl en
expect "-l n" "samenspel report -l n" nl
expect "--lang=" "samenspel-steps --lang=" nl en
expect "--lang=e" "samenspel-perspectives --lang=e" en
expect "-le (attached)" "samenspel-classify -le" -len
expect "--format of report" "samenspel-report --format " csv table \
    markdown json html
expect "-F of samenspel report, m" "samenspel report -F m" markdown
expect "--format of steps" "samenspel-steps --format " csv table
expect "-F of samenspel steps" "samenspel steps -F " csv table
expect "-F of perspectives" "samenspel-perspectives -F " csv table
expect "-F of samenspel forms" "samenspel forms -F " csv table
expect "--track" "samenspel-steps --track " government society
expect "-t s" "samenspel steps -t s" society
expect "--form of steps" "samenspel-steps --form " 1 2 3 4 all
expect "-f a of perspectives" "samenspel perspectives -f a" all
expect "--theme" "samenspel-perspectives --theme " "${themes[@]}"
expect "--theme m" "samenspel-perspectives --theme m" money monitoring
expect "--theme comma list" "samenspel-perspectives --theme money,o" \
    money,openness
expect "--theme comma list, no theme twice" \
    "samenspel-perspectives --theme knowledge,money,monitoring," \
    knowledge,money,monitoring,network knowledge,money,monitoring,rules \
    knowledge,money,monitoring,communication \
    knowledge,money,monitoring,attitude knowledge,money,monitoring,process \
    knowledge,money,monitoring,openness
expect "-e" "samenspel-classify -e " utf-8 cp1252 latin1 utf-16le utf-16be
expect "--encoding=l" "samenspel steps --encoding=l" latin1
expect "-d" "samenspel-classify -d " , '\;' '\|' tab auto
expect "-D, no auto" "samenspel-report -D " , '\;' '\|' tab
expect "-d in quotes" "samenspel-classify -d '" , ';' '|' tab auto
expect "--delimiter=a" "samenspel-classify --delimiter=a" auto
expect "--map" "samenspel-classify --map " "${fields[@]}"
expect_opt "--map: no space after FIELD=" nospace
expect "-m go" "samenspel report -m go" government_role=
expect "--map=m" "samenspel-steps --map=m" manual_form=
expect "-m FIELD=: no column names" "samenspel-classify -m name="
expect "-m FIELD=c: no column names" "samenspel-classify -m name=c"
expect "--review takes a number" "samenspel-report --review "
expect "--keep takes columns" "samenspel-steps -k "

# File names.
expect "-o: every file" "samenspel-classify -o " 'my data.csv' reg.csv \
    OLD.CSV notes.txt out.html sub
expect_opt "-o: file names" filenames
expect "-o n" "samenspel report -o n" notes.txt
expect "--output=o" "samenspel-report --output=o" out.html
EQ_IN_WORDS=1
expect "--output=o, = no word break" "samenspel-report --output=o" \
    --output=out.html
expect "--lang=e, = no word break" "samenspel-steps --lang=e" --lang=en
expect "--map=d, = no word break" "samenspel-steps --map=d" \
    --map=description= --map=date=
EQ_IN_WORDS=''
expect "--errors" "samenspel-classify --errors r" reg.csv
expect "operands: CSV files first" "samenspel-classify " 'my data.csv' \
    reg.csv OLD.CSV sub
expect_opt "operands: file names" filenames
expect "operands: other files when no CSV file matches" \
    "samenspel classify n" notes.txt
expect "operands: quoted name" "samenspel-classify my\\ d" 'my data.csv'
expect "operands: after --" "samenspel-classify -- r" reg.csv
expect "operand after -o -l" "samenspel-steps -o -l r" reg.csv
expect "--rules: CSV files" "samenspel-classify --rules " 'my data.csv' \
    reg.csv OLD.CSV sub
expect "--plan: CSV files" "samenspel steps -p O" OLD.CSV
expect "--table: CSV files" "samenspel-perspectives --table m" 'my data.csv'
expect "forms reads no files" "samenspel forms -o out.html x"

# set -u in the user's shell.
out=$( (set -u
	for line in "samenspel " "samenspel help " "samenspel-classify -m " \
	    "samenspel-steps --lang=" "samenspel-report -- " \
	    "samenspel-perspectives --theme a,"; do
		complete_line "$line"
	done) 2>&1)
if [[ -z $out ]]; then
	pass "set -u"
else
	fail "set -u" "$out"
fi

# ------------------------------------------------------------ compgen and --help
# help_options HELP: the options in the option lines of HELP, one a line,
# a value-taking one followed by " ARG".
help_options()
{
	sed -n -e 's/^  \(-[A-Za-z]\), \(--[a-z-]*\) [A-Z].*/\1 ARG\
\2 ARG/p' -e 's/^  \(-[A-Za-z]\), \(--[a-z-]*\).*/\1\
\2/p' -e 's/^      \(--[a-z-]*\) [A-Z].*/\1 ARG/p' \
	    -e 's/^      \(--[a-z-]*\).*/\1/p' <<<"$1"
}

# compare_help NAME COMMAND HELP: what compgen makes of HELP's options for
# "-" is what _samenspel offers for COMMAND, and the options taking a value
# are the same.
compare_help()
{
	local name=$1 cmd=$2 help=$3 opts want got
	# _samenspel_optspec sets flags and valued.
	# shellcheck disable=SC2034
	local -a flags valued wanted_valued
	opts=$(help_options "$help")
	if [[ -z $opts ]]; then
		fail "$name: options of --help" "no option lines in its --help"
		return
	fi
	want=$(compgen -W "$(cut -d' ' -f1 <<<"$opts")" -- - | sort)
	if [[ $cmd == forms ]]; then
		complete_line "samenspel forms -"
	else
		complete_line "samenspel-$cmd -"
	fi
	got=$(sorted "${COMPREPLY[@]}")
	if [[ $got == "$want" ]]; then
		pass "$name: compgen of --help's options"
	else
		fail "$name: compgen of --help's options" \
		    "only in --help: $(comm -23 <(echo "$want") <(echo "$got") |
		    tr '\n' ' ')" \
		    "only completed: $(comm -13 <(echo "$want") <(echo "$got") |
		    tr '\n' ' ')"
	fi
	mapfile -t wanted_valued < <(sed -n 's/ ARG$//p' <<<"$opts" | sort)
	_samenspel_optspec "$cmd"
	want=$(sorted "${wanted_valued[@]}")
	got=$(sorted "${valued[@]}")
	if [[ $got == "$want" ]]; then
		pass "$name: options taking a value"
	else
		fail "$name: options taking a value" "--help: $want" \
		    "completion: $got"
	fi
}

if [[ -x $ROOT/bin/samenspel ]]; then
	for c in classify steps perspectives report; do
		if ! help=$("$ROOT/bin/samenspel-$c" --help 2>&1); then
			fail "samenspel-$c --help" "$help"
			continue
		fi
		compare_help "samenspel-$c" "$c" "$help"
	done
	if help=$("$ROOT/bin/samenspel" --help 2>&1); then
		compare_help "samenspel forms" forms \
		    "$(sed -n '/^Options of samenspel forms:/,$p' <<<"$help")"
	else
		fail "samenspel --help" "$help"
	fi
else
	printf 'note: %s\n' "bin/ is not built: no comparison with --help"
fi

# One that compgen runs itself: the command list of samenspel help, as
# compgen -F would produce it (compgen -F sets no COMP_WORDS, so set them
# through a wrapper).
_samenspel_help_words()
{
	COMP_WORDS=(samenspel help "$2")
	COMP_CWORD=2
	COMP_LINE="samenspel help $2"
	COMP_POINT=${#COMP_LINE}
	PATH=$T/bin _samenspel samenspel "$2" help
}
got=$(compgen -F _samenspel_help_words -- s 2>/dev/null | sort)
if [[ $got == "$(printf '%s\n' steps)" ]]; then
	pass "compgen -F: samenspel help s"
else
	fail "compgen -F: samenspel help s" "got: $got"
fi

printf 'counts %d %d %d\n' "$checks" "$passed" "$failed"
EOF

modes=plain
if [ -f /usr/share/bash-completion/bash_completion ]; then
	modes="plain bash-completion"
else
	echo "note: bash-completion is not installed: its pass is skipped"
fi

status=0
: > "$tmp/out"
for mode in $modes; do
	rm -rf "$tmp/work"
	mkdir "$tmp/work" || exit 2
	bash --norc --noprofile "$tmp/test.bash" "$ROOT" "$tmp/work" "$mode" \
	    </dev/null > "$tmp/mode.out" 2>&1 || status=1
	grep -v '^counts ' "$tmp/mode.out"
	if ! grep '^counts ' "$tmp/mode.out" >> "$tmp/out"; then
		echo "FAIL [$mode] the checks did not run to the end"
		echo "counts 1 0 1" >> "$tmp/out"
	fi
done
awk -v status="$status" '
	{ n += $2; p += $3; f += $4 }
	END {
		printf "completion: %d checks, %d passed, %d failed\n", n, p, f
		exit (f > 0 || n == 0 || status != 0)
	}' "$tmp/out"
