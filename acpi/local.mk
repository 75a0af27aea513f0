# acpi/: pure table parsers, (buffer, length) in, model out; no I/O, no libraries.
# May use src/base only.
ACPI_CPPFLAGS = $(BASE_CPPFLAGS) -I$(top_srcdir)/acpi
noinst_LIBRARIES += libacpi.a
libacpi_a_CPPFLAGS = $(ACPI_CPPFLAGS)
libacpi_a_SOURCES = \
	acpi/acpi-buf.h \
	acpi/acpi-fields.c acpi/acpi-fields.h \
	acpi/acpi-sdt.c acpi/acpi-sdt.h \
	acpi/acpi-tables.c acpi/acpi-tables.h \
	acpi/acpi-dmar.c acpi/acpi-dmar.h \
	acpi/acpi-ivrs.c acpi/acpi-ivrs.h \
	acpi/acpi-iort.c acpi/acpi-iort.h \
	acpi/acpi-madt.c acpi/acpi-madt.h \
	acpi/acpi-dump.c acpi/acpi-dump.h
