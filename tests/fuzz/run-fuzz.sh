#!/bin/sh
# make fuzz: builds each fuzz target with clang -fsanitize=fuzzer,address,undefined
# and runs it from the fixtures, for FUZZ_SECONDS (default 120) or, when
# FUZZ_RUNS is set, for that many executions (the figure an issue asks for).
# FUZZ_TARGETS picks some (default: all). A crash is saved by libFuzzer as
# crash-*; keep it as tests/fixtures/acpi/fuzz/NAME-WHAT.bin (or under
# tests/fuzz/corpus-TARGET/ for pcicaps, lspci, dmesg, pciids) so the replay
# drivers run it in make check.
# Usage: run-fuzz.sh SRCDIR BUILDDIR
srcdir=${1:?srcdir}; builddir=${2:?builddir}
secs=${FUZZ_SECONDS:-120}
CC=${FUZZ_CC:-clang}
out=$builddir/fuzz-build
mkdir -p "$out" || exit 1
base="$srcdir/src/base/util.c $srcdir/src/base/findings.c $srcdir/src/base/model.c"
acpi="$srcdir/acpi/acpi-fields.c $srcdir/acpi/acpi-sdt.c $srcdir/acpi/acpi-tables.c
	$srcdir/acpi/acpi-dmar.c $srcdir/acpi/acpi-ivrs.c $srcdir/acpi/acpi-iort.c
	$srcdir/acpi/acpi-madt.c $srcdir/acpi/acpi-dump.c"
inc="-I$builddir -I$srcdir/src/base -I$srcdir/acpi -I$srcdir/src/probe"
# The pasted-text readers of import, with what they call.
text_src="$srcdir/src/probe/import-lspci.c $srcdir/src/probe/import-dmesg.c $srcdir/src/probe/kernel.c
	$srcdir/src/probe/hostenv.c $srcdir/src/probe/uring-read.c $srcdir/src/probe/pci-caps.c $srcdir/src/base/util.c"
if [ -n "${FUZZ_RUNS:-}" ]; then limit="-runs=$FUZZ_RUNS"; else limit="-max_total_time=$secs"; fi
status=0
for t in ${FUZZ_TARGETS:-dmar ivrs iort acpidump pcicaps lspci dmesg initramfs hostuse pciids}; do
	max_len=4096
	case $t in
	lspci | dmesg) src=$text_src; seeds="$srcdir/tests/fuzz/corpus-$t/*"; max_len=16384 ;;
	pcicaps) src="$srcdir/src/probe/pci-caps.c $base"; seeds="$srcdir/tests/fuzz/corpus-pcicaps/*" ;;
	pciids) src="$srcdir/src/probe/pci-ids.c $base"; seeds="$srcdir/tests/fuzz/corpus-pciids/*"; max_len=16384 ;;
	hostuse) src="$srcdir/src/probe/hostuse.c $srcdir/src/probe/hostenv.c $srcdir/src/probe/uring-read.c $base"
		seeds="$srcdir/tests/fixtures/acpi/*.txt" ;;
	initramfs) src="$srcdir/src/probe/initramfs.c $srcdir/src/probe/hostenv.c $srcdir/src/probe/uring-read.c $base"
		seeds="$srcdir/tests/fixtures/acpi/*.txt" ;;
	*) src="$acpi $base"; seeds="$srcdir/tests/fixtures/acpi/*.bin $srcdir/tests/fixtures/acpi/*.txt" ;;
	esac
	# shellcheck disable=SC2086
	$CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-include "$builddir/config.h" $inc \
		-o "$out/fuzz-$t" "$srcdir/tests/fuzz/fuzz-$t.c" $src || exit 1
	mkdir -p "$out/corpus-$t"
	# shellcheck disable=SC2086
	cp $seeds "$out/corpus-$t/" 2>/dev/null
	echo "== fuzz-$t ($limit)"
	(cd "$out" && ./fuzz-$t $limit -max_len=$max_len -print_final_stats=1 \
		"corpus-$t" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|crash-') || true
	ls "$out"/crash-* >/dev/null 2>&1 && status=1
done
exit $status
