#!/bin/sh
# check --format xml on every fixture host: the output validates against the
# schema (both validators), exits as the text report does, and, where the host
# has expected/report.xml, equals it once the time and root are normalised.
. "$top_srcdir/tests/xml/lib-xml.sh"
A=$IOMMU_AUDIT
n=0
for dir in "$FIXTURES"/hosts/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	exp="$dir/expected"
	args=
	[ -f "$exp/args" ] && args=$(cat "$exp/args")
	# shellcheck disable=SC2086
	"$A" check --format xml --root "$dir" $args >"$scratch/$name.xml" 2>"$scratch/err"
	rc=$?
	# The text report's exit status is the reference where none is recorded.
	if [ -f "$exp/exit" ]; then
		want=$(cat "$exp/exit")
	else
		# shellcheck disable=SC2086
		"$A" check --root "$dir" $args >/dev/null 2>&1
		want=$?
	fi
	[ "$rc" -eq "$want" ]
	ok $? "$name: xml exit status $rc (want $want, as the text report)"
	validate "$scratch/$name.xml" "$name"
	# Every function judged: more of the model reaches the schema.
	"$A" check --format xml --all-devices --root "$dir" >"$scratch/$name-all.xml" 2>/dev/null
	validate "$scratch/$name-all.xml" "$name --all-devices"
	if [ -f "$exp/report.xml" ]; then
		n=$((n + 1))
		normalise "$scratch/$name.xml" | diff -u "$exp/report.xml" - >"$scratch/diff"
		ok $? "$name: xml report equals expected/report.xml"
		[ -s "$scratch/diff" ] && diag "$(head -30 "$scratch/diff")"
	fi
done
[ $n -gt 0 ]
ok $? "at least one golden XML host ($n)"

# The time: SOURCE_DATE_EPOCH pins it; without it, it is now, in UTC.
grep -q 'generated="1970-01-01T00:00:00Z"' "$scratch/$name.xml"
ok $? "SOURCE_DATE_EPOCH sets the generated time"
env -u SOURCE_DATE_EPOCH "$A" check --format xml --root "$dir" 2>/dev/null |
	grep -q "generated=\"$(date -u +%Y-)[0-9-]*T[0-9:]*Z\""
ok $? "without SOURCE_DATE_EPOCH the time is now, UTC"
exit_is 2 "an unknown format is a usage error" "$A" check --format yaml --root "$dir"
done_testing
