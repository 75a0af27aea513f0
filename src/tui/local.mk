# src/tui/: the ncurses browser, the only code that includes curses. cmd-browse.c
# is always built, so a --disable-tui binary can say that it has no browser.
iommu_audit_SOURCES += src/cmd-browse.c
if HAVE_TUI
iommu_audit_SOURCES += \
	src/tui/provide-curses.h \
	src/tui/tui.c src/tui/tui.h \
	src/tui/actions.def \
	src/tui/view.h \
	src/tui/view-summary.c \
	src/tui/view-tree.c \
	src/tui/view-groups.c \
	src/tui/view-device.c \
	src/tui/view-acpi.c \
	src/tui/view-help.c \
	src/tui/screen-dump.c
endif
