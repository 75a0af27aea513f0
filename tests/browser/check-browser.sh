#!/bin/sh
# make check-browser (issue 17): the HTML report and the fleet page rendered in a
# real browser (headless Chromium, Debian package chromium), a screenshot of
# each, and the rendered text (the DOM after layout) checked for what a reader
# acts on: the concrete commands, each finding's subject, the per-host table and
# its links. Not part of make check (Chromium is large); skips without it.
# Screenshots stay in tests/browser/out/ of the build tree for a look.
. "$top_srcdir/tests/lib.sh"
: "${top_builddir:?}"
[ -n "${CHROMIUM:-}" ] || CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || skip_all "chromium not found (Debian package chromium)"
[ -n "${XSLTPROC:-}" ] || skip_all "xsltproc not found"
A=$IOMMU_AUDIT
out=$top_builddir/tests/browser/out
rm -rf "$out"
mkdir -p "$out/fleet"

# browse URL WHAT...: headless Chromium, a fresh profile each time, nothing
# fetched from the network. WHAT: --screenshot=FILE or --dump-dom.
browse() {
	url=$1
	shift
	profile=$(mktemp -d "$scratch/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --window-size=1280,2000 --hide-scrollbars "$@" "$url" 2>>"$scratch/chromium.log"
}

# One host: qemu-intel-noacs (two GPUs; the first shares its group with an NVMe
# drive, so it has a blocking finding with a concrete fix).
H="$FIXTURES/hosts/qemu-intel-noacs"
"$A" check --format xml --root "$H" >"$out/report.xml" 2>/dev/null
topology=
if "$A" graph --format svg --root "$H" >"$out/topology.svg" 2>/dev/null; then
	topology=topology.svg
else
	rm -f "$out/topology.svg"
fi
"$XSLTPROC" --nonet --stringparam topology "$topology" "$top_srcdir/reports/report.xsl" "$out/report.xml" \
	>"$out/report.html"
ok $? "report.xsl renders the report"
browse "file://$out/report.html" --dump-dom >"$out/report.dom"
ok $? "Chromium renders the report page"
# The concrete commands of the report, as the browser shows them.
for want in 'driverctl set-override 0000:01:00.0 vfio-pci; driverctl set-override 0000:01:00.1 vfio-pci' \
	'driverctl set-override 0000:03:00.0 vfio-pci' \
	'Select 0000:03:00.0 (Virtio 1.0 GPU) as the primary display' \
	'Subject: </span><span class="subject">0000:01:00.0'; do
	grep -qF "$want" "$out/report.dom"
	ok $? "report page shows: $want"
done
! grep -q 'VENDOR:DEVICE,\.\.\.'"'"' for it' "$out/report.dom" ||
	grep -q 'In general: ' "$out/report.dom"
ok $? "a placeholder remedy appears only as the general note under a concrete fix"
if [ -n "$topology" ]; then
	grep -q '<img src="topology.svg"' "$out/report.dom"
	ok $? "report page embeds the topology picture"
fi
browse "file://$out/report.html" --screenshot="$out/report.png" >/dev/null
[ -s "$out/report.png" ]
ok $? "screenshot of the report: $out/report.png"

# A fleet: every golden fixture host, each with its own page beside its XML so
# the fleet page's links lead somewhere.
for d in "$FIXTURES"/hosts/qemu-*/ "$FIXTURES"/hosts/xml-qemu-3gpu/; do
	n=$(basename "$d")
	"$A" check --format xml --root "$d" >"$out/fleet/$n.xml" 2>/dev/null
	"$XSLTPROC" --nonet "$top_srcdir/reports/report.xsl" "$out/fleet/$n.xml" >"$out/fleet/$n.html"
done
(cd "$out" && "$A" fleet --format xml --no-progress fleet >"$out/fleet.xml" 2>/dev/null)
"$XSLTPROC" --nonet "$top_srcdir/reports/fleet.xsl" "$out/fleet.xml" >"$out/fleet.html"
ok $? "fleet.xsl renders the fleet summary"
browse "file://$out/fleet.html" --dump-dom >"$out/fleet.dom"
ok $? "Chromium renders the fleet page"
grep -q 'class="host-table"' "$out/fleet.dom"
ok $? "fleet page has the per-host table"
n=$(ls "$out"/fleet/*.xml | wc -l)
got=$(grep -c '<td class="mono"><a href="fleet/[^"]*\.html">' "$out/fleet.dom")
[ "$got" -eq "$n" ]
ok $? "one link per host ($got of $n)"
missing=0
for href in $(sed -n 's/.*<a href="\(fleet\/[^"]*\.html\)">.*/\1/p' "$out/fleet.dom"); do
	[ -s "$out/$href" ] || missing=$((missing + 1))
done
[ $missing -eq 0 ]
ok $? "every host link leads to its report page"
grep -q 'qemu (qemu-intel-noacs.xml)' "$out/fleet.dom"
ok $? "hosts with one hostname are told apart by file"
grep -q 'dmi-[0-9a-f]\{8\}' "$out/fleet.dom"
ok $? "fleet page shows the host ids"
browse "file://$out/fleet.html" --screenshot="$out/fleet.png" >/dev/null
[ -s "$out/fleet.png" ]
ok $? "screenshot of the fleet: $out/fleet.png"
done_testing
