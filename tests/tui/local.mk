# The browser's tests: screens compared headless with a key script, and one run
# inside tmux.

EXTRA_DIST += tests/tui/lib.sh tests/tui/lsan.supp tests/tui/expected \
	tests/fixtures/hosts/tui-q35 tests/fixtures/hosts/tui-noiommu tests/bench/bench-tui
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
	tests/tui/navigation.sh \
	tests/tui/tmux.sh
if HAVE_TUI
TESTS += $(tui_test_scripts)
endif
EXTRA_DIST += $(tui_test_scripts)
