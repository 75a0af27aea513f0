# src/: root-relative readers, analysis, the report model and the program.
libaudit_a_SOURCES += \
	src/util.c src/util.h \
	src/hostenv.c src/hostenv.h \
	src/findings.c src/findings.h src/findings.def acpi/acpi-findings.def \
	src/model.h \
	src/hostinfo.c src/hostinfo.h \
	src/kernel.c src/kernel.h \
	src/pcitopo.c src/pcitopo.h \
	src/capture.c src/capture.h \
	src/audit.c src/audit.h \
	src/rules.h src/rules-host.c src/rules-device.c src/verdict-policy.def \
	src/cli.c src/cli.h

iommu_audit_SOURCES += \
	src/main.c \
	src/cmd-check.c \
	src/cmd-capture.c \
	src/cmd-groups.c \
	src/cmd-findings.c

# acpi: table readers, the `acpi` subcommand and its XML writer.
libaudit_a_SOURCES += src/acpi-load.c src/acpi-load.h src/cmd-acpi.c src/cmd-acpi.h \
	reports/xml-acpi.c reports/xml-acpi.h

# PCI capabilities, topology, quirks and the IOMMU-group engine.
libaudit_a_SOURCES += \
	src/pci-caps.c src/pci-caps.h \
	src/topology.c src/topology.h \
	src/quirks.c src/quirks.h \
	src/groups.c src/groups.h \
	src/coverage.c src/coverage.h \
	src/coverage-acpi.c src/coverage-acpi.h
