#!/bin/sh
# Item 4 of issue 15: one bad device entry costs that device only, and a scan
# that missed devices never says "no display controller". Fails on main before
# the fix (8dcdb29): libpci's error lost the whole bus ("No device to judge").
. "$top_srcdir/tests/hostile/lib-hostile.sh"
root=$(host garbage)
echo "this is not a resource file" >"$(devdir "$root" 0000:00:1c.0)/resource"
"$A" check --root "$root" >"$scratch/out" 2>&1
grep -q '0000:01:00.0' "$scratch/out" && ! grep -q 'No device to judge' "$scratch/out"
ok $? "a garbage resource file loses no device"
root=$(host dangling)
ln -s ../../../devices/nowhere "$root/sys/bus/pci/devices/0000:07:00.0"
"$A" check --root "$root" -v >"$scratch/out" 2>&1
grep -q '0000:01:00.0' "$scratch/out" && grep -q 'A PCI function could not be read' "$scratch/out"
ok $? "a dangling device link is reported, the rest is judged"
root=$(host novendor)
rm "$(devdir "$root" 0000:00:02.0)/vendor" "$(devdir "$root" 0000:01:00.0)/vendor"
"$A" check --root "$root" >"$scratch/out" 2>&1
rc=$?
! grep -q 'There is no display controller' "$scratch/out" && grep -q 'could not be read' "$scratch/out" && [ $rc -eq 1 ]
ok $? "with both GPUs unreadable, their absence is unknown, not asserted (exit $rc)"
done_testing
