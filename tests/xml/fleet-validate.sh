#!/bin/sh
# fleet --validate / --schema: each report is validated against the schema
# while it streams; one the schema rejects is named on stderr and skipped (kind
# "invalid"), the others are summarised as without validation.
. "$top_srcdir/tests/xml/lib-xml.sh"
A=$IOMMU_AUDIT
R="$scratch/reports"
mkdir -p "$R"
good=0
for name in qemu-intel-switch qemu-amd-switch firecracker-noiommu; do
	"$A" check --format xml --root "$FIXTURES/hosts/$name" >"$R/$name.xml" 2>/dev/null
	good=$((good + 1))
done
# Well-formed, the right root and namespace, a host: only the schema can tell
# these from good reports.
sed 's/ config-full="yes"/ config-full="maybe"/' "$R/qemu-intel-switch.xml" >"$R/bad-value.xml"
sed 's/ hostname="[^"]*"/ hostname="extra"/; s|<cpu |<gpu-count n="1"/><cpu |' \
	"$R/qemu-amd-switch.xml" >"$R/bad-element.xml"

"$A" fleet --no-progress "$R" >"$scratch/plain.txt" 2>"$scratch/plain.err"
rc=$?
[ $rc -eq 0 ]
ok $? "without --validate the schema-invalid reports are read (exit $rc)"
grep -q "^Fleet: $((good + 2)) reports read, 0 skipped" "$scratch/plain.txt"
ok $? "without --validate: $((good + 2)) reports"

"$A" fleet --no-progress --schema "$XSD" "$R" >"$scratch/v.txt" 2>"$scratch/v.err"
rc=$?
[ $rc -eq 1 ]
ok $? "invalid reports give exit status 1 (got $rc)"
for b in bad-value bad-element; do
	grep -q "$R/$b.xml: skipped: not valid against $XSD: .*'{urn:iommu-audit:report:1}[a-z-]*'" "$scratch/v.err"
	ok $? "stderr names $b.xml and the first validity error"
done
[ "$(grep -c 'skipped: ' "$scratch/v.err")" -eq 2 ]
ok $? "only the two invalid reports are skipped"
[ $rc -ne 1 ] && diag "$(cat "$scratch/v.err")"
grep -q "^Fleet: $good reports read, 2 skipped" "$scratch/v.txt"
ok $? "with --validate: $good reports, 2 skipped"

"$A" fleet --no-progress --format xml --validate --schema "$XSD" "$R" >"$scratch/v.xml" 2>/dev/null
validate "$scratch/v.xml" "fleet --validate --format xml"
[ "$(grep -c '<file [^>]*kind="invalid"' "$scratch/v.xml")" -eq 2 ]
ok $? "the XML summary lists both as kind=\"invalid\""

"$A" fleet --no-progress --schema "$XSD" "$R/qemu-intel-switch.xml" >/dev/null 2>&1
ok $? "a valid report passes --validate"
exit_is 2 "a missing schema is an error" "$A" fleet --no-progress --schema "$scratch/none.xsd" "$R"
printf 'not a schema\n' >"$scratch/broken.xsd"
exit_is 2 "a broken schema is an error" "$A" fleet --no-progress --schema "$scratch/broken.xsd" "$R"
exit_is 2 "only invalid reports: nothing read, exit 2" \
	"$A" fleet --no-progress --schema "$XSD" "$R/bad-value.xml"
head -c 300 "$R/qemu-amd-switch.xml" >"$scratch/truncated.xml"
"$A" fleet --no-progress --schema "$XSD" "$scratch/truncated.xml" "$R/qemu-amd-switch.xml" \
	>/dev/null 2>"$scratch/t.err"
[ "$(wc -l <"$scratch/t.err")" -eq 1 ] && grep -q 'truncated.xml: skipped: ' "$scratch/t.err"
ok $? "a truncated report under --validate: one line on stderr, nothing from libxml2"
"$A" fleet --help | grep -q -- '--validate'
ok $? "--help documents --validate"
done_testing
