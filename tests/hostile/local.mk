# tests/hostile/: one reproducer per item of issue 15 (a snapshot as an attacker
# or an unlucky user would make it), each failing before its fix; and a strace
# check that no command writes outside OUTDIR. Run under ASan too (run-tests).
hostile_tests = tests/hostile/escape.sh tests/hostile/partial.sh tests/hostile/fifo.sh \
	tests/hostile/baddev.sh tests/hostile/privacy.sh tests/hostile/smaller.sh tests/hostile/writes.sh
TESTS += $(hostile_tests)
EXTRA_DIST += $(hostile_tests) tests/hostile/lib-hostile.sh
