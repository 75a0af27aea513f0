# Shared by the hostile-input tests: a writable copy of a captured fixture host
# (QEMU q35, Intel IOMMU on, two display controllers: 00:02.0 and 01:00.0).
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
# host NAME: copies the fixture to $scratch/NAME and prints its path.
host() {
	cp -a "$FIXTURES/hosts/qemu-intel-gpu-rootport" "$scratch/$1" && rm -rf "$scratch/$1/expected"
	echo "$scratch/$1"
}
# devdir ROOT BDF: the device's real directory in ROOT.
devdir() { (cd "$1/sys/bus/pci/devices/$2" && pwd -P); }
