#!/bin/sh
# make fuzz: builds each fuzz target with clang -fsanitize=fuzzer,address,undefined
# and runs it for FUZZ_SECONDS (default 120) from the fixtures. A crash is saved
# by libFuzzer as crash-*; keep it as tests/fixtures/acpi/fuzz/NAME-WHAT.bin
# (text readers: tests/fuzz/corpus-lspci or corpus-dmesg) so the replay drivers
# run it in make check. Usage: run-fuzz.sh SRCDIR BUILDDIR
srcdir=${1:?srcdir}; builddir=${2:?builddir}
secs=${FUZZ_SECONDS:-120}
CC=${FUZZ_CC:-clang}
out=$builddir/fuzz-build
mkdir -p "$out" || exit 1
src="$srcdir/acpi/acpi-fields.c $srcdir/acpi/acpi-sdt.c $srcdir/acpi/acpi-dmar.c $srcdir/acpi/acpi-ivrs.c
	$srcdir/acpi/acpi-iort.c $srcdir/acpi/acpi-madt.c $srcdir/acpi/acpi-dump.c
	$srcdir/src/base/util.c $srcdir/src/base/findings.c"
inc="-I$builddir -I$srcdir/src/base -I$srcdir/acpi -I$srcdir/src/probe"
# The pasted-text readers of import, with what they call.
text_src="$srcdir/src/probe/import-lspci.c $srcdir/src/probe/import-dmesg.c $srcdir/src/probe/kernel.c
	$srcdir/src/probe/hostenv.c $srcdir/src/probe/pci-caps.c $srcdir/src/base/util.c"
status=0
for t in dmar ivrs iort acpidump; do
	$CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-include "$builddir/config.h" $inc \
		-o "$out/fuzz-$t" "$srcdir/tests/fuzz/fuzz-$t.c" $src || exit 1
	mkdir -p "$out/corpus-$t"
	cp "$srcdir"/tests/fixtures/acpi/*.bin "$srcdir"/tests/fixtures/acpi/*.txt "$out/corpus-$t/" 2>/dev/null
	echo "== fuzz-$t for ${secs}s"
	(cd "$out" && ./fuzz-$t -max_total_time="$secs" -max_len=4096 -print_final_stats=1 \
		"corpus-$t" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|crash-') || true
	ls "$out"/crash-* >/dev/null 2>&1 && status=1
done
for t in lspci dmesg; do
	$CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-include "$builddir/config.h" $inc \
		-o "$out/fuzz-$t" "$srcdir/tests/fuzz/fuzz-$t.c" $text_src || exit 1
	mkdir -p "$out/corpus-$t"
	cp "$srcdir"/tests/fuzz/corpus-$t/* "$out/corpus-$t/" 2>/dev/null
	echo "== fuzz-$t for ${secs}s"
	(cd "$out" && ./fuzz-$t -max_total_time="$secs" -max_len=16384 -print_final_stats=1 \
		"corpus-$t" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|crash-') || true
	ls "$out"/crash-* >/dev/null 2>&1 && status=1
done
exit $status
