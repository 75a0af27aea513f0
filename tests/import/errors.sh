#!/bin/sh
# Bad input to import: a clear message naming the file and line, exit 2, and
# nothing written where OUTDIR is (the import is built beside it and renamed).
. "$top_srcdir/tests/lib.sh"
t=$scratch

# A root port forwarding buses 00-01 from bus 00: its secondary bus is not
# below it (an impossible hierarchy).
cat >"$t/loop.txt" <<'X'
00:1c.0 PCI bridge [0604]: Intel Corporation Device [8086:a110]
	Bus: primary=00, secondary=00, subordinate=01, sec-latency=0

00:1c.1 PCI bridge [0604]: Intel Corporation Device [8086:a111]
	Bus: primary=00, secondary=02, subordinate=02, sec-latency=0

00:1c.2 PCI bridge [0604]: Intel Corporation Device [8086:a112]
	Bus: primary=00, secondary=02, subordinate=03, sec-latency=0
X
printf '00:00.0 Host bridge [0600]: X [8086:29c0]\n00: 86 80 c0 29 00 00 10 00 00 00 00 06 00 00 00 00\n10: 00 00\n' >"$t/cut.txt"
printf 'this is not lspci output\n' >"$t/prose.txt"
printf '00:00.0 Host bridge [0600]: X [8086:29c0]\n\n00:00.0 Host bridge [0600]: X [8086:29c0]\n' >"$t/dup.txt"

expect_error() { # expect_error DESC PATTERN ARGS...
	desc=$1 pattern=$2
	shift 2
	rm -rf "$t/out"
	"$IOMMU_AUDIT" import "$@" "$t/out" 2>"$t/err"
	rc=$?
	[ "$rc" -eq 2 ]
	ok $? "$desc: exit 2 (got $rc)"
	grep -q -- "$pattern" "$t/err"
	ok $? "$desc: message names the place ($(cat "$t/err"))"
	[ ! -e "$t/out" ] && [ -z "$(ls "$t" | grep '^out\.import-')" ]
	ok $? "$desc: nothing half-written"
}
expect_error "two bridges to one bus" "dup.txt:3\|loop.txt:7: impossible bus hierarchy" --lspci "$t/loop.txt"
expect_error "cut hex dump" "cut.txt:3" --lspci "$t/cut.txt"
expect_error "not lspci" "prose.txt:1: .*not lspci output" --lspci "$t/prose.txt"
expect_error "duplicate address" "dup.txt:3: .*listed twice" --lspci "$t/dup.txt"
expect_error "not dmesg" "prose.txt:1: .*not dmesg" --dmesg "$t/prose.txt"
expect_error "not acpidump" "prose.txt:1: .*not acpidump" --acpidump "$t/prose.txt"
# acpidump prints every row of a table in order (ACPICA's acpidump, AcpiUtDumpBuffer);
# a row that does not follow the one before is lines lost from the paste, or
# crafted to make a few bytes of text allocate 16 MiB.
fx=$FIXTURES/acpi/acpidump-host.txt
sed '5d' "$fx" >"$t/gap.txt"   # line 5 is the DMAR's row 0010: the next row leaves a gap
sed '6p' "$fx" >"$t/twice.txt" # row 0020 twice: the second goes back
printf 'DMAR @ 0x0000000000000000\n    FFFFF0: 44 4D 41 52\n' >"$t/far.txt"
expect_error "acpidump gap" "gap.txt:5: malformed acpidump hex line: .*rows before it are missing" --acpidump "$t/gap.txt"
expect_error "acpidump row twice" "twice.txt:7: malformed acpidump hex line: .*goes back" --acpidump "$t/twice.txt"
expect_error "acpidump far row" "far.txt:2: malformed acpidump hex line" --acpidump "$t/far.txt"
expect_error "not cpuinfo" "prose.txt:1: .*not /proc/cpuinfo" --cpuinfo "$t/prose.txt"
expect_error "missing file" "cannot open $t/none" --lspci "$t/none"
expect_error "two on stdin" "standard input" --lspci - --dmesg -

# A non-empty OUTDIR is refused and left as it was.
mkdir -p "$t/full" && echo keep >"$t/full/file"
"$IOMMU_AUDIT" import --cmdline "intel_iommu=on" "$t/full" 2>/dev/null
[ $? -eq 2 ] && [ "$(cat "$t/full/file")" = keep ] && [ "$(ls "$t/full")" = file ]
ok $? "a non-empty OUTDIR is refused and untouched"

# check/groups take the sources directly and leave no temporary directory.
fix=$FIXTURES/hosts/qemu-intel-noacs
mkdir -p "$t/tmp"
if command -v lspci >/dev/null 2>&1; then
	lspci -A linux-sysfs -O sysfs.path="$fix/sys/bus/pci" -vvnn >"$t/vv.txt" 2>/dev/null
	TMPDIR=$t/tmp "$IOMMU_AUDIT" groups --lspci - <"$t/vv.txt" >"$t/g" 2>"$t/err"
	"$IOMMU_AUDIT" groups --root "$fix" | cmp -s - "$t/g"
	ok $? "groups --lspci - (stdin) gives the kernel's groups of the text"
	TMPDIR=$t/tmp "$IOMMU_AUDIT" check --lspci "$t/vv.txt" >"$t/report" 2>&1
	grep -q "Source    imported from lspci -v text" "$t/report"
	ok $? "the report's header says it was imported, and from what"
	[ -z "$(ls "$t/tmp")" ]
	ok $? "the private import is removed afterwards"
	# Without its group lines the text cannot say the kernel formed none.
	grep -v 'IOMMU group:' "$t/vv.txt" >"$t/nogroups.txt"
	"$IOMMU_AUDIT" groups --lspci "$t/nogroups.txt" >/dev/null 2>"$t/err"
	[ $? -eq 1 ] && grep -q "the imported text names no IOMMU group" "$t/err" && ! grep -q "kernel formed" "$t/err"
	ok $? "groups --lspci on a text without group lines says so: $(cat "$t/err")"
	# lspci -xxx stops at 256 bytes: the ACS capabilities beyond are unknown,
	# never absent (the root port of this fixture has one at 0x148).
	lspci -A linux-sysfs -O sysfs.path="$fix/sys/bus/pci" -xxx >"$t/xxx.txt" 2>/dev/null
	"$IOMMU_AUDIT" groups --predict --why --lspci "$t/xxx.txt" 2>/dev/null | grep -q "ACS_UNREADABLE 0000:00:1c.0"
	ok $? "lspci -xxx: ACS past 256 bytes is unknown"
	# The browser, headless (its test seam), on the same text.
	echo quit >"$t/keys"
	if "$IOMMU_AUDIT" browse --help 2>/dev/null | grep -q -- --lspci; then
		TMPDIR=$t/tmp IOMMU_AUDIT_TUI_NO_DISPLAY=1 IOMMU_AUDIT_TUI_SCRIPT=$t/keys TERM=xterm LINES=24 COLUMNS=80 \
			"$IOMMU_AUDIT" browse --lspci "$t/vv.txt" </dev/null >/dev/null 2>"$t/err"
		[ $? -eq 0 ] && [ -z "$(ls "$t/tmp")" ]
		ok $? "browse --lspci opens the import and removes it ($(cat "$t/err"))"
	fi
fi
exit_is 2 "--root and --lspci exclude each other" "$IOMMU_AUDIT" check --root "$fix" --lspci "$t/vv.txt"
done_testing
