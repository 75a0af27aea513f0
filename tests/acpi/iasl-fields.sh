#!/bin/sh
# Compares `acpi --fields` with ACPICA's `iasl -d` on every fixture table, field
# by field (offset and value). Skips (77) when iasl is not installed.
# Fixtures that an older iasl cannot decode correctly are listed in NO_IASL with
# the reason; the real-firmware corpus check covers those structures.
: "${top_srcdir:?}" "${top_builddir:?}"
IASL=${IASL:-$(command -v iasl)}
PYTHON=$(command -v python3)
if [ -z "$IASL" ] || [ ! -x "$IASL" ] || [ -z "$PYTHON" ]; then
	echo "1..0 # SKIP iasl or python3 not installed"
	exit 77
fi
cli=$IOMMU_AUDIT
fixtures=$top_srcdir/tests/fixtures/acpi
# dmar-truncated: iasl refuses a table shorter than its header length.
NO_IASL="dmar-truncated.bin"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
set -- "$fixtures"/*.bin
echo "1..$#"
n=0
for f in "$@"; do
	n=$((n + 1))
	b=$(basename "$f")
	case " $NO_IASL " in *" $b "*) echo "ok $n - $b # SKIP not decodable by iasl"; continue;; esac
	cp "$f" "$tmp/t.dat"
	(cd "$tmp" && "$IASL" -d t.dat >/dev/null 2>&1)
	if [ ! -s "$tmp/t.dsl" ]; then
		echo "not ok $n - $b: iasl produced no disassembly"
		continue
	fi
	"$cli" acpi --fields "$f" >"$tmp/ours.txt"
	if out=$("$PYTHON" "$top_srcdir/tests/acpi/compare-iasl.py" "$tmp/ours.txt" "$tmp/t.dsl"); then
		echo "ok $n - $b: $(echo "$out" | head -n 1) (total matched missing mismatched)"
	else
		echo "not ok $n - $b"
		echo "$out" | sed 's/^/# /'
	fi
	rm -f "$tmp/t.dsl"
done
