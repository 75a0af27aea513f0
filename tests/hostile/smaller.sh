#!/bin/sh
# Item 6 of issue 15, one test each. Fails on main before the fix (8dcdb29):
# libxml2 printed the schema file's lines, C1 controls and bidi overrides
# reached the report, an unreadable group printed as an empty one, a missing
# iommu_groups said "in no IOMMU group", an oversized table was decoded
# truncated. (The browser's group column is tested in tests/tui; the libpci leak
# is caught by this suite's garbage-resource case under AddressSanitizer.)
. "$top_srcdir/tests/hostile/lib-hostile.sh"
printf 'root:SECRET-SHADOW-LINE:19000:0:99999:7:::\n' >"$scratch/shadow"
"$A" fleet --schema "$scratch/shadow" "$FIXTURES/hosts" >/dev/null 2>"$scratch/err"
! grep -q SECRET-SHADOW "$scratch/err"
ok $? "fleet --schema never echoes the file it could not parse"
if command -v strace >/dev/null 2>&1; then
	cat >"$scratch/net.xsd" <<'XSD'
<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:x" schemaLocation="http://127.0.0.1:9/x.xsd"/>
  <xs:element name="iommu-audit"/>
</xs:schema>
XSD
	strace -f -e trace=connect -o "$scratch/trace" "$A" fleet --schema "$scratch/net.xsd" "$scratch/net.xsd" \
		>/dev/null 2>&1
	! grep -q 'AF_INET' "$scratch/trace"
	ok $? "fleet --schema opens no network connection"
else
	ok 0 "fleet --schema network # SKIP strace not installed"
fi
root=$(host c1)
printf 'Board\302\233[31mX\342\200\256evil\n' >"$root/sys/class/dmi/id/product_name"
"$A" check --root "$root" >"$scratch/out" 2>&1
! grep -q "$(printf '\302\233')" "$scratch/out" && ! grep -q "$(printf '\342\200\256')" "$scratch/out"
ok $? "C1 controls and bidi overrides never reach the report"
root=$(host group)
rm -rf "$root/sys/kernel/iommu_groups/4/devices" && : >"$root/sys/kernel/iommu_groups/4/devices"
"$A" groups --root "$root" >"$scratch/out" 2>"$scratch/err"
rc=$?
! grep -q '^group 4:' "$scratch/out" && grep -q 'group 4' "$scratch/err" && [ $rc -eq 1 ]
ok $? "an unreadable group is not printed as an empty one (exit $rc)"
root=$(host nogroups)
rm -rf "$root/sys/kernel/iommu_groups"
"$A" check --root "$root" >"$scratch/out" 2>&1
! grep -q 'The device is in no IOMMU group' "$scratch/out" && grep -q "IOMMU group could not be read" "$scratch/out"
ok $? "without iommu_groups the group is unknown, not absent"
find "$root/sys/devices" -name iommu_group -type l -exec rm {} +
"$A" check --root "$root" >"$scratch/out" 2>&1
! grep -q 'The device is in no IOMMU group' "$scratch/out" && grep -q "IOMMU group could not be read" "$scratch/out"
ok $? "nor without the groups and the links to them"
root=$(host big)
truncate -s 20M "$root/sys/firmware/acpi/tables/DMAR"
"$A" check --root "$root" -v >"$scratch/out" 2>&1
grep -q 'larger than this tool reads' "$scratch/out"
ok $? "an oversized table is refused and the report says so"
done_testing
