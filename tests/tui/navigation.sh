#!/bin/sh
# Where the cursor goes: the browser opens on the first GPU (issue 17, point 5),
# column heads are passed over (summary and tree), and Tab / Shift-Tab go to the
# next / previous view on the tab bar, wrapping (issue 20, point 5: a Shift-Tab
# that went to the next view passed every test before this one). The tab order
# is the bar's: 1 Summary 2 Tree 3 Groups 4 Device 5 Firmware.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

# tui-q35's summary: 16 lines; line 15 is its first GPU, 0000:01:00.0 (the
# devices table: heading 13, column heads 14, GPUs 15 and 16).
steps <<'X'
save-screen start
key Enter
save-screen enter
key q
key k
save-screen up
key g
key 2
key g
save-screen tree-first
key k
save-screen tree-up
X
run_browse tui-q35
assert_status 0
assert_screen_has start '^\[Summary\] .* 15/16 '
assert_screen_has enter '^0000:01:00.0  NVIDIA Corporation GA102'
assert_screen_has up '^\[Summary\] .* 13/16 '
# The tree's first line is its column heads: g and k stop on line 2.
assert_screen_has tree-first '^\[Tree\] .* 2/10 '
assert_screen_has tree-up '^\[Tree\] .* 2/10 '

# A search does not stop on column heads: "Name" is in the summary's heads only.
steps <<'X'
text /Name
key Enter
save-screen search
X
run_browse tui-q35
assert_status 0
assert_screen_has search '^not found: Name .* 15/16 '

# Tab and Shift-Tab, from the summary and around the ends of the bar.
steps <<'X'
key S-Tab
save-screen stab1
key S-Tab
save-screen stab2
key Tab
save-screen tab1
key Tab
save-screen tab2
key 2
key S-Tab
save-screen stab-from-tree
X
run_browse tui-q35
assert_status 0
assert_screen_has stab1 '^\[Firmware\] '
assert_screen_has stab2 '^\[Device\] '
assert_screen_has tab1 '^\[Firmware\] '
assert_screen_has tab2 '^\[Summary\] '
assert_screen_has stab-from-tree '^\[Summary\] '
tui_done
