#!/bin/sh
# '?' and F1 show the help made from the key table; q goes back.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 2
key ?
save-screen help
key End
save-screen help-end
key q
save-screen back
key F1
save-screen f1
X
run_browse tui-q35
assert_status 0
assert_screen help
assert_screen help-end
assert_screen back
assert_screen f1
# Every action of src/tui/actions.def has its line in the help (a tall screen
# shows them all at once: row 1 is the tab bar, row 2 the heading).
count=$(grep -c '^ACTION(' "$top_srcdir/src/tui/actions.def")
steps <<'X'
key ?
save-screen tall
X
LINES=60 run_browse tui-q35
shown=$(sed -n "3,$((count + 2))p" "$work/tall.screen" | grep -c '^  [^ ]')
if [ "$shown" -eq "$count" ]; then
	tap ok "help lists all $count actions"
else
	tap not-ok "help lists $shown actions, actions.def has $count"
fi
tui_done
