#!/bin/sh
# fleet over a directory of good reports (every fixture host, and copies under
# other hostnames) mixed with broken and foreign files: the bad ones are named
# on stderr and skipped, the counts agree with the reports themselves, and every
# output format is well-formed (the XML one valid).
. "$top_srcdir/tests/xml/lib-xml.sh"
A=$IOMMU_AUDIT
R="$scratch/reports"
mkdir -p "$R/rack1" "$R/rack2/deeper"
good=0
first=
for dir in "$FIXTURES"/hosts/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	"$A" check --format xml --root "$dir" >"$R/rack1/$name.xml" 2>/dev/null
	good=$((good + 1))
	[ -n "$first" ] || first="$R/rack1/$name.xml"
	for k in 1 2 3; do
		sed "s/ hostname=\"\([^\"]*\)\"/ hostname=\"\1-copy$k\"/" "$R/rack1/$name.xml" >"$R/rack2/deeper/$name-$k.xml"
		good=$((good + 1))
	done
done
# The bad: truncated, empty, not XML, another vocabulary, a future major
# version, a fleet summary, and a report without its host.
head -c 400 "$first" >"$R/rack2/truncated.xml"
: >"$R/rack2/empty.xml"
printf 'hostname,verdict\nx,ready\n' >"$R/rack2/csv-named.xml"
printf '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n' >"$R/rack1/foreign.xml"
sed 's/urn:iommu-audit:report:1/urn:iommu-audit:report:2/' "$first" >"$R/rack1/future.xml"
"$A" fleet --format xml --no-progress "$R/rack1/$(basename "$first")" >"$R/rack1/summary.xml" 2>/dev/null
printf '<report xmlns="urn:iommu-audit:report:1" schema-version="1.0"/>\n' >"$R/rack2/no-host.xml"
bad="rack2/truncated.xml rack2/empty.xml rack2/csv-named.xml rack1/foreign.xml rack1/future.xml rack1/summary.xml rack2/no-host.xml"
nbad=7
cp "$first" "$R/rack1/not-a-report.txt" # not *.xml: a directory walk ignores it

"$A" fleet --no-progress "$R" >"$scratch/out.txt" 2>"$scratch/err.txt"
rc=$?
[ $rc -eq 1 ]
ok $? "skipped files give exit status 1 (got $rc)"
for b in $bad; do
	grep -q "$R/$b: skipped: " "$scratch/err.txt"
	ok $? "stderr names $b"
done
[ "$(grep -c 'skipped: ' "$scratch/err.txt")" -eq $nbad ]
ok $? "exactly the $nbad bad files are reported"
grep -q "^Fleet: $good reports read, $nbad skipped; verdicts for kvm" "$scratch/out.txt"
ok $? "the summary counts $good reports and $nbad skipped"
[ $good -gt 0 ] && head -3 "$scratch/out.txt" | sed 's/^/# /'

total=$(awk '/^Hosts by verdict/{f=1; next} f&&/^$/{exit} f{s+=$2} END{print s+0}' "$scratch/out.txt")
[ "$total" -eq $good ]
ok $? "hosts by verdict add up to the reports read ($total)"

"$A" fleet --format xml --no-progress "$R" >"$scratch/fleet.xml" 2>/dev/null
validate "$scratch/fleet.xml" "fleet --format xml"

# The verdicts again, computed from the reports themselves: a host takes the
# worst kvm verdict of its devices, or none.
if [ -n "${XMLLINT:-}" ]; then
	: >"$scratch/states"
	for f in "$R"/rack1/*.xml "$R"/rack2/deeper/*.xml; do
		case $f in */foreign.xml | */future.xml | */summary.xml) continue ;; esac
		state=none
		for s in ready warn unknown blocked; do
			c=$(xpath "$f" "count(//*[local-name()='verdict'][@hypervisor='kvm'][@status='$s'])")
			[ "${c:-0}" -gt 0 ] && state=$s
		done
		echo "$state" >>"$scratch/states"
	done
	for s in ready warn unknown blocked none; do
		want=$(grep -c "^$s\$" "$scratch/states")
		got=$(xpath "$scratch/fleet.xml" "string(//*[local-name()='hosts-by-verdict']/*[@status='$s']/@hosts)")
		[ "$got" = "$want" ]
		ok $? "hosts $s: $got (want $want, from the reports)"
	done
	gpus=0
	for f in "$R"/rack1/*.xml "$R"/rack2/deeper/*.xml; do
		case $f in */foreign.xml | */future.xml | */summary.xml) continue ;; esac
		c=$(xpath "$f" "count(//*[local-name()='device'][@gpu='yes'])")
		gpus=$((gpus + ${c:-0}))
	done
	got=$(xpath "$scratch/fleet.xml" "sum(//*[local-name()='gpu-models']/*/@total)")
	[ "$got" = "$gpus" ]
	ok $? "GPUs by model add up to the GPUs in the reports ($got, want $gpus)"
	got=$(xpath "$scratch/fleet.xml" "count(//*[local-name()='skipped-files']/*)")
	[ "$got" = "$nbad" ]
	ok $? "the XML summary lists the $nbad skipped files"
