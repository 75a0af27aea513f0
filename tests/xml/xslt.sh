#!/bin/sh
# The HTML views: reports/report.xsl and reports/fleet.xsl under xsltproc give a
# page that parses as HTML and shows what the XML says (host, each judged
# device and its verdicts, each finding's title from the catalogue; the fleet's
# counts and models).
. "$top_srcdir/tests/xml/lib-xml.sh"
[ -n "${XSLTPROC:-}" ] || skip_all "xsltproc not found"
[ -n "${XMLLINT:-}" ] || skip_all "xmllint not found"
A=$IOMMU_AUDIT
host="$FIXTURES/hosts/xml-qemu-3gpu"
"$A" check --format xml --root "$host" >"$scratch/r.xml" 2>/dev/null
"$XSLTPROC" --nonet "$top_srcdir/reports/report.xsl" "$scratch/r.xml" >"$scratch/r.html" 2>"$scratch/err"
ok $? "report.xsl transforms a report"
"$XMLLINT" --html --noout "$scratch/r.html" 2>"$scratch/err"
[ ! -s "$scratch/err" ]
ok $? "report page is clean HTML"
grep -q '<title>iommu-audit: xml-qemu-3gpu</title>' "$scratch/r.html"
ok $? "report page names the host"
for bdf in $(xpath "$scratch/r.xml" "//*[local-name()='device']/@bdf" | sed 's/ bdf="\([^"]*\)"/\1 /g'); do
	grep -q "id=\"dev-$bdf\"" "$scratch/r.html"
	ok $? "report page has a section for $bdf"
done
n=$(grep -c 'class="badge blocked"' "$scratch/r.html")
want=$(xpath "$scratch/r.xml" "count(//*[local-name()='verdict'][@status='blocked'])")
[ "$n" = "$want" ]
ok $? "report page shows every blocked verdict ($n, want $want)"
xpath "$scratch/r.xml" "//*[local-name()='entry']/*[local-name()='title']/text()" >"$scratch/titles"
while IFS= read -r title; do
	t=$(printf '%s' "$title" | sed "s/'/\&#39;/g; s/&/\&amp;/g")
	grep -qF "$title" "$scratch/r.html" || grep -qF "$t" "$scratch/r.html"
	ok $? "report page explains: $title"
done <"$scratch/titles"

# Issue 17, point 1: each finding's subject and concrete action, not the
# catalogue's VENDOR:DEVICE/BDF placeholders; the host before the devices.
# Every <action> of the report is on the page, as are the subjects.
xpath "$scratch/r.xml" "//*[local-name()='device']/*[local-name()='finding']/*[local-name()='action']/text()" >"$scratch/actions"
[ -s "$scratch/actions" ]
ok $? "the report has concrete actions to show"
while IFS= read -r action; do
	t=$(printf '%s' "$action" | sed "s/&/\&amp;/g; s/'/\&#39;/g")
	grep -qF "$t" "$scratch/r.html" || grep -qF "$action" "$scratch/r.html"
	ok $? "report page shows the action: $(printf '%s' "$action" | cut -c1-50)"
done <"$scratch/actions"
grep -q 'Subject: .*0000:00:01.0' "$scratch/r.html"
ok $? "report page names each finding's subject"
h=$(grep -n '<h2>Host</h2>' "$scratch/r.html" | cut -d: -f1)
d=$(grep -n '<h2>Device details</h2>' "$scratch/r.html" | cut -d: -f1)
[ -n "$h" ] && [ -n "$d" ] && [ "$h" -lt "$d" ]
ok $? "host summary before the device details"
grep -q '@media print' "$scratch/r.html"
ok $? "report page has print rules"
# Host findings blocking first: in xml-qemu-3gpu they are warn, block, block,
# block, info in the XML; the page starts with the blocks.
sed -n '/<h2>Host findings<\/h2>/,/<h2>Device details/p' "$scratch/r.html" |
	sed -n 's/.*class="finding sev-\([a-z]*\)".*/\1/p' | tr '\n' ' ' >"$scratch/order"
grep -q '^block block block warn' "$scratch/order"
ok $? "host findings blocking first ($(cat "$scratch/order"))"

mkdir -p "$scratch/fleet"
for k in 1 2; do
	sed "s/hostname=\"xml-qemu-3gpu\"/hostname=\"h$k\"/" "$scratch/r.xml" >"$scratch/fleet/h$k.xml"
done
"$A" check --format xml --root "$FIXTURES/hosts/firecracker-noiommu" >"$scratch/fleet/vm.xml" 2>/dev/null
"$A" fleet --format xml --no-progress "$scratch/fleet" >"$scratch/f.xml" 2>/dev/null
"$XSLTPROC" --nonet "$top_srcdir/reports/fleet.xsl" "$scratch/f.xml" >"$scratch/f.html" 2>"$scratch/err"
ok $? "fleet.xsl transforms a fleet summary"
"$XMLLINT" --html --noout "$scratch/f.html" 2>"$scratch/err"
[ ! -s "$scratch/err" ]
ok $? "fleet page is clean HTML"
grep -q '3 reports read, 0 skipped' "$scratch/f.html"
ok $? "fleet page counts the reports"
grep -q '1234:1111' "$scratch/f.html" && grep -q '1b36:0100' "$scratch/f.html"
ok $? "fleet page lists the GPU models"
grep -q 'h1, h2' "$scratch/f.html"
ok $? "fleet page names the hosts a blocking finding affects"
# Point 2: the per-host table with verdict, GPUs, first blocker and a link to
# each host's own report (report-ext .html by default).
grep -q 'class="host-table"' "$scratch/f.html"
ok $? "fleet page has the per-host table"
for k in 1 2; do
	grep -q "href=\"$scratch/fleet/h$k.html\"" "$scratch/f.html"
	ok $? "fleet page links to h$k's report"
done
grep -q 'DEVICE_NO_IOMMU_GROUP' "$scratch/f.html"
ok $? "fleet page shows a host's first blocker"
"$XSLTPROC" --nonet "$top_srcdir/reports/report.xsl" "$scratch/f.xml" 2>/dev/null | grep -q 'Not an iommu-audit report'
ok $? "report.xsl says so when given something else"
done_testing
