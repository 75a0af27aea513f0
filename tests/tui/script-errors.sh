#!/bin/sh
# The test seams fail loudly, and what is said on stderr while curses runs is
# held back and printed after the screen is restored.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key j
key NoSuchKey
save-screen never
X
run_browse tui-q35
assert_status 2
if grep -q "test script line 2: unknown key 'NoSuchKey'" "$work/stderr"; then
	tap ok "an unknown key names its script line"
else
	tap not-ok "no message for the unknown key"
fi
if [ ! -f "$work/never.screen" ]; then
	tap ok "the script stops at the error"
else
	tap not-ok "the script went on after the error"
fi

steps <<'X'
frobnicate
X
run_browse tui-q35
assert_status 2

IOMMU_AUDIT_TUI_SCRIPT=$work/does-not-exist run_browse tui-q35
assert_status 2

# Without the no-display seam, browse wants a terminal and says so.
status=0
env -u IOMMU_AUDIT_TUI_NO_DISPLAY "$IOMMU_AUDIT" browse --root "$hosts_dir/tui-q35" </dev/null >"$work/stdout" 2>"$work/stderr" || status=$?
assert_status 2
if grep -q 'browse needs a terminal' "$work/stderr"; then
	tap ok "no terminal: a plain message"
else
	tap not-ok "no terminal: no message"
fi

# An unknown terminal type is an error, not a crash.
steps <<'X'
X
TERM=no-such-terminal-type run_browse tui-q35
assert_status 2

status=0
"$IOMMU_AUDIT" browse --help >"$work/stdout" 2>&1 || status=$?
assert_status 0
status=0
"$IOMMU_AUDIT" browse --no-such-option >"$work/stdout" 2>&1 || status=$?
assert_status 2
tui_done