fi

"$A" fleet --format csv --no-progress "$R" >"$scratch/fleet.csv" 2>/dev/null
head -1 "$scratch/fleet.csv" | tr -d '\r' | grep -qx 'section,key,label,status,count,detail'
ok $? "csv: header"
[ "$(grep -c '^host,' "$scratch/fleet.csv")" -eq $good ]
ok $? "csv: one host row per report"
[ "$(grep -c '^skipped,' "$scratch/fleet.csv")" -eq $nbad ]
ok $? "csv: one skipped row per bad file"
sum=$(awk -F, '$1=="hosts"{s+=$5} END{print s+0}' "$scratch/fleet.csv")
[ "$sum" -eq $good ]
ok $? "csv: hosts by verdict add up ($sum)"

exit_is 0 "only good reports: exit 0" "$A" fleet --no-progress "$R/rack1/$(basename "$first")"
exit_is 2 "only bad files: exit 2" "$A" fleet --no-progress "$R/rack2/empty.xml" "$R/rack1/foreign.xml"
exit_is 1 "a missing path is skipped, not fatal" "$A" fleet --no-progress "$R/nonexistent.xml" "$first"
exit_is 2 "an unknown format is a usage error" "$A" fleet --format yaml "$first"
exit_is 2 "no argument is a usage error" "$A" fleet
# The order the files come in does not change the answer.
"$A" fleet --no-progress "$R/rack2" "$R/rack1" 2>/dev/null | sed 1d >"$scratch/rev.txt"
sed 1d "$scratch/out.txt" | diff - "$scratch/rev.txt" >/dev/null
ok $? "the summary does not depend on the order of the inputs"
# Hosts told apart (issue 17, point 2): every fixture is the QEMU machine
# "qemu"; the text names each such host with its report file, and every host
# row carries the machine, a DMI id and the first blocker.
"$A" fleet --no-progress --list 0 "$R/rack1" >"$scratch/r1.txt" 2>/dev/null
n=$(ls "$R"/rack1/qemu-*.xml | wc -l)
got=$(sed -n '/^Hosts (/,$p' "$scratch/r1.txt" | grep -c '^  qemu (qemu-.*\.xml) ')
[ "$got" -eq "$n" ]
ok $? "hosts named qemu are told apart by report file ($got of $n)"
grep -q '^      QEMU Standard PC (Q35 + ICH9, 2009), dmi-[0-9a-f]\{8\}$' "$scratch/r1.txt"
ok $? "a host row gives the machine and its DMI id"
grep -q '^  qemu (qemu-intel-noacs.xml) *blocked *2  GROUP_SHARED_HOST_CRITICAL$' "$scratch/r1.txt"
ok $? "qemu-intel-noacs: blocked, 2 GPUs, first blocker GROUP_SHARED_HOST_CRITICAL (its own report)"
"$A" fleet --no-progress --format xml "$R/rack1" >"$scratch/r1.xml" 2>/dev/null
validate "$scratch/r1.xml" "fleet --format xml with host ids"
if [ -n "${XMLLINT:-}" ]; then
	# The id depends on the DMI model names only: the same for two QEMU
	# machines, different once the product name differs.
	ids=$(xpath "$scratch/r1.xml" "//*[local-name()='hosts']/*[@name='qemu']/@host-id" | tr ' ' '\n' | sort -u | grep -c host-id)
	[ "$ids" -eq 1 ]
	ok $? "one machine model (the QEMU hosts), one host id ($ids)"
	q35="$R/rack1/qemu-intel-noacs.xml"
	sed 's/product-name="[^"]*"/product-name="Other Board"/' "$q35" >"$scratch/other.xml"
	"$A" fleet --no-progress --format xml "$q35" "$scratch/other.xml" >"$scratch/two.xml" 2>/dev/null
	ids=$(xpath "$scratch/two.xml" "//*[local-name()='hosts']/*/@host-id" | tr ' ' '\n' | sort -u | grep -c host-id)
	[ "$ids" -eq 2 ]
	ok $? "another product name, another host id"
	! grep -qi 'serial\|uuid' "$top_srcdir/reports/fleet-aggregate.c" ||
		! grep -q '"[a-z-]*serial[a-z-]*"\|"[a-z-]*uuid"' "$top_srcdir/reports/fleet-read.c"
	ok $? "the reader takes no serial number or UUID attribute"
