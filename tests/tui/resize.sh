#!/bin/sh
# A terminal that changes size: views are laid out again (wrapped text too),
# and the cursor stays on its device.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 2
key j
key j
key j
key j
key j
key j
resize 100 30
save-screen wide
resize 60 16
save-screen narrow
key 4
save-screen narrow-device
resize 80 24
save-screen back-to-80
X
run_browse tui-q35
assert_status 0
assert_screen wide
assert_screen narrow
assert_screen narrow-device
assert_screen back-to-80
tui_done
