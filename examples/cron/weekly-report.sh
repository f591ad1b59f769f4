#!/bin/sh
# weekly-report.sh - classify a register and write this week's report as
# one HTML page, optionally mailed.
#
# Usage: weekly-report.sh REGISTER OUTDIR [MAILTO]
#
# A crontab line for Monday 07:00:
#   0 7 * * 1  /usr/local/share/samenspel/weekly-report.sh \
#                  /data/register.csv /data/reports team@example.org
#
# The report is OUTDIR/samenspel-YYYY-MM-DD.html, written whole or not at
# all (-o renames a finished file into place). A lock keeps two runs from
# overlapping. SAMENSPEL_REPORT_OPTIONS adds options to samenspel-report,
# e.g. "-g eigenaar --transitions".
set -eu

register=${1:?usage: weekly-report.sh REGISTER OUTDIR [MAILTO]}
outdir=${2:?usage: weekly-report.sh REGISTER OUTDIR [MAILTO]}
mailto=${3-}

# cron runs with LANG=C, which would give English: the report is Dutch.
SAMENSPEL_LANG=${SAMENSPEL_LANG:-nl}
export SAMENSPEL_LANG

day=$(date +%Y-%m-%d)
report=$outdir/samenspel-$day.html

exec 9>"$outdir/.weekly-report.lock"
if ! flock -n 9; then
	echo "weekly-report: another run holds $outdir/.weekly-report.lock" >&2
	exit 1
fi

classified=$(mktemp "$outdir/.classified.XXXXXX")
trap 'rm -f "$classified"' EXIT
samenspel-classify -q -o "$classified" "$register"
# shellcheck disable=SC2086
samenspel-report -q -F html ${SAMENSPEL_REPORT_OPTIONS-} -o "$report" \
    "$classified"

if [ -n "$mailto" ]; then
	{
		printf 'To: %s\n' "$mailto"
		printf 'Subject: Samenspel weekrapport %s\n' "$day"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/html; charset=utf-8\n'
		# base64 keeps every line of the mail short, whatever the page.
		printf 'Content-Transfer-Encoding: base64\n\n'
		base64 "$report"
	} | sendmail -t
fi