fi

# An empty directory: "no reports found", exit 1, no tables of zeros.
mkdir "$scratch/none"
"$A" fleet --no-progress "$scratch/none" >"$scratch/none.out" 2>"$scratch/none.err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$scratch/none.out" ] && grep -q 'no reports found' "$scratch/none.err"
ok $? "empty directory: 'no reports found', exit 1, nothing on stdout (exit $rc)"

# --hypervisor all: one summary per hypervisor, as check's four profiles.
"$A" fleet --no-progress --hypervisor all "$R/rack1" >"$scratch/all.txt" 2>/dev/null
for hv in kvm xen esxi hyperv; do
	grep -q "^Fleet: .* verdicts for $hv\$" "$scratch/all.txt"
	ok $? "--hypervisor all: a summary for $hv"
done
"$A" fleet --no-progress --hypervisor esxi "$R/rack1" >"$scratch/esxi.txt" 2>/dev/null
awk '/verdicts for esxi$/{f=1} /verdicts for hyperv$/{f=0} f' "$scratch/all.txt" | sed '$d' | cmp -s - "$scratch/esxi.txt"
ok $? "--hypervisor all: its esxi part is --hypervisor esxi"
exit_is 2 "--hypervisor all with csv is a usage error" "$A" fleet --format csv --hypervisor all "$first"

# A report that starts with a UTF-8 byte order mark is well-formed XML (XML 1.0,
# section 4.3.3; xmllint reads it) and is read after any other file: a parser
# reused from the previous file refused it (issue 16). The same files in many
# directories are read by several threads: the summary is that of one by one.
mkdir -p "$scratch/bom"
for k in 1 2 3 4 5 6; do
	printf '\357\273\277' >"$scratch/bom/$k-bom.xml"
	sed "s/ hostname=\"[^\"]*\"/ hostname=\"bom$k\"/" "$first" >>"$scratch/bom/$k-bom.xml"
	cp "$first" "$scratch/bom/$k-plain.xml"
done
"$A" fleet --no-progress "$scratch/bom" >"$scratch/bom.txt" 2>"$scratch/bom.err"
rc=$?
[ $rc -eq 0 ] && grep -q '^Fleet: 12 reports read, 0 skipped' "$scratch/bom.txt"
ok $? "reports with a byte order mark are read after others (exit $rc)"
# On one core (taskset) the files are read one by one, in this process.
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	for fmt in text csv; do
		"$A" fleet --no-progress --list 0 --format $fmt "$scratch/bom" "$R" >"$scratch/many.$fmt" 2>&1
		taskset -c 0 "$A" fleet --no-progress --list 0 --format $fmt "$scratch/bom" "$R" >"$scratch/one.$fmt" 2>&1
		cmp -s "$scratch/one.$fmt" "$scratch/many.$fmt"
		ok $? "--format $fmt: the same summary on one core as on all"
	done
else
	diag "taskset not usable: no one-core run to compare"
fi

# libxml2's own warnings never reach the terminal: one line of ours each.
"$A" fleet --no-progress --schema "$scratch/no-such.xsd" "$first" >/dev/null 2>"$scratch/err"
[ "$(wc -l <"$scratch/err")" -eq 1 ] && grep -q '^iommu-audit: fleet: ' "$scratch/err"
ok $? "a missing schema: one line, no libxml2 warning"
done_testing
