# tests/: unit drivers, CLI behaviour, golden fixture hosts.
TEST_UNIT_LDADD = $(AUDIT_LIBS)
check_PROGRAMS += tests/unit/test-util tests/unit/test-kernel tests/unit/test-select
tests_unit_test_util_SOURCES = tests/unit/test-util.c tests/tap.h
tests_unit_test_util_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_kernel_SOURCES = tests/unit/test-kernel.c tests/tap.h
tests_unit_test_kernel_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_select_SOURCES = tests/unit/test-select.c tests/tap.h
tests_unit_test_select_LDADD = $(TEST_UNIT_LDADD)

TESTS += tests/unit/test-util tests/unit/test-kernel tests/unit/test-select \
	tests/cli/cli.sh tests/cli/capture.sh tests/cli/acpi-unreadable.sh tests/golden/hosts.sh
EXTRA_DIST += tests/lib.sh tests/cli/cli.sh tests/cli/capture.sh tests/cli/acpi-unreadable.sh tests/golden/hosts.sh \
	tests/fixtures/hosts tests/bench/run-bench
