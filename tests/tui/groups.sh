#!/bin/sh
# The kernel's IOMMU groups, with the judged devices' verdicts; Enter opens a member.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 3
save-screen groups
# Fold group 2 (the GTX 1080 with its root port).
key j
key j
key j
key j
key j
key j
key Enter
save-screen group2-folded
# Down to 00:1d.0 in group 3, and open it.
key j
key j
key Enter
save-screen opened
key q
save-screen back
X
run_browse tui-q35
assert_status 0
assert_screen groups
assert_screen group2-folded
assert_screen opened
assert_screen back

# No IOMMU: no kernel groups, but the predicted ones say what they would be.
steps <<'X'
key Tab
key Tab
save-screen none
X
run_browse tui-noiommu
assert_status 0
assert_screen none
tui_done
