#!/bin/sh
# Device names from a pci.ids (IOMMU_AUDIT_PCI_IDS names it): a plain file is
# read by src/probe/pci-ids.c, gzip data by libpci, with the same names; a
# malformed line costs the names after it and one TOOL_PCI_IDS_MALFORMED
# finding in the report naming the file and line, never the run (libpci alone
# ends it with exit 2) and nothing on stderr (only src/cli prints); no file, no
# names.
# The crafted files below are the truth: each expected name is written in them.
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
# Its functions: 0000:00:00.0 8086:29c0 class 0600, 0000:01:00.0 1af4:1050 class
# 0300, 0000:00:1c.0 1b36:000c, 0000:00:1f.2 8086:2922 class 0106.
host=$FIXTURES/hosts/qemu-intel-vfio

# "BDF|vendor-name|device-name|class-name" per function of an XML report.
names() {
	grep '<pci-device ' "$1" | sed 's/.* bdf="\([^"]*\)".*/\1/' >"$scratch/bdf"
	for attr in vendor-name device-name class-name; do
		grep '<pci-device ' "$1" | sed -n "s/.* $attr=\"\([^\"]*\)\".*/\1/p; t; s/.*/-/p" >"$scratch/$attr"
	done
	paste -d'|' "$scratch/bdf" "$scratch/vendor-name" "$scratch/device-name" "$scratch/class-name"
}

audit() { # audit IDS-FILE NAME: the report, stderr and exit status of a check
	IOMMU_AUDIT_PCI_IDS=$1 "$A" check --format xml --all-devices --root "$host" >"$scratch/$2.xml" 2>"$scratch/$2.err"
	echo $? >"$scratch/$2.rc"
	names "$scratch/$2.xml" >"$scratch/$2.names"
}

"$A" check --format xml --all-devices --root "$host" >/dev/null 2>&1
want_rc=$?

printf '%s\n' '# crafted for tests/cli/pciids.sh' '1af4  Crafted Red Hat' '	1050  Crafted virtio GPU' \
	'8086  Crafted Intel' '	29c0  Crafted DRAM controller' 'C 06  Crafted bridge' '	00  Crafted host bridge' \
	'C 03  Crafted display' >"$scratch/good.ids"
audit "$scratch/good.ids" good
grep -qx '0000:00:00.0|Crafted Intel|Crafted DRAM controller|Crafted host bridge' "$scratch/good.names"
ok $? "a function's vendor, device and subclass names come from the file"
grep -qx '0000:01:00.0|Crafted Red Hat|Crafted virtio GPU|Crafted display \[0300\]' "$scratch/good.names"
ok $? "a subclass the file lacks is named by its base class and the code"
grep -qx '0000:00:1c.0|-|-|Crafted bridge \[0604\]' "$scratch/good.names" &&
	grep -qx '0000:00:1f.2|Crafted Intel|-|-' "$scratch/good.names"
ok $? "IDs the file lacks have no name"
[ "$(cat "$scratch/good.rc")" -eq "$want_rc" ] && [ ! -s "$scratch/good.err" ]
ok $? "a good file: exit status as with libpci's file, nothing on stderr"

# Line 4 is malformed ("80x6" is not hex).
printf '%s\n' '1af4  Crafted Red Hat' '	1050  Crafted virtio GPU' '# a comment' '80x6  Broken' \
	'8086  Crafted Intel' 'C 03  Crafted display' >"$scratch/bad.ids"
audit "$scratch/bad.ids" bad
[ "$(cat "$scratch/bad.rc")" -eq "$want_rc" ]
ok $? "a malformed line does not end the run (exit $(cat "$scratch/bad.rc"), want $want_rc)"
[ "$(grep -c '<finding id="TOOL_PCI_IDS_MALFORMED"' "$scratch/bad.xml")" -eq 1 ] &&
	grep -q "<detail>$scratch/bad.ids:4: malformed vendor line; " "$scratch/bad.xml" && [ ! -s "$scratch/bad.err" ]
ok $? "one finding in the report names the file and line, nothing on stderr: $(grep -A1 TOOL_PCI_IDS_MALFORMED "$scratch/bad.xml" | head -2) $(cat "$scratch/bad.err")"
! grep -q TOOL_PCI_IDS_MALFORMED "$scratch/good.xml"
ok $? "a good file: no such finding"
grep -qx '0000:01:00.0|Crafted Red Hat|Crafted virtio GPU|-' "$scratch/bad.names" &&
	grep -qx '0000:00:00.0|-|-|-' "$scratch/bad.names"
ok $? "names from before the line are kept, none from after it"

if command -v gzip >/dev/null 2>&1; then
	gzip -c "$scratch/good.ids" >"$scratch/good.ids.gz"
	audit "$scratch/good.ids.gz" gz
	cmp -s "$scratch/good.names" "$scratch/gz.names" && [ ! -s "$scratch/gz.err" ]
	ok $? "gzip data (read by libpci) gives the same names"
else
	skip "gzip data (read by libpci) gives the same names" "no gzip"
fi

audit "$scratch/missing.ids" missing
! grep -qv '^[^|]*|-|-|-$' "$scratch/missing.names" && [ ! -s "$scratch/missing.err" ] &&
	[ "$(cat "$scratch/missing.rc")" -eq "$want_rc" ] && [ -s "$scratch/missing.names" ]
ok $? "no file: no names, no warning, the same exit status"
done_testing
