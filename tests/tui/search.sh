#!/bin/sh
# '/' search with n and N, as in less: matches anywhere, unfolds what hides them.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 2
# Fold root port 00:01.0 first: the search must unfold it.
key j
key j
key j
key Left
text /geforce
key Enter
save-screen first
key n
save-screen next
key n
save-screen wrapped
key N
save-screen previous
text /no-such-thing
key Enter
save-screen not-found
text /abc
key Esc
save-screen cancelled
X
run_browse tui-q35
assert_status 0
assert_screen first
assert_screen next
assert_screen wrapped
assert_screen previous
assert_screen not-found
assert_screen cancelled
tui_done
