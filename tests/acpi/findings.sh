#!/bin/sh
# Each broken fixture must produce the findings it was built to show (by ID),
# the clean ones none above INFO, and the exit status must follow the rule
# (1 with a BLOCK finding, else 0). Runs on the acpi subcommand's text output.
: "${top_srcdir:?}" "${top_builddir:?}"
cli=$IOMMU_AUDIT
fx=$top_srcdir/tests/fixtures/acpi
n=0
check() { # file expected-exit ID...
	f=$1; want=$2; shift 2
	out=$("$cli" acpi $f 2>&1); rc=$?
	for id in "$@"; do
		n=$((n + 1))
		if echo "$out" | grep -q " $id:"; then echo "ok $n - $(basename "$f") has $id"
		else echo "not ok $n - $(basename "$f") lacks $id"; echo "$out" | sed 's/^/# /'; fi
	done
	n=$((n + 1))
	if [ "$rc" = "$want" ]; then echo "ok $n - $(basename "$f") exit $rc"
	else echo "not ok $n - $(basename "$f") exit $rc, expected $want"; fi
}
clean() { # file: no warn/block findings
	n=$((n + 1))
	if "$cli" acpi "$1" | grep -Eq '^  +(warn|block|unknown) '; then
		echo "not ok $n - $(basename "$1") has unexpected findings"
	else echo "ok $n - $(basename "$1") is clean"; fi
}
echo "1..78"
check "$fx/dmar-broken.bin" 1 DMAR_DRHD_BASE_ZERO DMAR_DRHD_BASE_UNALIGNED DMAR_INCLUDE_ALL_DUPLICATE \
	DMAR_SCOPE_LENGTH DMAR_SCOPE_UNKNOWN_TYPE DMAR_SCOPE_BAD_PATH DMAR_RMRR_UNALIGNED \
	DMAR_RMRR_EMPTY DMAR_RMRR_NO_SCOPE DMAR_RMRR_OVERLAP DMAR_RHSA_NO_DRHD ACPI_UNKNOWN_SUBTABLE \
	ACPI_SUBTABLE_ZERO_LENGTH DMAR_NO_INTR_REMAP
check "$fx/dmar-truncated.bin" 1 ACPI_TABLE_TRUNCATED
check "$fx/ivrs-broken.bin" 1 IVRS_CHECKSUM IVRS_IVINFO_RESERVED IVRS_RANGE_UNTERMINATED \
	IVRS_ENTRY_UNKNOWN IVRS_NO_IOAPIC IVRS_IVMD_BAD ACPI_UNKNOWN_SUBTABLE
check "$fx/ivrs-hid-misplaced.bin" 0 IVRS_HID_MISPLACED IVRS_HID_INVALID
check "$fx/iort-rmr.bin" 1 IORT_RC_NO_SMMU IORT_NO_SMMU IORT_RMR_STRICT IORT_RMR_BAD
check "$fx/ivrs-full.bin" 0 IVRS_IVMD_ALL_DEVICES
# MADT IOAPIC 3 is under no DRHD of dmar-full; IOAPIC 2 is.
check "$fx/dmar-full.bin $fx/madt.bin" 1 DMAR_IOAPIC_NOT_COVERED DMAR_PLATFORM_OPT_IN
# acpidump text of the same two tables gives the same answer.
check "$fx/acpidump-host.txt" 1 DMAR_IOAPIC_NOT_COVERED
check "$fx/ivrs-full.bin $fx/madt.bin" 1 IVRS_NO_SOUTHBRIDGE_IOAPIC
# The fwts checks, each on a table crafted to fail exactly it (tests/acpi/fixtures.c says which
# byte); the severity (and so the exit) is the kernel's reaction, argued in acpi-findings.def.
check "$fx/dmar-haw.bin" 0 DMAR_DRHD_BASE_UNALIGNED
check "$fx/dmar-reserved.bin" 0 ACPI_RESERVED_NONZERO
check "$fx/ivrs-rev1-40h.bin" 0 IVRS_IVHD40_REVISION ACPI_RESERVED_NONZERO
# Linux 6.1 ivhd_entry_length() returns 0 for 80h in the IVHD type it uses (11h here): BLOCK.
check "$fx/ivrs-entry80.bin" 1 IVRS_ENTRY_STALLS_KERNEL IVRS_ENTRY_UNKNOWN
# arm-smmu's acpi_smmu_get_data() refuses model 7: BLOCK.
check "$fx/iort-fwts.bin" 1 IORT_ITS_MAPPINGS IORT_NODE_REVISION IORT_SMMUV3_MODEL IORT_COHERENCY \
	IORT_NAME_UNTERMINATED IORT_SMMU_MODEL ACPI_RESERVED_NONZERO
check "$fx/iort-offset.bin" 1 IORT_NODE_OFFSET
check "$fx/dmar-short.bin" 1 DMAR_NO_DRHD
check "$fx/dmar-scopes.bin" 0 DMAR_SCOPE_NO_PATH DMAR_SCOPE_LENGTH
check "$fx/ivrs-short.bin" 1 IVRS_REVISION ACPI_SUBTABLE_TRUNCATED ACPI_SUBTABLE_ZERO_LENGTH
check "$fx/iort-outside.bin" 0 IORT_NODE_LENGTH IORT_MAPPING_OUTSIDE
clean "$fx/dmar-qemu-q35.bin"
clean "$fx/dmar-full.bin"
clean "$fx/iort-full.bin"
n=$((n + 1))
"$cli" acpi /nonexistent/DMAR 2>/dev/null
if [ $? = 2 ]; then echo "ok $n - missing file exits 2"; else echo "not ok $n - missing file"; fi
