#!/bin/sh
# The PCI tree: groups marked, verdicts, folding, the '*' marks of group mates.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 2
save-screen start
# Down to the RTX 3090 (01:00.0; the cursor starts below the column heads):
# its group mate 01:00.1 gets a '*'.
key j
key j
key j
save-screen on-gpu
# Left goes up to its root port, Left again folds the port.
key h
key Left
save-screen folded
key Right
key G
save-screen last
X
run_browse tui-q35
assert_status 0
assert_screen start
assert_screen on-gpu
assert_screen folded
assert_screen last
tui_done
