#!/bin/sh
# Item 3 of issue 15: a FIFO where a file belongs never hangs a command; the
# function holding it is reported unreadable. Fails on main before the fix
# (8dcdb29): check, groups and browse blocked in libpci's open, fleet and acpi
# in theirs (timeout 124).
. "$top_srcdir/tests/hostile/lib-hostile.sh"
t=20
for f in config vendor device class resource; do
	root=$(host "root-$f")
	d=$(devdir "$root" 0000:00:1c.0)
	rm "$d/$f" && mkfifo "$d/$f"
	timeout $t "$A" check --root "$root" --all-devices >/dev/null 2>&1
	rc=$?
	[ $rc -ne 124 ] && [ $rc -le 1 ]
	ok $? "check with a FIFO as $f finishes (exit $rc)"
done
timeout $t "$A" groups --root "$root" --predict >/dev/null 2>&1
rc=$?
[ $rc -ne 124 ] && [ $rc -le 1 ]
ok $? "groups --predict with a FIFO finishes (exit $rc)"
printf 'quit\n' >"$scratch/keys"
IOMMU_AUDIT_TUI_NO_DISPLAY=1 IOMMU_AUDIT_TUI_SCRIPT="$scratch/keys" TERM=xterm LINES=24 COLUMNS=80 \
	timeout $t "$A" browse --root "$root" >/dev/null 2>&1
rc=$?
[ $rc -ne 124 ]
ok $? "browse with a FIFO finishes (exit $rc)"
mkfifo "$scratch/fifo"
timeout $t "$A" fleet "$scratch/fifo" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ]
ok $? "fleet FIFO is refused, not waited on (exit $rc)"
timeout $t "$A" acpi "$scratch/fifo" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ]
ok $? "acpi FIFO is refused, not waited on (exit $rc)"
done_testing
