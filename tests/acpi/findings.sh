#!/bin/sh
# Each broken fixture must produce the findings it was built to show (by ID),
# the clean ones none above INFO, and the exit status must follow the rule
# (1 with a BLOCK finding, else 0). Runs on the acpi subcommand's text output.
. "$top_srcdir/tests/lib.sh"
cli=$IOMMU_AUDIT
fx=$FIXTURES/acpi
has_findings() { # FILES expected-exit ID...
	f=$1; want=$2; shift 2
	# shellcheck disable=SC2086
	out=$("$cli" acpi $f 2>&1); rc=$?
	for id in "$@"; do
		echo "$out" | grep -q " $id:"
		r=$?
		ok $r "$(basename "$f") has $id"
		[ $r -eq 0 ] || diag "$out"
	done
	[ "$rc" = "$want" ]
	ok $? "$(basename "$f") exit $rc (want $want)"
}
clean() { # file: no warn/block findings
	! "$cli" acpi "$1" | grep -Eq '^  +(warn|block|unknown) '
	ok $? "$(basename "$1") is clean"
}
has_findings "$fx/dmar-broken.bin" 1 DMAR_DRHD_BASE_ZERO DMAR_DRHD_BASE_UNALIGNED DMAR_INCLUDE_ALL_DUPLICATE \
	DMAR_SCOPE_LENGTH DMAR_SCOPE_UNKNOWN_TYPE DMAR_SCOPE_BAD_PATH DMAR_RMRR_UNALIGNED \
	DMAR_RMRR_EMPTY DMAR_RMRR_NO_SCOPE DMAR_RMRR_OVERLAP DMAR_RHSA_NO_DRHD ACPI_UNKNOWN_SUBTABLE \
	ACPI_SUBTABLE_ZERO_LENGTH DMAR_NO_INTR_REMAP
has_findings "$fx/dmar-truncated.bin" 1 ACPI_TABLE_TRUNCATED
has_findings "$fx/ivrs-broken.bin" 1 IVRS_CHECKSUM IVRS_IVINFO_RESERVED IVRS_RANGE_UNTERMINATED \
	IVRS_ENTRY_UNKNOWN IVRS_NO_IOAPIC IVRS_IVMD_BAD ACPI_UNKNOWN_SUBTABLE
has_findings "$fx/ivrs-hid-misplaced.bin" 0 IVRS_HID_MISPLACED IVRS_HID_INVALID
has_findings "$fx/iort-rmr.bin" 1 IORT_RC_NO_SMMU IORT_NO_SMMU IORT_RMR_STRICT IORT_RMR_BAD
has_findings "$fx/ivrs-full.bin" 0 IVRS_IVMD_ALL_DEVICES
# MADT IOAPIC 3 is under no DRHD of dmar-full; IOAPIC 2 is.
has_findings "$fx/dmar-full.bin $fx/madt.bin" 1 DMAR_IOAPIC_NOT_COVERED DMAR_PLATFORM_OPT_IN
# acpidump text of the same two tables gives the same answer.
has_findings "$fx/acpidump-host.txt" 1 DMAR_IOAPIC_NOT_COVERED
# Without its "NAME @ 0x..." headings, a row at 0000 after rows still starts
# another table: the same answer.
grep -v ' @ 0x' "$fx/acpidump-host.txt" >"$scratch/headless.txt"
has_findings "$scratch/headless.txt" 1 DMAR_IOAPIC_NOT_COVERED
# acpidump prints every row in order (ACPICA AcpiUtDumpBuffer): a row past the
# table's end so far is refused at its offset, before anything is allocated for
# it (150 such rows once took 2.4 GB), and so is a row that goes back.
awk 'BEGIN { for (i = 0; i < 150; i++) printf "T%03d @ 0x0000000000000000\n  FFFFF0: 00\n", i }' >"$scratch/far.txt"
out=$("$cli" acpi "$scratch/far.txt" 2>&1)
[ $? -eq 2 ] && echo "$out" | grep -q "far.txt: byte offset 26: malformed acpidump hex line: its offset is past"
ok $? "a far row is refused at its offset: $out"
sed '6p' "$fx/acpidump-host.txt" >"$scratch/twice.txt"
out=$("$cli" acpi "$scratch/twice.txt" 2>&1)
[ $? -eq 2 ] && echo "$out" | grep -q "twice.txt: byte offset [0-9]*: malformed acpidump hex line: the row's offset goes back"
ok $? "a row given twice is refused: $out"
has_findings "$fx/ivrs-full.bin $fx/madt.bin" 1 IVRS_NO_SOUTHBRIDGE_IOAPIC
# The fwts checks, each on a table crafted to fail exactly it (tests/acpi/fixtures.c says which
# byte); the severity (and so the exit) is the kernel's reaction, argued in acpi-findings.def.
has_findings "$fx/dmar-haw.bin" 0 DMAR_DRHD_BASE_UNALIGNED
has_findings "$fx/dmar-reserved.bin" 0 ACPI_RESERVED_NONZERO
has_findings "$fx/ivrs-rev1-40h.bin" 0 IVRS_IVHD40_REVISION ACPI_RESERVED_NONZERO
# Linux 6.1 ivhd_entry_length() returns 0 for 80h in the IVHD type it uses (11h here): BLOCK.
has_findings "$fx/ivrs-entry80.bin" 1 IVRS_ENTRY_STALLS_KERNEL IVRS_ENTRY_UNKNOWN
# arm-smmu's acpi_smmu_get_data() refuses model 7: BLOCK.
has_findings "$fx/iort-fwts.bin" 1 IORT_ITS_MAPPINGS IORT_NODE_REVISION IORT_SMMUV3_MODEL IORT_COHERENCY \
	IORT_NAME_UNTERMINATED IORT_SMMU_MODEL ACPI_RESERVED_NONZERO
has_findings "$fx/iort-offset.bin" 1 IORT_NODE_OFFSET
has_findings "$fx/dmar-short.bin" 1 DMAR_NO_DRHD
has_findings "$fx/dmar-scopes.bin" 0 DMAR_SCOPE_NO_PATH DMAR_SCOPE_LENGTH
has_findings "$fx/ivrs-short.bin" 1 IVRS_REVISION ACPI_SUBTABLE_TRUNCATED ACPI_SUBTABLE_ZERO_LENGTH
has_findings "$fx/iort-outside.bin" 0 IORT_NODE_LENGTH IORT_MAPPING_OUTSIDE
clean "$fx/dmar-qemu-q35.bin"
clean "$fx/dmar-full.bin"
clean "$fx/iort-full.bin"
exit_is 2 "missing file" "$cli" acpi /nonexistent/DMAR
done_testing
