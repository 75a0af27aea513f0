#!/bin/sh
# `acpi --format xml` validates against the report schema (reports/iommu-audit.xsd) for every
# fixture (and for all of them at once). Skips without xmllint.
: "${top_srcdir:?}" "${top_builddir:?}"
XMLLINT=${XMLLINT:-$(command -v xmllint)}
if [ -z "$XMLLINT" ]; then echo "1..0 # SKIP xmllint not installed"; exit 77; fi
cli=$IOMMU_AUDIT
# The acpi part is a piece of the report schema, which includes it.
xsd=$top_srcdir/reports/iommu-audit.xsd
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
set -- "$top_srcdir"/tests/fixtures/acpi/*.bin
echo "1..$(($# + 1))"
n=0
for f in "$@" ALL; do
	n=$((n + 1))
	if [ "$f" = ALL ]; then "$cli" acpi --format xml "$top_srcdir"/tests/fixtures/acpi >"$tmp"
	else "$cli" acpi --format xml "$f" >"$tmp"; fi
	if grep -q '<table ' "$tmp" && "$XMLLINT" --noout --schema "$xsd" "$tmp" 2>/dev/null; then
		echo "ok $n - $(basename "$f") valid"
	else
		echo "not ok $n - $(basename "$f")"
		"$XMLLINT" --noout --schema "$xsd" "$tmp" 2>&1 | head -5 | sed 's/^/# /'
	fi
done
