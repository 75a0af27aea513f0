# tests/groups/: the PCI capability decoder and the IOMMU-group engine, rule by
# rule on synthetic hosts (tests/hosts/groups/*.spec) built by tests/tools/mkhost.
check_PROGRAMS += tests/groups/test-pcicaps tests/groups/test-coverage tests/fuzz/fuzz-pcicaps
tests_groups_test_pcicaps_SOURCES = tests/groups/test-pcicaps.c tests/tap.h
tests_groups_test_pcicaps_LDADD = $(AUDIT_LIBS)
tests_groups_test_coverage_SOURCES = tests/groups/test-coverage.c tests/tap.h
tests_groups_test_coverage_LDADD = $(AUDIT_LIBS)
tests_fuzz_fuzz_pcicaps_SOURCES = tests/fuzz/fuzz-pcicaps.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_pcicaps_CPPFLAGS = $(AM_CPPFLAGS) -DREPLAY_CORPUS='"tests/fuzz/corpus-pcicaps"'
tests_fuzz_fuzz_pcicaps_LDADD = $(AUDIT_LIBS)

TESTS += tests/groups/test-pcicaps tests/groups/test-coverage tests/groups/rules.sh tests/groups/real-lspci.sh \
	tests/fuzz/fuzz-pcicaps
EXTRA_DIST += tests/groups/rules.sh tests/groups/real-lspci.sh tests/fuzz/fuzz-pcicaps \
	tests/hosts/groups tests/fuzz/corpus-pcicaps tests/bench/bench-check \
	tests/fixtures/real/gigabyte-b460-hd3/lspci.txt
