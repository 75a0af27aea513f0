#!/bin/sh
# The firmware view: which tables exist, each decoded table with its findings
# and its field list (folded until opened), the kernel's IOMMU units and log.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

# tui-q35: the MADT of a real QEMU q35 machine and a DMAR with one INCLUDE_PCI_ALL
# unit but no IOAPIC scope, which the check across the tables reports.
steps <<'X'
key 5
save-screen q35
# Open the DMAR's field list with Enter (found by search: the decoded lines
# above it vary with the table).
text /18 fields
key Enter
key Enter
save-screen q35-fields
X
run_browse tui-q35
assert_status 0
assert_screen q35
assert_screen q35-fields

# A broken table: tui-noiommu's MADT is 4 bytes, and its findings say so.
steps <<'X'
key 5
save-screen broken
X
run_browse tui-noiommu
assert_status 0
assert_screen broken
# The decoded scope list, as `iommu-audit acpi` prints it (issue 17, point 5):
# qemu-intel-noacs's DMAR (QEMU's, captured) names its devices one scope each.
# Every line `acpi` prints for the DMAR is on the screen, in the same words.
steps <<'X'
key 5
text /DRHD @
key Enter
save-screen scopes
X
run_browse qemu-intel-noacs
assert_status 0
"$IOMMU_AUDIT" acpi --root "$hosts_dir/qemu-intel-noacs" |
	sed -n '/^DMAR (/,/^[A-Z]/p' | sed -n '/^  DRHD/,/^[A-Z]/p' | grep '^ ' >"$work/acpi-dmar.txt"
[ "$(wc -l <"$work/acpi-dmar.txt")" -ge 5 ] && tap ok "acpi prints the DMAR's unit and scopes" ||
	tap not-ok "acpi prints the DMAR's unit and scopes"
while IFS= read -r line; do
	if grep -qxF -- "$line" "$work/scopes.screen"; then
		tap ok "firmware view shows: $line"
	else
		tap not-ok "firmware view lacks: $line"
	fi
done <"$work/acpi-dmar.txt"
tui_done
