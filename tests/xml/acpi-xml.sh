#!/bin/sh
# acpi --format xml follows the schema (iommu-audit-acpi.xsd, through
# iommu-audit.xsd which includes it): every fixture host's tables, raw tables
# with hostile OEM ids (control bytes, invalid UTF-8, U+FFFE) and an IORT; the
# same decode sits under <firmware> in check --format xml; and the schema
# rejects a document that breaks it (so the validation can fail).
. "$top_srcdir/tests/xml/lib-xml.sh"
A=$IOMMU_AUDIT

n=0
for dir in "$FIXTURES"/hosts/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	[ -d "$dir/sys/firmware/acpi/tables" ] || continue
	n=$((n + 1))
	"$A" acpi --format xml --root "$dir" >"$scratch/$name-acpi.xml" 2>/dev/null
	[ -s "$scratch/$name-acpi.xml" ]
	ok $? "$name: acpi --format xml writes a document"
	validate "$scratch/$name-acpi.xml" "$name: acpi"
done
[ $n -gt 0 ]
ok $? "fixture hosts with ACPI tables ($n)"

# bytes OCTAL...: raw bytes (printf with octal escapes, POSIX).
bytes() {
	for b in "$@"; do printf "\\$b"; done
}
# A DMAR header whose OEM id holds SOH, a lone 0xff and U+FFFE (EF BF BE),
# and whose table id holds an ANSI escape; no DRHD (a finding, still decoded).
{
	printf 'DMAR'
	bytes 060 000 000 000 001 000                 # length 48, revision 1, checksum 0
	bytes 001 377 357 277 276 132                 # OEM id
	bytes 033 133 063 061 155 101 102 041         # OEM table id "\e[31mAB!"
	bytes 001 000 000 000 101 102 103 104 001 000 000 000 # OEM rev, creator, creator rev
	bytes 046 001 000 000 000 000 000 000 000 000 000 000 # HAW 39 bits, INTR_REMAP
} >"$scratch/DMAR.hostile"
"$A" acpi --format xml "$scratch/DMAR.hostile" >"$scratch/hostile.xml" 2>/dev/null
validate "$scratch/hostile.xml" "hostile OEM ids"
if [ -n "${XMLLINT:-}" ]; then
	oem=$(xpath "$scratch/hostile.xml" 'string(//*[local-name()="table"]/@oem-id)')
	# The decoder replaces each unprintable byte; what is left is printable
	# ASCII ending in the one real character.
	case $oem in *Z) ! printf '%s' "$oem" | LC_ALL=C grep -q '[^ -~]' ;; *) false ;; esac
	ok $? "control bytes, invalid UTF-8 and U+FFFE are replaced (oem-id '$oem')"
	[ "$(xpath "$scratch/hostile.xml" 'count(//*[local-name()="dmar"])')" = 1 ]
	ok $? "the hostile table is still decoded"
else
	skip "hostile oem-id" "xmllint not found"
fi

! LC_ALL=C grep -q "$(printf '\033')" "$scratch/hostile.xml"
ok $? "no escape byte reaches the document"

# An IORT with one ITS group node (revision 3 layout), checksum left wrong.
{
	printf 'IORT'
	bytes 110 000 000 000 003 000                 # length 72, revision 3
	printf 'LINARO'
	printf 'TESTIORT'
	bytes 001 000 000 000 101 102 103 104 001 000 000 000
	bytes 001 000 000 000 060 000 000 000 000 000 000 000 # 1 node at 48
	bytes 000 030 000 000 000 000 000 000                 # ITS group, 24 bytes, id 0
	bytes 000 000 000 000 000 000 000 000                 # no mappings
	bytes 001 000 000 000 000 000 000 000                 # one ITS, id 0
} >"$scratch/IORT.bin"
"$A" acpi --format xml "$scratch/IORT.bin" >"$scratch/iort.xml" 2>/dev/null
validate "$scratch/iort.xml" "IORT"
grep -q '<iort' "$scratch/iort.xml"
ok $? "the IORT decode is in the document"

# The decode is part of the report, under <firmware>.
host="$FIXTURES/hosts/qemu-intel-switch"
"$A" check --format xml --root "$host" >"$scratch/check.xml" 2>/dev/null
validate "$scratch/check.xml" "check with the decode"
if [ -n "${XMLLINT:-}" ]; then
	[ "$(xpath "$scratch/check.xml" 'count(/*/*[local-name()="firmware"]/*[local-name()="acpi"]/*[local-name()="table"]/*[local-name()="dmar"]/*[local-name()="drhd"])')" -ge 1 ]
	ok $? "check --format xml holds the DMAR decode under <firmware><acpi>"
else
	grep -q '<drhd ' "$scratch/check.xml"
	ok $? "check --format xml holds the DMAR decode"
fi

# The schema can say no: a value outside a type and an unknown element.
sed 's/checksum-ok="[a-z]*"/checksum-ok="maybe"/' "$scratch/hostile.xml" >"$scratch/bad1.xml"
"$XSD_VALIDATE" "$XSD" "$scratch/bad1.xml" >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "checksum-ok=\"maybe\" is rejected"
sed 's|<dmar |<drhd-typo |; s|</dmar>|</drhd-typo>|' "$scratch/check.xml" >"$scratch/bad2.xml"
"$XSD_VALIDATE" "$XSD" "$scratch/bad2.xml" >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "an unknown element inside <acpi><table> is rejected"
done_testing
