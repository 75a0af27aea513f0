#!/bin/sh
# The PCI tree: groups marked, verdicts, folding, the '*' marks of group mates.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
key 2
save-screen start
# Down to the RTX 3090 (01:00.0; the cursor starts below the column heads):
# its group mate 01:00.1 gets a '*'.
key j
key j
key j
save-screen on-gpu
# Left goes up to its root port, Left again folds the port.
key h
key Left
save-screen folded
key Right
key G
save-screen last
X
run_browse tui-q35
assert_status 0
assert_screen start
assert_screen on-gpu
assert_screen folded
assert_screen last

# A 5-digit group number (issue 15.6: it ran into the verdict column). The
# kernel numbers groups from an IDA with no upper bound (iommu_group_alloc(),
# drivers/iommu/iommu.c), and big hosts do reach 5 digits. The same host with
# group 4 renumbered 12345: the group column widens for every row, so "g12345"
# and "warn" stay apart and the other columns stay aligned.
big=$work/hosts/tui-q35-group12345
mkdir -p "$work/hosts"
cp -R "$hosts_dir/tui-q35" "$big"
chmod -R u+w "$big" # distcheck's source tree is read-only
mv "$big/sys/kernel/iommu_groups/4" "$big/sys/kernel/iommu_groups/12345"
find "$big/sys/devices" -name iommu_group -type l | while read -r link; do
	target=$(readlink "$link")
	case $target in */iommu_groups/4) ln -sfn "${target%/4}/12345" "$link" ;; esac
done
steps <<'X'
key 2
save-screen group12345
X
hosts_dir=$work/hosts run_browse tui-q35-group12345
assert_status 0
assert_screen group12345
tui_done
