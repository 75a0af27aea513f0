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
"$XSLTPROC" --nonet "$top_srcdir/reports/report.xsl" "$scratch/f.xml" 2>/dev/null | grep -q 'Not an iommu-audit report'
ok $? "report.xsl says so when given something else"
done_testing
