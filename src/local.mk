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
	src/devfacts.c src/devfacts.h \
	src/rules.h src/rules-host.c src/rules-device.c src/verdict-policy.def \
	src/cli.c src/cli.h

iommu_audit_SOURCES += \
	src/main.c \
	src/cmd-check.c \
	src/cmd-capture.c \
	src/cmd-groups.c \
	src/cmd-findings.c
