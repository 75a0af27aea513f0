# tests/import/: import of pasted lspci, dmesg and acpidump text.
check_PROGRAMS += tests/unit/test-import tests/fuzz/fuzz-lspci tests/fuzz/fuzz-dmesg
tests_unit_test_import_SOURCES = tests/unit/test-import.c tests/tap.h
tests_unit_test_import_LDADD = $(AUDIT_LIBS)
# The text readers' fuzz targets, replayed over their corpus in make check;
# `make fuzz` runs them under libFuzzer.
tests_fuzz_fuzz_lspci_SOURCES = tests/fuzz/fuzz-lspci.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_lspci_CPPFLAGS = $(AM_CPPFLAGS) -DREPLAY_CORPUS='"tests/fuzz/corpus-lspci"'
tests_fuzz_fuzz_lspci_LDADD = $(AUDIT_LIBS)
tests_fuzz_fuzz_dmesg_SOURCES = tests/fuzz/fuzz-dmesg.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_dmesg_CPPFLAGS = $(AM_CPPFLAGS) -DREPLAY_CORPUS='"tests/fuzz/corpus-dmesg"'
tests_fuzz_fuzz_dmesg_LDADD = $(AUDIT_LIBS)
TESTS += tests/unit/test-import tests/fuzz/fuzz-lspci tests/fuzz/fuzz-dmesg \
	tests/import/errors.sh tests/import/roundtrip.sh tests/import/corpus.sh
EXTRA_DIST += tests/import/errors.sh tests/import/roundtrip.sh tests/import/corpus.sh \
	tests/import/mkpaste tests/import/group-peers tests/import/corpus-known-differences tests/import/corpus-refused \
	tests/fuzz/corpus-lspci tests/fuzz/corpus-dmesg tests/fixtures/real
