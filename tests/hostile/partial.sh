#!/bin/sh
# Item 2 of issue 15: a capture that did not finish is never audited as a host.
# Fails on main before the fix (8dcdb29): the unmarked directory was accepted,
# and a capture killed or out of space left OUTDIR behind without its marker.
. "$top_srcdir/tests/hostile/lib-hostile.sh"
root=$(host root)
rm "$root/IOMMU-AUDIT-SNAPSHOT"
"$A" check --root "$root" >/dev/null 2>"$scratch/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'PARTIAL SNAPSHOT' "$scratch/err"
ok $? "a root without the marker is refused loudly (exit $rc)"
exit_is 2 "groups refuses it too" "$A" groups --root "$root"
exit_is 2 "acpi --root refuses it too" "$A" acpi --root "$root"
"$A" check --hand-made-root --root "$root" >/dev/null 2>&1
[ $? -le 1 ]
ok $? "--hand-made-root audits it"

full=$(host full)
# A full disk: files past one block fail with EFBIG (SIGXFSZ ignored).
(trap '' XFSZ; ulimit -f 1; "$A" capture --root "$full" "$scratch/out-full") >/dev/null 2>"$scratch/err"
rc=$?
[ $rc -ne 0 ] && [ ! -e "$scratch/out-full" ] && [ -z "$(ls -A "$scratch" | grep partial)" ]
ok $? "a capture that runs out of space leaves nothing behind (exit $rc)"
if command -v strace >/dev/null 2>&1; then
	# SIGTERM in the middle of the capture (at its 40th openat).
	strace -f -o /dev/null -e inject=openat:signal=SIGTERM:when=40 \
		"$A" capture --root "$full" "$scratch/out-term" >/dev/null 2>&1
	rc=$?
	[ $rc -ne 0 ] && [ ! -e "$scratch/out-term" ] && [ -z "$(ls -A "$scratch" | grep partial)" ]
	ok $? "a capture stopped by SIGTERM leaves nothing behind (exit $rc)"
else
	ok 0 "a capture stopped by SIGTERM # SKIP strace not installed"
fi
"$A" capture --root "$full" "$scratch/out-ok" 2>/dev/null
[ "$(stat -c %a "$scratch/out-ok")" = 700 ] && [ -f "$scratch/out-ok/IOMMU-AUDIT-SNAPSHOT" ]
ok $? "a finished capture is mode 0700 and has its marker"
done_testing
