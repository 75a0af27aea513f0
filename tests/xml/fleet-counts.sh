#!/bin/sh
# fleet's per-host and per-device counts against a fixed set of reports
# (issue 20, item 4). Three reports of two fixture hosts: qemu-intel-vfio as it
# is (two GPUs, kvm warn and warn), xml-qemu-3gpu as it is (five GPUs: warn,
# warn, blocked, ...), and a copy of qemu-intel-vfio whose every kvm verdict
# is unreadable (status="garbled", no value of the schema). A verdict that
# cannot be read counts as "unknown" (reports/fleet-aggregate.c), never as
# "ready": the expected output has that host under "unknown" and its two GPUs
# in the unknown column of their models. The other counts are the reports' own
# verdicts (check --format xml on the fixtures, themselves golden-tested).
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
R="$scratch/reports"
mkdir -p "$R"
SOURCE_DATE_EPOCH=0 "$A" check --format xml --root "$FIXTURES/hosts/qemu-intel-vfio" >"$R/a.xml" 2>/dev/null
SOURCE_DATE_EPOCH=0 "$A" check --format xml --root "$FIXTURES/hosts/xml-qemu-3gpu" >"$R/b.xml" 2>/dev/null
sed -e 's/<verdict hypervisor="kvm" status="[a-z]*"/<verdict hypervisor="kvm" status="garbled"/' \
	-e 's/ hostname="\([^"]*\)"/ hostname="\1-garbled"/' "$R/a.xml" >"$R/c.xml"
n=$(grep -c 'status="garbled"' "$R/c.xml")
[ "$n" -eq 2 ]
ok $? "the garbled copy has two unreadable kvm verdicts ($n)"
for fmt in text csv; do
	(cd "$scratch" && "$A" fleet --no-progress --format $fmt reports) >"$scratch/out.$fmt" 2>"$scratch/err"
	rc=$?
	[ $rc -eq 0 ]
	ok $? "fleet --format $fmt exits 0 (got $rc)"
	diff -u "$top_srcdir/tests/xml/fleet-counts.$fmt" "$scratch/out.$fmt" >"$scratch/diff"
	ok $? "fleet --format $fmt: counts equal tests/xml/fleet-counts.$fmt"
	[ -s "$scratch/diff" ] && diag "$(head -30 "$scratch/diff")"
done
tr -d '\r' <"$scratch/out.csv" | grep -q '^hosts,kvm,,unknown,1,$'
ok $? "the host whose verdicts are unreadable counts as unknown"
tr -d '\r' <"$scratch/out.csv" | grep -q '^hosts,kvm,,ready,0,$'
ok $? "and no host counts as ready"
done_testing
