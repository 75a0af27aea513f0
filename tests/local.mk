# tests/: unit drivers, CLI behaviour, golden fixture hosts.
# The one synthetic-host builder: a spec (tests/hosts/*/NAME.spec) to a root.
check_PROGRAMS += tests/tools/mkhost
tests_tools_mkhost_SOURCES = tests/tools/mkhost.c
TEST_UNIT_LDADD = $(AUDIT_LIBS)
check_PROGRAMS += tests/unit/test-hostenv tests/unit/test-util tests/unit/test-kernel tests/unit/test-select tests/unit/test-hostuse \
	tests/fuzz/fuzz-hostuse tests/unit/test-initramfs tests/fuzz/fuzz-initramfs \
	tests/unit/test-pciids tests/fuzz/fuzz-pciids
# The pci.ids lookup against libpci's (hence libpci's headers), and its fuzz target.
tests_unit_test_pciids_SOURCES = tests/unit/test-pciids.c tests/tap.h
tests_unit_test_pciids_CFLAGS = $(AM_CFLAGS) $(LIBPCI_CFLAGS)
tests_unit_test_pciids_LDADD = $(TEST_UNIT_LDADD)
tests_fuzz_fuzz_pciids_SOURCES = tests/fuzz/fuzz-pciids.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_pciids_CPPFLAGS = $(AM_CPPFLAGS) -DREPLAY_CORPUS='"tests/fuzz/corpus-pciids"'
tests_fuzz_fuzz_pciids_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_initramfs_SOURCES = tests/unit/test-initramfs.c tests/tap.h
tests_unit_test_initramfs_LDADD = $(TEST_UNIT_LDADD)
# The initramfs configuration readers' fuzz target, replayed over arbitrary bytes.
tests_fuzz_fuzz_initramfs_SOURCES = tests/fuzz/fuzz-initramfs.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_initramfs_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_hostuse_SOURCES = tests/unit/test-hostuse.c tests/tap.h
tests_unit_test_hostuse_LDADD = $(TEST_UNIT_LDADD)
# The host-usage parsers' fuzz target, replayed over arbitrary bytes.
tests_fuzz_fuzz_hostuse_SOURCES = tests/fuzz/fuzz-hostuse.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_hostuse_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_hostenv_SOURCES = tests/unit/test-hostenv.c tests/tap.h
tests_unit_test_hostenv_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_util_SOURCES = tests/unit/test-util.c tests/tap.h
tests_unit_test_util_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_kernel_SOURCES = tests/unit/test-kernel.c tests/tap.h
tests_unit_test_kernel_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_select_SOURCES = tests/unit/test-select.c tests/tap.h
tests_unit_test_select_LDADD = $(TEST_UNIT_LDADD)

TESTS += tests/unit/test-hostenv tests/unit/test-util tests/unit/test-kernel tests/unit/test-select tests/unit/test-hostuse \
	tests/fuzz/fuzz-hostuse tests/unit/test-initramfs tests/fuzz/fuzz-initramfs \
	tests/unit/test-pciids tests/fuzz/fuzz-pciids \
	tests/cli/cli.sh tests/cli/help.sh tests/cli/completion.sh tests/cli/graph.sh tests/cli/capture.sh \
	tests/cli/acpi-unreadable.sh tests/cli/io-uring.sh tests/cli/pciids.sh tests/golden/hosts.sh tests/golden/snapshots.sh \
	tests/golden/mkhost-acpi.sh
EXTRA_DIST += tests/fuzz/corpus-pciids tests/lib.sh tests/cli/cli.sh tests/cli/help.sh tests/cli/completion.sh tests/cli/graph.sh \
	tests/cli/capture.sh tests/cli/acpi-unreadable.sh tests/cli/io-uring.sh tests/cli/pciids.sh tests/golden/hosts.sh tests/golden/snapshots.sh \
	tests/golden/mkhost-acpi.sh tests/fixtures/hosts tests/hosts/snapshots tests/hosts/tables tests/hosts/builder \
	tests/bench/run-bench
