# The browser: its sources (src/tui/local.mk, included from here so Makefile.am
# needs one line for the whole area) and its tests: screens compared headless
# with a key script, and one run inside tmux.
include src/tui/local.mk

EXTRA_DIST += tests/tui/lib.sh tests/tui/lsan.supp tests/tui/expected tests/tui/hosts \
	tests/tui/mkhost-tui tests/fixtures/hosts/tui-q35 tests/fixtures/hosts/tui-noiommu \
	tests/bench/bench-tui
tui_test_scripts = \
	tests/tui/summary.sh \
	tests/tui/firmware.sh \
	tests/tui/tree.sh \
	tests/tui/groups.sh \
	tests/tui/device.sh \
	tests/tui/search.sh \
	tests/tui/help.sh \
	tests/tui/resize.sh \
	tests/tui/monochrome.sh \
	tests/tui/script-errors.sh \
	tests/tui/tmux.sh
if HAVE_TUI
TESTS += $(tui_test_scripts)
endif
EXTRA_DIST += $(tui_test_scripts)
