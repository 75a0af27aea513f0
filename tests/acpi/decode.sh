#!/bin/sh
# What the decode says, line by line, for tables built to exercise one behaviour each; every
# expectation names the behaviour it guards and where the right answer comes from. A wrong
# decode (or a check that was removed) makes the line differ and the test fail.
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
fx=$FIXTURES/acpi

# has FILE DESCRIPTION LINE: the text decode of FILE holds LINE exactly.
has() {
	"$A" acpi "$1" >"$scratch/out" 2>&1
	grep -qxF -- "$3" "$scratch/out"
	r=$?
	ok $r "$2"
	[ $r -eq 0 ] || { diag "wanted: $3"; sed 's/^/# /' "$scratch/out"; }
}
# lacks FILE DESCRIPTION TEXT: no line of the decode contains TEXT.
lacks() {
	"$A" acpi "$1" >"$scratch/out" 2>&1
	! grep -qF -- "$3" "$scratch/out"
	ok $? "$2"
}

# Issue 20 point 3: a DRHD register base above the host address width is flagged. dmar-haw
# has HAW byte 38 (39 bits, VT-d spec: width = value + 1), a unit at 2^39 and one at
# 0x7ffffff000 (the last page below 2^39), which must not be.
has "$fx/dmar-haw.bin" "DRHD base 2^39 above a 39-bit HAW is flagged" \
	"      DRHD at 0x48: register base 0x8000000000 lies above the 39-bit host address width"
lacks "$fx/dmar-haw.bin" "DRHD base 0x7ffffff000 (below 2^39) is not flagged" "DRHD at 0x30"

# Issue 20 point 6: IVMD device ranges. AMD IOMMU spec, IVMD: type 21h names one device
# (its DeviceID, bytes 4-5), type 22h devices DeviceID..Auxiliary data (bytes 6-7), type 20h
# all. ivrs-full builds 21h with DeviceID 0x0060 (bus 0, device 0x0c, function 0; ACPICA
# decodes "Device ID : 0060") and auxiliary data 0, 22h with 0x0100..0x01ff.
has "$fx/ivrs-full.bin" "IVMD 21h header" \
	"  IVMD 21h @0x110: [0x7d900000 +0x100000] flags 0x07 unity read write"
has "$fx/ivrs-full.bin" "IVMD 21h: its one device is first and last of the range" \
	"      devices 00:0c.0-00:0c.0"
has "$fx/ivrs-full.bin" "IVMD 22h: DeviceID to auxiliary data" "      devices 01:00.0-01:1f.7"
has "$fx/ivrs-full.bin" "IVMD 20h: every device" "      all devices"
# ivrs-rev1-40h: a 21h block for DeviceID 0x00a5 (00:14.5), auxiliary data 0.
has "$fx/ivrs-rev1-40h.bin" "IVMD 21h of another table: device 00:14.5 only" \
	"      devices 00:14.5-00:14.5"
"$A" acpi --format xml "$fx/ivrs-full.bin" >"$scratch/ivrs.xml" 2>/dev/null
grep -q '<ivmd offset="272" type="0x21" flags="7" first="00:0c.0" last="00:0c.0"' "$scratch/ivrs.xml"
ok $? "XML: the IVMD 21h range is 00:0c.0..00:0c.0"

# IVHD entries of types 80h and above (AMD IOMMU spec: type bits 7:6 give the size, 80h-BFh
# 16 bytes, C0h-EFh 32). Only the right step reaches the special entries built after them.
has "$fx/ivrs-entry80.bin" "after a 16-byte entry 80h, the IOAPIC entry is decoded" \
	"      IOAPIC id 33 at 00:14.0"
"$A" acpi "$fx/ivrs-entry80.bin" >"$scratch/out" 2>&1
[ "$(grep -c '      HPET 0 at 00:14.0' "$scratch/out")" = 2 ]
ok $? "after a 32-byte entry C0h, the HPET entry is decoded (both blocks)"
has "$fx/ivrs-entry80.bin" "the stall is placed in the IVHD Linux uses (11h, the later of 00:00.2's)" \
	"      IVHD type 0x11 at 0x7c: device entry type 0x80 at 0xa8 (1 such entries); Linux uses this IVHD type and its walk stops advancing there"

# Type-00h 4-byte entries are padding (ACPICA's "Reserved/Padding", Linux's default case):
# ivrs-full has one in each IVHD and they raise nothing.
lacks "$fx/ivrs-full.bin" "type-00h padding raises no finding" "entry type 0x00"

# IWB (IORT node type 7): ACPICA's struct acpi_iort_iwb, base at 16, index at 24, name at 26.
has "$fx/iort-fwts.bin" "IWB node decoded" \
	"  IWB node @0x1b2: base 0x2f000000, IWB index 3, \\_SB.IWB0"
# A node offset past the table is said as such, not as a node count mismatch.
has "$fx/iort-offset.bin" "node offset past the table is named" \
	"      node offset 0x400 lies past the table's 140 bytes; none of its 2 nodes can be read"
lacks "$fx/iort-offset.bin" "and not as a count mismatch" "the header counts"

# Reserved fields: one INFO finding per table, every field by its offset (the offsets are
# where tests/acpi/fixtures.c sets them).
has "$fx/dmar-reserved.bin" "DMAR reserved fields listed by offset" \
	"      12 reserved field(s) not zero: 0x025 DMAR Flags = 0x8; 0x026 DMAR Reserved = 0x5a0000; 0x034 DRHD Flags = 0x2; 0x035 DRHD Size = 0x10; 0x043 Device Scope Reserved = 0x77; 0x04c RMRR Reserved = 0x2; 0x06c ATSR Flags = 0x2; 0x06d ATSR Reserved = 0x1; 0x07c RHSA Reserved = 0xffffffff; 0x090 ANDD Reserved = 0x100; 0x0a3 SATC Reserved = 0x80; 0x0b2 SIDP Reserved = 0x100"
has "$fx/ivrs-rev1-40h.bin" "IVRS reserved fields listed by offset" \
	"      6 reserved field(s) not zero: 0x028 IVRS Reserved = 0x1; 0x042 IVHD IOMMU Info = 0x20; 0x031 IVHD Flags = 0x40; 0x044 IVHD Attributes = 0x1; 0x0a9 IVMD Flags = 0x10; 0x0b2 IVMD Reserved = 0x1"
has "$fx/iort-fwts.bin" "IORT reserved fields listed by offset" \
	"      7 reserved field(s) not zero: 0x02c IORT Reserved = 0x80; 0x060 Node Reserved = 0x1; 0x074 SMMUv3 Flags = 0x80; 0x11e ID Mapping Flags = 0x20; 0x146 SMMU Flags = 0x10; 0x17e RMR Flags = 0x1000; 0x1ae RMR Descriptor Reserved = 0xdead"
"$A" acpi "$fx/dmar-reserved.bin" >"$scratch/out" 2>&1
[ "$(grep -c ' ACPI_RESERVED_NONZERO:' "$scratch/out")" = 1 ]
ok $? "one reserved-field finding per table"
"$A" acpi "$fx/dmar-full.bin" >"$scratch/out" 2>&1
! grep -q ACPI_RESERVED_NONZERO "$scratch/out"
ok $? "a table with clean reserved fields has none"

done_testing
