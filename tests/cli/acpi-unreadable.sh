#!/bin/sh
# `acpi` without the right to read the tables (issue 14, item 9): the kernel
# makes sys/firmware/acpi/tables/* mode 0400 (drivers/acpi/sysfs.c,
# acpi_table_attr_init: S_IRUSR), so a user other than root lists the
# directory but cannot read a table. That must be reported as unreadable with
# exit 1, never as "no DMAR, IVRS, IORT or MADT table found" with exit 0;
# `check` already says "unknown" for the same root.
. "$top_srcdir/tests/lib.sh"
MKHOST="$top_builddir/tests/tools/mkhost"
[ -x "$MKHOST" ] || skip_all "mkhost not built"
root="$scratch/host"
"$MKHOST" "$top_srcdir/tests/hosts/verdicts/intel-ready.spec" "$root" || skip_all "cannot build the host"
tables="$root/sys/firmware/acpi/tables"

# expect_unreadable DESCRIPTION COMMAND...: exit 1, the table named unreadable.
expect_unreadable() {
	desc=$1
	shift
	"$@" >"$scratch/out" 2>"$scratch/err"
	rc=$?
	[ "$rc" -eq 1 ]
	ok $? "$desc: exit $rc (want 1)"
	grep -q 'sys/firmware/acpi/tables/DMAR: unreadable' "$scratch/out"
	ok $? "$desc: DMAR reported as unreadable"
	! grep -q 'no DMAR, IVRS, IORT or MADT table found' "$scratch/out"
	ok $? "$desc: not reported as absent"
	[ -s "$scratch/out" ] || diag "$(cat "$scratch/err")"
}

# 1. A table the reader cannot read whoever runs the tool: a directory where
#    the file should be (read(2) fails with EISDIR).
cp -R "$root" "$scratch/dir"
rm -f "$scratch/dir/sys/firmware/acpi/tables/DMAR"
mkdir "$scratch/dir/sys/firmware/acpi/tables/DMAR"
expect_unreadable "table that cannot be read" "$IOMMU_AUDIT" acpi --root "$scratch/dir"
# The other formats must not drop it either (issue 15): --fields names it on
# stderr (its listing stays fields only), XML carries the loader's finding.
"$IOMMU_AUDIT" acpi --fields --root "$scratch/dir" >"$scratch/out" 2>"$scratch/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q '^iommu-audit: sys/firmware/acpi/tables/DMAR: unreadable' "$scratch/err"
ok $? "--fields: exit $rc (want 1), DMAR named unreadable on stderr"
"$IOMMU_AUDIT" acpi --format xml --root "$scratch/dir" >"$scratch/out" 2>"$scratch/err"
rc=$?
[ "$rc" -eq 1 ] &&
	grep -q '<finding id="TOOL_UNREADABLE" [^>]*subject="sys/firmware/acpi/tables/DMAR"' "$scratch/out"
ok $? "--format xml: exit $rc (want 1), DMAR's TOOL_UNREADABLE finding present"
# An oversized table is refused whoever runs the tool (hostenv's limit), so the
# report names the size and gives no "run as root" advice to root.
cp -R "$root" "$scratch/big"
truncate -s 20M "$scratch/big/sys/firmware/acpi/tables/DMAR"
"$IOMMU_AUDIT" acpi --root "$scratch/big" >"$scratch/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q 'DMAR: unreadable (larger than' "$scratch/out" &&
	{ [ "$(id -u)" -ne 0 ] || ! grep -q 'run as root' "$scratch/out"; }
ok $? "oversized table: exit $rc (want 1), named with its cause"

# 2. The real case: the tables are 0400 and the tool runs as another user.
chmod -R a+rX "$scratch"
chmod 0400 "$tables"/*
if [ "$(id -u)" -ne 0 ]; then
	chmod 0000 "$tables"/*
	expect_unreadable "as a user" "$IOMMU_AUDIT" acpi --root "$root"
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	expect_unreadable "as nobody (0400 tables)" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$IOMMU_AUDIT" acpi --root "$root"
	# The same tables are fine for root: the report is not hard-wired.
	exit_is 0 "as root the same tables decode" "$IOMMU_AUDIT" acpi --root "$root"
else
	skip "as a user" "no way to drop root here"
fi
done_testing
