# src/analysis/: topology, quirks, group prediction, coverage and the rules; one
# audit fills one report model. Uses the probes below it, never a renderer.
ANALYSIS_CPPFLAGS = $(PROBE_CPPFLAGS) -I$(top_srcdir)/src/analysis
noinst_LIBRARIES += libanalysis.a
libanalysis_a_CPPFLAGS = $(ANALYSIS_CPPFLAGS)
libanalysis_a_SOURCES = \
	src/analysis/topology.c src/analysis/topology.h \
	src/analysis/quirks.c src/analysis/quirks.h src/analysis/kernel-quirks.def \
	src/analysis/acs-facts.c src/analysis/acs-facts.h \
	src/analysis/groups.c src/analysis/groups.h \
	src/analysis/coverage.c src/analysis/coverage.h \
	src/analysis/coverage-acpi.c src/analysis/coverage-acpi.h \
	src/analysis/rules.h src/analysis/rules-host.c \
	src/analysis/rules-device.h src/analysis/rules-facts.c src/analysis/rules-isolation.c \
	src/analysis/rules-reset.c src/analysis/amd-reset.def src/analysis/rules-device.c \
	src/analysis/audit.c src/analysis/audit.h
