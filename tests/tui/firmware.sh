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
# Open the DMAR's field list (line 11) with Enter.
key j
key j
key j
key j
key j
key j
key j
key j
key j
key j
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
tui_done
