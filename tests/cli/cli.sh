#!/bin/sh
# Command-line behaviour: help, version, errors and exit statuses, bad roots,
# running without root.
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
noiommu="$FIXTURES/hosts/firecracker-noiommu"

"$A" --version >"$scratch/v" 2>&1
grep -q '^iommu-audit [0-9]' "$scratch/v"
ok $? "--version prints the name and version"
exit_is 0 "--help" "$A" --help
"$A" --help | grep -q 'capture'
ok $? "--help lists the subcommands"
exit_is 0 "check --help" "$A" check --help
exit_is 2 "unknown subcommand" "$A" frobnicate
exit_is 2 "unknown option" "$A" check --frobnicate
exit_is 2 "bad hypervisor" "$A" check --hypervisor vmware5 --root "$noiommu"
exit_is 2 "bad -s selector" "$A" check -s 3b:00.9 --root "$noiommu"
exit_is 2 "bad -d selector" "$A" check -d 10de --root "$noiommu"
exit_is 2 "bad --format" "$A" check --format yaml --root "$noiommu"

"$A" check --root /nonexistent/root >/dev/null 2>"$scratch/err"
rc=$?
[ $rc -eq 2 ] && grep -q '/nonexistent/root' "$scratch/err" && [ "$(wc -l <"$scratch/err")" -eq 1 ]
ok $? "missing --root: one line naming the path, exit 2"

mkdir "$scratch/empty"
"$A" check --root "$scratch/empty" >/dev/null 2>"$scratch/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'not a snapshot' "$scratch/err"
ok $? "empty directory as --root is not a snapshot (exit $rc)"

: >"$scratch/file"
exit_is 2 "a file as --root" "$A" groups --root "$scratch/file"

# The CI machine class: a VM without any IOMMU table.
"$A" check --root "$noiommu" >"$scratch/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'FIRMWARE_NO_IOMMU_TABLE' "$scratch/out"
ok $? "no-IOMMU host: says so plainly and exits 1 (exit $rc)"
"$A" groups --root "$noiommu" >"$scratch/out" 2>"$scratch/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$scratch/out" ] && grep -q 'no IOMMU groups' "$scratch/err"
ok $? "groups on a no-IOMMU host: no lines, a note, exit 1"

# The live machine: whatever it is, the audit runs and exits 0 or 1, never 2.
"$A" >"$scratch/live" 2>"$scratch/err"
rc=$?
[ $rc -le 1 ] && grep -q '^  Kernel' "$scratch/live"
ok $? "audit of this machine runs (exit $rc)"

# Without root the audit still runs and says what it could not see.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$A" >"$scratch/user" 2>&1
	rc=$?
	[ $rc -le 1 ] && grep -q 'Not running as root' "$scratch/user"
	ok $? "unprivileged audit runs and says it is not root (exit $rc)"
else
	"$A" >"$scratch/user" 2>&1
	grep -q 'Not running as root' "$scratch/user"
	ok $? "unprivileged audit says it is not root"
fi

# A damaged snapshot (files libpci insists on are gone): a note, never a crash.
cp -R "$noiommu" "$scratch/broken"
chmod -R u+w "$scratch/broken" # distcheck's sources are read-only
for f in "$scratch"/broken/sys/devices/*/*/vendor; do rm -f "$f"; break; done
"$A" check --all-devices -v --root "$scratch/broken" >"$scratch/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'could not be read' "$scratch/out" && grep -q 'vendor' "$scratch/out"
ok $? "snapshot missing a PCI file: says which, exit 1 (exit $rc)"

# SLAT: the same host with and without NPT in the CPU flags.
rp="$FIXTURES/hosts/qemu-amd-gpu-rootport"
"$A" check --hypervisor all --root "$rp" >"$scratch/out" 2>&1
grep -q 'CPU_NO_SLAT' "$scratch/out"
[ $? -ne 0 ]
ok $? "AMD-V with NPT: no SLAT finding"
cp -R "$rp" "$scratch/nonpt"
chmod -R u+w "$scratch/nonpt"
sed -i -E '/^flags/ s/ npt\b//' "$scratch/nonpt/proc/cpuinfo"
"$A" check --hypervisor all --root "$scratch/nonpt" >"$scratch/out" 2>&1
grep -q 'CPU_NO_SLAT' "$scratch/out" && grep -q 'hyperv blocked' "$scratch/out"
ok $? "AMD-V without NPT: CPU_NO_SLAT, and Hyper-V is blocked"

# The kernel's build options explain why VT-d stayed off.
off="$FIXTURES/hosts/qemu-intel-iommu-off"
rel=$(cat "$off/proc/sys/kernel/osrelease")
cp -R "$off" "$scratch/vtd"
chmod -R u+w "$scratch/vtd"
sed -i 's/ intel_iommu=off//' "$scratch/vtd/proc/cmdline"
mkdir -p "$scratch/vtd/boot"
printf 'CONFIG_INTEL_IOMMU=y\n# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n' >"$scratch/vtd/boot/config-$rel"
"$A" check -v --root "$scratch/vtd" >"$scratch/out" 2>&1
grep -q 'KERNEL_IOMMU_INACTIVE' "$scratch/out" && grep -q 'CONFIG_INTEL_IOMMU_DEFAULT_ON is' "$scratch/out" &&
	grep -q 'intel_iommu=on' "$scratch/out"
ok $? "VT-d off by the kernel's default: says so from boot/config and advises intel_iommu=on"
printf 'CONFIG_INTEL_IOMMU=y\nCONFIG_INTEL_IOMMU_DEFAULT_ON=y\nCONFIG_EXT4_FS=y\n' >"$scratch/vtd/boot/config-$rel"
"$A" check -v --root "$scratch/vtd" >"$scratch/out" 2>&1
grep -q 'turns VT-d on by default' "$scratch/out"
ok $? "VT-d on by default yet inactive: points at the log instead"
"$A" capture --root "$scratch/vtd" "$scratch/vtd-snap" 2>/dev/null
grep -q 'DEFAULT_ON=y' "$scratch/vtd-snap/boot/config-$rel" && ! grep -q EXT4 "$scratch/vtd-snap/boot/config-$rel"
ok $? "capture keeps the IOMMU lines of the kernel configuration only"

NO_COLOR= "$A" check --color always --root "$noiommu" | grep -q "$(printf '\033')\["
ok $? "--color always colours"
NO_COLOR=1 "$A" check --root "$noiommu" | grep -q "$(printf '\033')"
[ $? -ne 0 ]
ok $? "NO_COLOR and a pipe: no escape sequences"
"$A" check --root "$noiommu" | awk 'length > 80 { bad = 1 } END { exit bad }'
ok $? "report lines fit in 80 columns"

# Every command's error line has one prefix, "iommu-audit: " (cli_error).
for cmd in check acpi; do
	"$A" $cmd --format nonsense >/dev/null 2>"$scratch/err"
	grep -q '^iommu-audit: unknown format' "$scratch/err" && [ "$(wc -l <"$scratch/err")" -eq 1 ]
	ok $? "$cmd: a usage error has the common prefix"
done
done_testing
