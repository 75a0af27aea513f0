#!/bin/sh
# `acpi --format xml` validates against the report schema (reports/iommu-audit.xsd) for every
# fixture (and for all of them at once). Skips without xmllint.
. "$top_srcdir/tests/lib.sh"
XMLLINT=${XMLLINT:-$(command -v xmllint)}
[ -n "$XMLLINT" ] || skip_all "xmllint not installed"
cli=$IOMMU_AUDIT
# The acpi part is a piece of the report schema, which includes it.
xsd=$top_srcdir/reports/iommu-audit.xsd
tmp=$scratch/acpi.xml
for f in "$FIXTURES"/acpi/*.bin ALL; do
	if [ "$f" = ALL ]; then "$cli" acpi --format xml "$FIXTURES"/acpi >"$tmp"
	else "$cli" acpi --format xml "$f" >"$tmp"; fi
	grep -q '<table ' "$tmp" && "$XMLLINT" --noout --schema "$xsd" "$tmp" 2>/dev/null
	r=$?
	ok $r "$(basename "$f") valid"
	[ $r -eq 0 ] || diag "$("$XMLLINT" --noout --schema "$xsd" "$tmp" 2>&1 | head -5)"
done
done_testing
