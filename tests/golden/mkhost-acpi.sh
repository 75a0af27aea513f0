#!/bin/sh
# The host builder's ACPI tables decoded by ACPICA (iasl -d), field by field as
# tests/hosts/builder/acpi-tables.spec says ("#iasl SIG FIELD : VALUE"), and
# with a correct checksum. Skips without iasl.
. "$top_srcdir/tests/lib.sh"
MKHOST="$top_builddir/tests/tools/mkhost"
IASL=${IASL:-$(command -v iasl)}
[ -x "$MKHOST" ] || skip_all "mkhost not built"
[ -n "$IASL" ] && [ -x "$IASL" ] || skip_all "iasl not installed"
spec=$top_srcdir/tests/hosts/builder/acpi-tables.spec
"$MKHOST" "$spec" "$scratch/h" 2>"$scratch/err"
ok $? "mkhost builds the tables"
for sig in $(sed -n 's/^#iasl \([A-Z0-9]*\) .*/\1/p' "$spec" | sort -u); do
	cp "$scratch/h/sys/firmware/acpi/tables/$sig" "$scratch/$sig.dat"
	(cd "$scratch" && "$IASL" -d "$sig.dat" >/dev/null 2>&1)
	[ -s "$scratch/$sig.dsl" ]
	ok $? "$sig: iasl disassembles it"
	! grep -qi 'incorrect checksum\|invalid checksum' "$scratch/$sig.dsl"
	ok $? "$sig: its checksum is right"
	# "[offset]   Field : Value" lines, blanks squeezed, offsets dropped.
	sed -n 's/^\[[^]]*\] *//p' "$scratch/$sig.dsl" | sed 's/  */ /g; s/ *$//' >"$scratch/$sig.fields"
	sed -n "s/^#iasl $sig //p" "$spec" | while IFS= read -r want; do
		grep -qxF "$want" "$scratch/$sig.fields" && echo "0 $want" || echo "1 $want"
	done >"$scratch/res"
	while read -r r want; do
		ok "$r" "$sig: $want"
	done <"$scratch/res"
done
done_testing
