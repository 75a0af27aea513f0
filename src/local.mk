# src/: root-relative readers, analysis, the report model and the program.
libaudit_a_SOURCES += \
	src/util.c src/util.h \
	src/hostenv.c src/hostenv.h

iommu_audit_SOURCES += src/main.c
libaudit_a_SOURCES += src/findings.c src/findings.h src/findings.def acpi/acpi-findings.def
