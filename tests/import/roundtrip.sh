#!/bin/sh
# The audit of a machine made from its pasted output equals the audit of its
# snapshot. For every real-kernel QEMU fixture (tests/fixtures/hosts/qemu-*:
# a Debian kernel booted under QEMU, captured by iommu-audit), tests/import/mkpaste
# makes the text its owner would paste with pciutils' own lspci and ACPICA's
# acpidump pointed at the fixture, and the kernel log as dmesg prints it; the
# import of that text must give:
#   - the kernel's groups (from lspci's "IOMMU group" lines, or with a bare
#     `lspci -xxxx` from dmesg's "Adding to iommu group" lines) equal to the
#     fixture's sys/kernel/iommu_groups;
#   - the same predicted groups (groups --predict);
#   - from `lspci -vvnnxxxx` and from `lspci -vvnn` text alike: the same
#     devices, verdicts for every hypervisor and finding IDs as the snapshot.
# The CPU's flags come from the fixture's proc/cpuinfo through --cpuinfo.
# What no paste states, and so cannot be equal (README, "Audit a machine you
# don't have"): the host name, copied from the fixture before the comparison; the BIOS vendor (the DMI line lacks it); the
# kernel's reserved_regions (the import judges the firmware's RMRRs instead,
# which lack the kernel's own ISA 0-16 MiB identity map), so DEVICE_RMRR_* are
# left out of the comparison; sysfs reset_method (the import predicts the reset
# from config space: same findings, other evidence text). Known difference: on
# the *-pcibridge fixtures the kernel (6.1) lists "bus" in reset_method for a
# function that shares its bus; the import, without reset_method, makes no
# claim about such a function's reset (no DEVICE_RESET_BUS_ONLY/_NO_RESET).
. "$top_srcdir/tests/lib.sh"
command -v lspci >/dev/null 2>&1 || skip_all "no lspci (pciutils)"
command -v acpidump >/dev/null 2>&1 || skip_all "no acpidump (acpica-tools)"

# One line per device and hypervisor verdict, one per finding ID.
summary() {
	drop='DEVICE_RMRR_'
	case $2 in *-pcibridge) drop="$drop\|DEVICE_RESET_BUS_ONLY\|DEVICE_NO_RESET" ;; esac
	"$IOMMU_AUDIT" check --root "$1" --all-devices --format xml 2>/dev/null |
		grep -o '<device bdf="[^"]*"\|<verdict hypervisor="[^"]*" status="[^"]*"\|<finding id="[^"]*"' |
		grep -v "$drop" | sed 's/^<//'
}

for fix in "$FIXTURES"/hosts/qemu-*; do
	name=$(basename "$fix")
	[ -d "$fix/sys" ] || continue
	w=$scratch/$name
	if ! sh "$top_srcdir/tests/import/mkpaste" "$fix" "$w/paste" >"$w.log" 2>&1; then
		ok 1 "$name: mkpaste"
		diag "$(cat "$w.log")"
		continue
	fi
	"$IOMMU_AUDIT" groups --root "$fix" >"$w/groups.want" 2>/dev/null
	"$IOMMU_AUDIT" groups --root "$fix" --predict >"$w/predict.want" 2>/dev/null
	summary "$fix" "$name" >"$w/summary.want"
	for src in vvx vv x; do
		snap=$w/$src
		"$IOMMU_AUDIT" import --lspci "$w/paste/lspci-$src.txt" --dmesg "$w/paste/dmesg.txt" \
			--acpidump "$w/paste/acpidump.txt" --cpuinfo "$fix/proc/cpuinfo" "$snap" 2>"$w/$src.err"
		ok $? "$name: import of lspci-$src.txt, dmesg, acpidump and cpuinfo"
		[ -d "$snap" ] || continue
		cp "$fix/proc/sys/kernel/hostname" "$snap/proc/sys/kernel/hostname"
		"$IOMMU_AUDIT" groups --root "$snap" >"$w/groups.$src" 2>/dev/null
		cmp -s "$w/groups.want" "$w/groups.$src"
		ok $? "$name ($src): the kernel's groups equal the fixture's"
		"$IOMMU_AUDIT" groups --root "$snap" --predict >"$w/predict.$src" 2>/dev/null
		cmp -s "$w/predict.want" "$w/predict.$src"
		ok $? "$name ($src): predicted groups equal the snapshot's"
		[ "$src" = x ] && continue # a bare dump states no drivers or BAR sizes
		summary "$snap" "$name" >"$w/summary.$src"
		if cmp -s "$w/summary.want" "$w/summary.$src"; then
			ok 0 "$name ($src): verdicts and findings equal the snapshot's"
		else
			ok 1 "$name ($src): verdicts and findings equal the snapshot's"
			diag "$(diff "$w/summary.want" "$w/summary.$src" | head -20)"
		fi
	done
done
done_testing
