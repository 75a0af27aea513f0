# Helpers for the XML tests, on top of tests/lib.sh: schema validation by two
# validators, and normalisation of what legitimately differs between runs.
. "$top_srcdir/tests/lib.sh"
: "${top_builddir:?}"
XSD="$top_srcdir/reports/iommu-audit.xsd"
XSD_VALIDATE="$top_builddir/tests/xml/xsd-validate"
# Reports carry the time they were made; golden runs pin it.
SOURCE_DATE_EPOCH=0
export SOURCE_DATE_EPOCH

# normalise FILE: the time and the --root path differ from run to run.
normalise() {
	sed -e 's/ generated="[^"]*"/ generated="TIME"/' -e 's/ root="[^"]*"/ root="ROOT"/' "$1"
}

# validate FILE DESCRIPTION: two TAP lines, xmllint --schema and libxml2's validator.
validate() {
	if [ -n "${XMLLINT:-}" ]; then
		"$XMLLINT" --noout --nonet --schema "$XSD" "$1" >"$scratch/xmllint.out" 2>&1
		st=$?
		ok $st "$2: valid (xmllint --schema)"
		[ $st -ne 0 ] && diag "$(head -10 "$scratch/xmllint.out")"
	else
		skip "$2: xmllint" "xmllint not found"
	fi
	"$XSD_VALIDATE" "$XSD" "$1" >"$scratch/xsdv.out" 2>&1
	st=$?
	ok $st "$2: valid (libxml2 validator)"
	[ $st -ne 0 ] && diag "$(head -10 "$scratch/xsdv.out")"
	return 0
}

# xpath FILE EXPR: the string value of an XPath 1.0 expression (needs xmllint).
xpath() {
	"$XMLLINT" --nonet --xpath "$2" "$1" 2>/dev/null
}
