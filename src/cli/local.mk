# src/cli/: main, option parsing and one file per command: the only code that exits.
# Sees every layer; links them top-down.
iommu_audit_CPPFLAGS = $(TUI_CPPFLAGS) -I$(top_srcdir)/src/cli \
	-DSYSCONFDIR='"$(sysconfdir)"' -DPKGDATADIR='"$(pkgdatadir)"'
iommu_audit_CFLAGS = $(AM_CFLAGS) $(LIBPCI_CFLAGS) $(XML_CFLAGS) $(CURSES_CFLAGS)
iommu_audit_SOURCES = \
	src/cli/main.c \
	src/cli/cli.c src/cli/cli.h \
	src/cli/cmd-check.c \
	src/cli/cmd-capture.c \
	src/cli/cmd-import.c \
	src/cli/cmd-groups.c \
	src/cli/cmd-findings.c \
	src/cli/cmd-acpi.c src/cli/cmd-acpi.h \
	src/cli/cmd-fleet.c \
	src/cli/cmd-graph.c \
	src/cli/cmd-browse.c
iommu_audit_LDADD = $(TUI_LIBS) $(AUDIT_LIBS)
