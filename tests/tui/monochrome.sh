#!/bin/sh
# A vt100 without colour and a C locale: ASCII connectors in the tree, and the
# verdicts still spelt out.
. "$top_srcdir/tests/tui/lib.sh"
tui_init
TERM=vt100 LANG=C LC_ALL=C
export TERM LANG LC_ALL

steps <<'X'
key 2
save-screen tree
key 1
save-screen summary
X
run_browse tui-q35
assert_status 0
assert_screen tree
assert_screen summary
tui_done
