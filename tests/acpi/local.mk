# tests/acpi: firmware-table decoder tests (acpi branch).
noinst_PROGRAMS += tests/acpi/acpi-cli
tests_acpi_acpi_cli_SOURCES = tests/acpi/acpi-cli.c
tests_acpi_acpi_cli_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tests_acpi_acpi_cli_LDADD = libaudit.a $(XML_LIBS)
