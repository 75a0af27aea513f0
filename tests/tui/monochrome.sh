#!/bin/sh
# A vt100 without colour and a C locale: ASCII connectors in the tree, and the
# verdicts still spelt out.
. "$top_srcdir/tests/tui/lib.sh"
tui_init
TERM=vt100 LANG=C LC_ALL=C
export TERM LANG LC_ALL

# Attributes: one hex digit per cell (1 bold, 2 underline, 4 reverse, 8 colour).
steps <<'X'
key 2
save-screen tree
key j
key j
key j
key j
key j
key j
save-attrs tree-attrs
key 1
save-screen summary
save-attrs summary-attrs
X
run_browse tui-q35
assert_status 0
assert_screen tree
assert_screen tree-attrs
assert_screen summary
assert_screen summary-attrs

# Blocked is bold, so it stands out without red.
steps <<'X'
save-attrs blocked-attrs
X
run_browse tui-noiommu
assert_status 0
assert_screen blocked-attrs

# The same screen on a colour terminal has colour pairs (NO_COLOR unset).
TERM=xterm-256color
steps <<'X'
save-attrs color-attrs
X
status=0
(NO_COLOR=; export NO_COLOR; run_browse tui-noiommu; exit "$status") || status=$?
assert_status 0
assert_screen color-attrs
tui_done
