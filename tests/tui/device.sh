#!/bin/sh
# The device detail: verdicts per hypervisor, findings with why and fix, the
# group and the path to the root; paging and folding inside it.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
# Enter on the first GPU of the summary.
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
key j
save-screen summary-cursor
key Enter
save-screen top
key PgDn
save-screen page2
key PgUp
save-screen page-up
key Home
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
key j
key j
key j
# On the 'id' line of the first finding: Left goes up to the finding, Left folds it.
key Left
key Left
save-screen finding-folded
key q
save-screen back-to-summary
X
run_browse tui-q35
assert_status 0
assert_screen summary-cursor
assert_screen top
assert_screen page2
assert_screen page-up
assert_screen finding-folded
assert_screen back-to-summary

# Blocked by the firmware: the first finding is the one to fix first.
steps <<'X'
key 4
save-screen blocked
X
run_browse tui-noiommu
assert_status 0
assert_screen blocked
tui_done
