# tests/verdicts/: the verdict rules. Unit tests on hand-built facts, and golden
# synthetic hosts: each tests/hosts/verdicts/NAME.spec is built into a root by
# tests/tools/mkhost and its report compared with NAME.expected (exit status in
# NAME.exit, extra check arguments in NAME.args).
check_PROGRAMS += tests/verdicts/test-rules
tests_verdicts_test_rules_SOURCES = tests/verdicts/test-rules.c tests/tap.h
tests_verdicts_test_rules_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/verdicts/test-rules tests/verdicts/hosts.sh
EXTRA_DIST += tests/verdicts/hosts.sh tests/hosts/verdicts
