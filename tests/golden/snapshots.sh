#!/bin/sh
# The committed synthetic snapshots (tests/fixtures/hosts/NAME, which the
# browser and XML tests read and the tarball carries) are what their specs
# (tests/hosts/snapshots/NAME.spec) build: same files, bytes and link targets,
# so a spec and its snapshot cannot drift apart. `tests/regen snapshot NAME`
# rebuilds one.
. "$top_srcdir/tests/lib.sh"
MKHOST="$top_builddir/tests/tools/mkhost"
[ -x "$MKHOST" ] || skip_all "mkhost not built"
n=0
for spec in "$top_srcdir"/tests/hosts/snapshots/*.spec; do
	name=$(basename "$spec" .spec)
	n=$((n + 1))
	if ! "$MKHOST" "$spec" "$scratch/$name" 2>"$scratch/err"; then
		ok 1 "$name: mkhost builds it"
		diag "$(cat "$scratch/err")"
		continue
	fi
	diff -r --no-dereference -x expected -x README "$top_srcdir/tests/fixtures/hosts/$name" "$scratch/$name" \
		>"$scratch/diff" 2>&1
	ok $? "$name: the committed snapshot is what its spec builds"
	[ -s "$scratch/diff" ] && diag "$(head -20 "$scratch/diff")"
done
[ $n -gt 0 ]
ok $? "at least one snapshot spec ($n)"
done_testing
