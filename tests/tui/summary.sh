#!/bin/sh
# The first screen: host facts and the judged GPUs with a verdict per hypervisor.
. "$top_srcdir/tests/tui/lib.sh"
tui_init

steps <<'X'
save-screen q35
X
run_browse tui-q35
assert_status 0
assert_screen q35

# No IOMMU in the firmware: the host findings say so before the devices.
steps <<'X'
save-screen noiommu
X
run_browse tui-noiommu
assert_status 0
assert_screen noiommu

# --all-devices judges every function; the list then scrolls.
steps <<'X'
key End
save-screen all-devices
X
run_browse tui-q35 --all-devices
assert_status 0
assert_screen all-devices
tui_done
