#!/bin/sh
# The kernel's IOMMU groups, with the judged devices' verdicts; Enter opens a member.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 3
save-screen groups
key j
key j
key j
key Enter
save-screen group1-folded
# Down to 00:02.0 in group 2, and open it.
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
assert_screen group1-folded
assert_screen opened
assert_screen back

steps <<'X'
key Tab
key Tab
save-screen none
X
run_browse tui-noiommu
assert_status 0
assert_screen none
tui_done
