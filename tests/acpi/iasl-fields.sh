#!/bin/sh
# Compares `acpi --fields` with ACPICA's `iasl -d` on every fixture table, field
# by field (offset and value). Skips when iasl is not installed.
# Fixtures that an older iasl cannot decode correctly are listed in NO_IASL with
# the reason; the real-firmware corpus check covers those structures.
. "$top_srcdir/tests/lib.sh"
IASL=${IASL:-$(command -v iasl)}
PYTHON=$(command -v python3)
if [ -z "$IASL" ] || [ ! -x "$IASL" ] || [ -z "$PYTHON" ]; then
	skip_all "iasl or python3 not installed"
fi
cli=$IOMMU_AUDIT
# dmar-truncated: iasl refuses a table shorter than its header length.
NO_IASL="dmar-truncated.bin"
tmp=$scratch
for f in "$FIXTURES"/acpi/*.bin; do
	b=$(basename "$f")
	case " $NO_IASL " in *" $b "*) ok 0 "$b # SKIP not decodable by iasl"; continue;; esac
	cp "$f" "$tmp/t.dat"
	(cd "$tmp" && "$IASL" -d t.dat >/dev/null 2>&1)
	if [ ! -s "$tmp/t.dsl" ]; then
		ok 1 "$b: iasl produced no disassembly"
		continue
	fi
	"$cli" acpi --fields "$f" >"$tmp/ours.txt"
	out=$("$PYTHON" "$top_srcdir/tests/acpi/compare-iasl.py" "$tmp/ours.txt" "$tmp/t.dsl")
	r=$?
	ok $r "$b: $(echo "$out" | head -n 1) (total matched missing mismatched)"
	[ $r -eq 0 ] || diag "$out"
	rm -f "$tmp/t.dsl"
done
done_testing
