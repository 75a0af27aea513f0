#!/bin/sh
# Item 1 of issue 15: a snapshot's links never lead the readers, or a capture,
# outside its root. Each link points at a file holding a token that must appear
# in no report and no capture. Both lookup paths are run: openat2(2) and the
# walk used where the kernel lacks it (IOMMU_AUDIT_NO_OPENAT2=1).
# Fails on main before the fix (8dcdb29): the token showed up in the report.
. "$top_srcdir/tests/hostile/lib-hostile.sh"
mkdir -p "$scratch/outside/sys/devices/evil"
echo "TOKEN-OUTSIDE-ROOT" >"$scratch/outside/secret"
for f in vendor device class subsystem_vendor subsystem_device; do
	echo 0x1234 >"$scratch/outside/sys/devices/evil/$f"
done
echo 0x030000 >"$scratch/outside/sys/devices/evil/class"
for mode in openat2 walk; do
	[ $mode = walk ] && export IOMMU_AUDIT_NO_OPENAT2=1
	root=$(host "root-$mode")
	ln -sf "$scratch/outside/secret" "$root/proc/cmdline"
	ln -sf "../../../../../outside/secret" "$root/sys/class/dmi/id/bios_version"
	ln -sf "$scratch/outside/secret" "$root/sys/class/dmi/id/product_name"
	# A device link into "the analyst's own sysfs".
	ln -s "$scratch/outside/sys/devices/evil" "$root/sys/bus/pci/devices/0000:05:00.0"
	"$A" check --root "$root" --all-devices -v >"$scratch/out" 2>&1
	! grep -q TOKEN-OUTSIDE "$scratch/out"
	ok $? "$mode: no file outside the root reaches the report"
	! grep -q '0000:05:00.0.*1234\|05:00.0  *Device 1234' "$scratch/out"
	ok $? "$mode: a device link out of the root is not read as a device"
	grep -q '0000:01:00.0' "$scratch/out"
	ok $? "$mode: the snapshot's own devices are still judged"
	"$A" capture --root "$root" "$scratch/cap-$mode" 2>"$scratch/err"
	ok $? "$mode: capture of the hostile snapshot succeeds"
	! grep -rq TOKEN-OUTSIDE "$scratch/cap-$mode"
	ok $? "$mode: the capture copies nothing from outside the root"
	bad=0
	for l in $(find "$scratch/cap-$mode" -type l); do
		case $(readlink "$l") in /*) bad=1 ;; esac
		t=$(readlink -m "$l")
		case $t in "$scratch/cap-$mode"/*) ;; *) bad=1; diag "$l -> $t" ;; esac
	done
	ok $bad "$mode: every link in the capture stays inside OUTDIR"
done
done_testing
