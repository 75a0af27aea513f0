# tests/qemu/: fixtures captured from Debian's kernel under QEMU with an emulated
# Intel or AMD IOMMU. `make check` audits the committed fixtures
# (tests/fixtures/hosts/qemu-*, shipped with tests/fixtures/hosts);
# `make check-qemu` boots QEMU to regenerate them into a scratch directory and
# compares (tests/qemu/capture-all --update replaces the committed ones).
TESTS += tests/qemu/fixtures.sh
EXTRA_DIST += tests/qemu/fixtures.sh tests/qemu/capture-fixture tests/qemu/capture-all \
	tests/qemu/guest-init tests/qemu/topologies tests/qemu/README

.PHONY: check-qemu
check-qemu: iommu-audit$(EXEEXT)
	bash $(top_srcdir)/tests/qemu/capture-all --binary $(abs_top_builddir)/iommu-audit$(EXEEXT)
