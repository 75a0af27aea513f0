#!/bin/sh
# Golden synthetic hosts of the verdict rules: each tests/hosts/verdicts/NAME.spec
# is built into a root by tests/tools/mkhost, and `check --root` on it must print NAME.expected exactly and
# exit with NAME.exit. NAME.args holds extra check arguments (one line).
# The same host must also give the same report after a capture of it (the
# live-versus-snapshot equality the report promises).
. "$top_srcdir/tests/lib.sh"
MKHOST="$top_builddir/tests/tools/mkhost"
[ -x "$MKHOST" ] || skip_all "mkhost not built"
dir="$top_srcdir/tests/hosts/verdicts"
n=0
for spec in "$dir"/*.spec; do
	name=$(basename "$spec" .spec)
	[ -f "$dir/$name.expected" ] || continue
	n=$((n + 1))
	root="$scratch/$name"
	if ! "$MKHOST" "$spec" "$root" 2>"$scratch/err"; then
		ok 1 "$name: build the host"
		diag "$(cat "$scratch/err")"
		continue
	fi
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	# shellcheck disable=SC2086
	"$IOMMU_AUDIT" check --root "$root" $args >"$scratch/out" 2>"$scratch/err"
	rc=$?
	diff -u "$dir/$name.expected" "$scratch/out" >"$scratch/diff"
	ok $? "$name: text report"
	[ -s "$scratch/diff" ] && diag "$(head -40 "$scratch/diff")"
	want=$(cat "$dir/$name.exit" 2>/dev/null || echo 0)
	[ "$rc" -eq "$want" ]
	ok $? "$name: exit status $rc (want $want)"
	# A capture of the host must give the same report: the rules read nothing
	# that the capture leaves behind. (A capture records the privileges of the
	# process that captures, so an unprivileged host is not re-captured.)
	if grep -q '^marker .*privileged=no' "$spec"; then
		skip "$name: same report from a capture of it" "unprivileged host"
	elif "$IOMMU_AUDIT" capture --root "$root" "$scratch/$name.cap" >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		"$IOMMU_AUDIT" check --root "$scratch/$name.cap" $args 2>&1 |
			sed -e "s|$scratch/$name.cap|ROOT|g" >"$scratch/cap.out"
		sed -e "s|$root|ROOT|g" "$scratch/out" | diff -u - "$scratch/cap.out" >"$scratch/diff"
		ok $? "$name: same report from a capture of it"
		[ -s "$scratch/diff" ] && diag "$(head -20 "$scratch/diff")"
	else
		ok 1 "$name: capture of it"
	fi
	# Lines never wider than 80 columns.
	awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$scratch/out"
	ok $? "$name: fits 80 columns"
done
[ $n -gt 0 ]
ok $? "at least one synthetic host ($n)"
done_testing
