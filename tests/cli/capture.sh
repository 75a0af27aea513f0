#!/bin/sh
# capture: refuses to write into a non-empty directory, writes a snapshot that
# audits exactly like the live host, keeps sysfs links relative, leaves secrets out.
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT

mkdir "$scratch/full"
echo keep >"$scratch/full/mine"
"$A" capture "$scratch/full" 2>"$scratch/err"
rc=$?
[ $rc -eq 2 ] && grep -q "$scratch/full" "$scratch/err" && [ "$(ls "$scratch/full")" = mine ]
ok $? "capture into a non-empty directory: exit 2, names it, writes nothing"
: >"$scratch/afile"
exit_is 2 "capture into a file" "$A" capture "$scratch/afile"
exit_is 2 "capture without OUTDIR" "$A" capture
exit_is 2 "capture from a missing root" "$A" capture --root "$scratch/nope" "$scratch/out0"
[ ! -e "$scratch/out0" ]
ok $? "a failed capture creates no OUTDIR"

"$A" capture "$scratch/snap" 2>"$scratch/err"
ok $? "capture of this machine succeeds"
[ -f "$scratch/snap/IOMMU-AUDIT-SNAPSHOT" ]
ok $? "the snapshot has its marker"

"$A" check >"$scratch/live.txt" 2>&1
live_rc=$?
"$A" check --root "$scratch/snap" >"$scratch/snap.txt" 2>&1
snap_rc=$?
diff -u "$scratch/live.txt" "$scratch/snap.txt" >"$scratch/diff"
ok $? "the snapshot's report equals the live host's"
[ -s "$scratch/diff" ] && diag "$(head -20 "$scratch/diff")"
[ $live_rc -eq $snap_rc ]
ok $? "and so does the exit status ($live_rc, $snap_rc)"
"$A" check --all-devices >"$scratch/live-all.txt" 2>&1
"$A" check --all-devices --root "$scratch/snap" >"$scratch/snap-all.txt" 2>&1
diff -u "$scratch/live-all.txt" "$scratch/snap-all.txt" >/dev/null
ok $? "the same holds with --all-devices"
"$A" groups >"$scratch/g1" 2>/dev/null
"$A" groups --root "$scratch/snap" >"$scratch/g2" 2>/dev/null
cmp -s "$scratch/g1" "$scratch/g2"
ok $? "groups of the snapshot equal the live groups"

bad=0
for l in "$scratch"/snap/sys/bus/pci/devices/*; do
	[ -L "$l" ] || continue
	case $(readlink "$l") in /*) bad=1 ;; esac
	[ -e "$l" ] || bad=1
done
ok $bad "PCI device links are relative and resolve inside the snapshot"

found=$(find "$scratch/snap" \( -name '*serial*' -o -name '*uuid*' -o -name 'MSDM*' -o -name 'asset_tag' \) | head -1)
[ -z "$found" ]
ok $? "no serial numbers, UUIDs or MSDM in the snapshot"

# A snapshot of a snapshot is the same snapshot.
"$A" capture --root "$scratch/snap" "$scratch/snap2" 2>/dev/null
(cd "$scratch/snap" && find . ! -name IOMMU-AUDIT-SNAPSHOT | sort) >"$scratch/l1"
(cd "$scratch/snap2" && find . ! -name IOMMU-AUDIT-SNAPSHOT | sort) >"$scratch/l2"
diff -r --no-dereference -x IOMMU-AUDIT-SNAPSHOT "$scratch/snap" "$scratch/snap2" >/dev/null && cmp -s "$scratch/l1" "$scratch/l2"
ok $? "capturing a snapshot reproduces it"
done_testing
