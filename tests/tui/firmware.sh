#!/bin/sh
# The firmware view: which tables exist, each decoded table with its findings
# and its field list (folded until opened), the kernel's IOMMU units and log.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

# A real QEMU q35 capture (tests/fixtures/hosts/qemu-intel-switch).
steps <<'X'
key 5
save-screen qemu
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
save-screen qemu-fields
X
run_browse qemu-intel-switch
assert_status 0
assert_screen qemu
assert_screen qemu-fields

# A broken table: tui-q35's DMAR is 4 bytes, and its findings say so.
steps <<'X'
key 5
save-screen broken
X
run_browse tui-q35
assert_status 0
assert_screen broken
tui_done
