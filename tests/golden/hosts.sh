#!/bin/sh
# Golden fixture hosts: every tests/fixtures/hosts/NAME/expected/report.txt is the
# reviewed text report of that host; `check --root NAME` must reproduce it and
# its exit status (expected/exit). expected/args holds extra check arguments.
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
n=0
for dir in "$FIXTURES"/hosts/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	exp="$dir/expected"
	[ -f "$exp/report.txt" ] || continue
	n=$((n + 1))
	args=
	[ -f "$exp/args" ] && args=$(cat "$exp/args")
	# shellcheck disable=SC2086
	"$A" check --root "$dir" $args >"$scratch/out" 2>"$scratch/err"
	rc=$?
	diff -u "$exp/report.txt" "$scratch/out" >"$scratch/diff"
	ok $? "$name: text report"
	[ -s "$scratch/diff" ] && diag "$(head -30 "$scratch/diff")"
	want=$(cat "$exp/exit" 2>/dev/null || echo 0)
	[ "$rc" -eq "$want" ]
	ok $? "$name: exit status $rc (want $want)"
done
[ $n -gt 0 ]
ok $? "at least one golden host ($n)"
done_testing
