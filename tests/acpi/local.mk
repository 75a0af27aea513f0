# tests/acpi: firmware-table decoder tests (acpi branch).
noinst_PROGRAMS += tests/acpi/acpi-cli
tests_acpi_acpi_cli_SOURCES = tests/acpi/acpi-cli.c
tests_acpi_acpi_cli_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
# xml-acpi shares the report's sanitizer (report-xml.o), which pulls in the model.
tests_acpi_acpi_cli_LDADD = libaudit.a $(LIBPCI_LIBS) $(XML_LIBS)
