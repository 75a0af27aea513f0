# src/: root-relative readers, analysis, the report model and the program.
libaudit_a_SOURCES += \
	src/util.c src/util.h \
	src/hostenv.c src/hostenv.h

iommu_audit_SOURCES += src/main.c
libaudit_a_SOURCES += src/findings.c src/findings.h src/findings.def acpi/acpi-findings.def
# acpi: table readers, the `acpi` subcommand and its XML writer (acpi branch).
libaudit_a_SOURCES += src/acpi-load.c src/acpi-load.h src/cmd-acpi.c src/cmd-acpi.h \
	reports/xml-acpi.c reports/xml-acpi.h
