# Shared by the browser's screen tests (sourced; POSIX sh). Each test runs
# 'iommu-audit browse' headless on a fixture host with a key script, in a pinned
# environment (size, locale, terminal, time zone, home), under a timeout, and
# compares the screens it saved with tests/tui/expected/TEST-NAME.screen.
#
#   tui_init            work directory and environment for this test
#   steps <<EOF         the key script (see src/tui/tui.c); 'quit' is appended
#   run_browse HOST [ARGS...]   runs it; $status holds the exit status
#   assert_screen NAME  'ok'/'not ok' comparing the saved screen NAME
#   assert_status N     'ok'/'not ok' on the exit status
#   tui_done            the TAP plan; exits 1 if anything failed (and then
#                       keeps tests/tui/tmp/TEST for a look)
#
# TUI_UPDATE_EXPECTED=1 writes the expected screens instead of comparing (for a
# new test: read every line of them before committing).

: "${top_srcdir:?}" "${top_builddir:?}" "${IOMMU_AUDIT:?}"
test_name=$(basename "$0" .sh)
expected_dir=$top_srcdir/tests/tui/expected
hosts_dir=$top_srcdir/tests/fixtures/hosts
. "$top_srcdir/tests/lib.sh"

tap() { # ok|not-ok description: the shared TAP helper (tests/lib.sh), by word
	if [ "$1" = ok ]; then ok 0 "$2"; else ok 1 "$2"; fi
}

tui_init() {
	work=$top_builddir/tests/tui/tmp/$test_name
	rm -rf "$work"
	mkdir -p "$work/home"
	# Screens must not depend on who runs the test or where.
	LINES=24 COLUMNS=80 TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME=$work/home
	IOMMU_AUDIT_TUI_NO_DISPLAY=1 IOMMU_AUDIT_TUI_SCRIPT=$work/script
	export LINES COLUMNS TERM LANG LC_ALL TZ HOME IOMMU_AUDIT_TUI_NO_DISPLAY IOMMU_AUDIT_TUI_SCRIPT
	unset TERMINFO TERMINFO_DIRS TERMCAP NCURSES_NO_UTF8_ACS ESCDELAY
	# ncurses keeps some memory until exit by design; only that is suppressed.
	LSAN_OPTIONS=suppressions=$top_srcdir/tests/tui/lsan.supp:print_suppressions=0
	export LSAN_OPTIONS
	[ -x "$IOMMU_AUDIT" ] || skip_all "no $IOMMU_AUDIT"
	[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || skip_all "no C.UTF-8 locale"
	command -v timeout >/dev/null 2>&1 || skip_all "no timeout(1)"
	# Device names come from the system's pci.ids; the screens name these.
	"$IOMMU_AUDIT" check --root "$hosts_dir/tui-q35" 2>/dev/null | grep -q 'GA102 \[GeForce RTX 3090\]' ||
		skip_all "pci.ids lacks the names the expected screens show"
}

steps() {
	sed -e "s|^save-screen \(.*\)|save-screen $work/\1.screen|" \
		-e "s|^save-attrs \(.*\)|save-attrs $work/\1.screen|" >"$work/script"
	echo quit >>"$work/script"
}

run_browse() {
	host=$1
	shift
	status=0
	timeout 10 "$IOMMU_AUDIT" browse --root "$hosts_dir/$host" "$@" \
		</dev/null >"$work/stdout" 2>"$work/stderr" || status=$?
	# A run that timed out or crashed says so on stderr; show it.
	if [ "$status" -ne 0 ] && [ -s "$work/stderr" ]; then
		sed 's/^/# stderr: /' "$work/stderr"
	fi
}

assert_status() {
	if [ "$status" -eq "$1" ]; then
		tap ok "exit status $1"
	else
		tap not-ok "exit status $status, expected $1"
	fi
}

assert_screen() {
	name=$1
	want=$expected_dir/$test_name-$name.screen
	got=$work/$name.screen
	if [ ! -f "$got" ]; then
		tap not-ok "screen $name was not saved"
		return
	fi
	if [ -n "${TUI_UPDATE_EXPECTED:-}" ]; then
		cp "$got" "$want"
		tap ok "screen $name written to $want"
		return
	fi
	if diff -u "$want" "$got" >"$work/$name.diff" 2>&1; then
		tap ok "screen $name"
	else
		tap not-ok "screen $name differs from tests/tui/expected/$test_name-$name.screen"
		sed 's/^/# /' "$work/$name.diff"
	fi
}

# Checks a saved screen holds a line matching a grep pattern.
assert_screen_has() {
	if grep -q -- "$2" "$work/$1.screen" 2>/dev/null; then
		tap ok "screen $1 shows '$2'"
	else
		tap not-ok "screen $1 does not show '$2'"
	fi
}

# A passing test leaves nothing behind (distcheck wants a clean build tree);
# a failing one keeps its screens, diffs and stderr for a look.
tui_done() {
	if [ "$tap_failed" -eq 0 ]; then
		rm -rf "$work"
		rmdir "$top_builddir/tests/tui/tmp" 2>/dev/null || :
	fi
	done_testing
	exit $?
}
