# acpi/: pure table parsers, (buffer, length) in, model out; no I/O, no libraries.
libaudit_a_SOURCES += \
	acpi/acpi-buf.h \
	acpi/acpi-fields.c acpi/acpi-fields.h \
	acpi/acpi-sdt.c acpi/acpi-sdt.h \
	acpi/acpi-dmar.c acpi/acpi-dmar.h \
	acpi/acpi-ivrs.c acpi/acpi-ivrs.h \
	acpi/acpi-iort.c acpi/acpi-iort.h \
	acpi/acpi-madt.c acpi/acpi-madt.h \
	acpi/acpi-dump.c acpi/acpi-dump.h
