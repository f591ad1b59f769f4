#!/bin/sh
# Render the HTML report in headless Chromium and check what a reader sees:
# one bar per form that occurs, and markup in the input shown as text.
top=$(cd "$(dirname "$0")/../.." && pwd)
PATH=$top/bin:$PATH
LC_ALL=C
export PATH LC_ALL
unset SAMENSPEL_LANG SAMENSPEL_DELIMITER LANG LC_MESSAGES

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "browser: no chromium found" >&2
	exit 1
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() {
	if [ "$1" = "$2" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $3: expected '$1', got '$2'"
	fi
}

# A register with hostile names: they land in the review list (form 0).
cat > "$work/register.csv" <<'CSV'
nr,naam,eigenaar,omschrijving
1,<script>alert(1)</script>,,
2,"<img src=x onerror=""alert(2)"">",,
3,Fietspad,gemeente,
4,Moestuin,bewoners,
5,Windpark,gemeente,
CSV
samenspel-classify "$work/register.csv" > "$work/classified.csv" || exit 1
samenspel-report -F html -g eigenaar "$work/classified.csv" > "$work/report.html" ||
    exit 1

dump() {
	# The flags keep a browser without network from calling home.
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$work/profile" --dump-dom "file://$1" \
	    2>/dev/null
}
dump "$work/report.html" > "$work/dom.html"

# Forms present in the register, from the CSV report.
forms=$(samenspel-report "$work/classified.csv" |
    awk -F, '$1 == "form" && $4 > 0' | wc -l | tr -d ' ')
bars=$(grep -o '<rect class="bar' "$work/dom.html" | wc -l | tr -d ' ')
check "$forms" "$bars" "one bar per form present"
check 3 "$forms" "forms in the test register"

# The DOM has the names as text, and no element the input brought in.
check 1 "$(grep -c '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/dom.html")" \
    "script name shown as text"
check 0 "$(grep -c '<script' "$work/dom.html")" "no script element"
check 0 "$(grep -c '<img' "$work/dom.html")" "no img element"
check 1 "$(grep -c 'Samenspel report: 5 rows' "$work/dom.html")" "title rendered"

echo "browser: $((pass + fail)) checks, $pass passed, $fail failed"
[ "$fail" -eq 0 ]
