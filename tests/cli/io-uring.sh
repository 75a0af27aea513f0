#!/bin/sh
# The scan reads each PCI function's attributes in one io_uring batch when the
# kernel allows it, file by file otherwise (IOMMU_AUDIT_IO_URING=0, an old
# kernel, a seccomp filter). Both ways must give the same reports, byte for
# byte, on every QEMU capture; with strace, each way is seen to be the one used.
. "$top_srcdir/tests/lib.sh"

for host in "$FIXTURES"/hosts/*/; do
	name=$(basename "$host")
	for args in "check -v --all-devices" "check --format xml --all-devices" "groups --predict --why"; do
		# shellcheck disable=SC2086
		"$IOMMU_AUDIT" $args --root "$host" 2>&1 | sed 's/ generated="[^"]*"//' >"$scratch/ring"
		# shellcheck disable=SC2086
		IOMMU_AUDIT_IO_URING=0 "$IOMMU_AUDIT" $args --root "$host" 2>&1 |
			sed 's/ generated="[^"]*"//' >"$scratch/plain"
		cmp -s "$scratch/ring" "$scratch/plain"
		ok $? "$name: '$args' is the same read through io_uring and file by file"
	done
done

host="$FIXTURES/hosts/qemu-intel-switch"
if ! command -v strace >/dev/null 2>&1; then
	skip "io_uring is used by default" "no strace"
	skip "IOMMU_AUDIT_IO_URING=0 reads file by file" "no strace"
else
	strace -f -qq -e trace=io_uring_setup,io_uring_enter -o "$scratch/trace" \
		"$IOMMU_AUDIT" check --root "$host" >/dev/null 2>&1
	if grep -q 'io_uring_setup(.*= -1' "$scratch/trace"; then
		skip "io_uring is used by default" "io_uring_setup refused here: $(grep -o 'E[A-Z]* (.*)' "$scratch/trace" | head -n 1)"
	else
		grep -q 'io_uring_enter(' "$scratch/trace"
		ok $? "io_uring is used by default"
	fi
	IOMMU_AUDIT_IO_URING=0 strace -f -qq -e trace=io_uring_setup,io_uring_enter -o "$scratch/trace" \
		"$IOMMU_AUDIT" check --root "$host" >/dev/null 2>&1
	! grep -q 'io_uring' "$scratch/trace"
	ok $? "IOMMU_AUDIT_IO_URING=0 reads file by file"
fi
done_testing
