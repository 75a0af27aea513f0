# src/tui/: the ncurses browser, the only code that includes curses. The browse
# command is always built, so a --disable-tui binary can say that it has no browser.
TUI_CPPFLAGS = $(REPORTS_CPPFLAGS) -I$(top_srcdir)/src/tui
if HAVE_TUI
noinst_LIBRARIES += libtui.a
libtui_a_CPPFLAGS = $(TUI_CPPFLAGS)
libtui_a_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS)
libtui_a_SOURCES = \
	src/tui/provide-curses.h \
	src/tui/tui.c src/tui/tui.h src/tui/tui-internal.h \
	src/tui/tui-keys.c src/tui/tui-draw.c src/tui/tui-script.c \
	src/tui/view-core.c \
	src/tui/actions.def \
	src/tui/view.h \
	src/tui/view-summary.c \
	src/tui/view-tree.c \
	src/tui/view-groups.c \
	src/tui/view-device.c \
	src/tui/view-acpi.c \
	src/tui/view-help.c \
	src/tui/screen-dump.c
TUI_LIBS = libtui.a $(CURSES_LIBS)
else
TUI_LIBS =
endif
