# src/probe/: root-relative readers of a host or snapshot (tables, the libpci scan,
# config space, CPU, kernel state, log) and capture. The only code with libpci.
PROBE_CPPFLAGS = $(ACPI_CPPFLAGS) -I$(top_srcdir)/src/probe
noinst_LIBRARIES += libprobe.a
libprobe_a_CPPFLAGS = $(PROBE_CPPFLAGS)
libprobe_a_CFLAGS = $(AM_CFLAGS) $(LIBPCI_CFLAGS)
libprobe_a_SOURCES = \
	src/probe/hostenv.c src/probe/hostenv.h \
	src/probe/hostinfo.c src/probe/hostinfo.h \
	src/probe/hostuse.c src/probe/hostuse.h \
	src/probe/initramfs.c src/probe/initramfs.h \
	src/probe/kernel.c src/probe/kernel.h \
	src/probe/pci-caps.c src/probe/pci-caps.h \
	src/probe/pcitopo.c src/probe/pcitopo.h \
	src/probe/pci-ids.c src/probe/pci-ids.h \
	src/probe/uring-read.c src/probe/uring-read.h \
	src/probe/acpi-load.c src/probe/acpi-load.h \
	src/probe/capture.c src/probe/capture.h \
	src/probe/import-lspci.c src/probe/import-lspci.h \
	src/probe/import-dmesg.c src/probe/import-dmesg.h \
	src/probe/import.c src/probe/import.h
