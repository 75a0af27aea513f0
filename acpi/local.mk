# acpi/: pure table parsers, (buffer, length) in, model out; no I/O, no libraries.
libaudit_a_SOURCES +=
