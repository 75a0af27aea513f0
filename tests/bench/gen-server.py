#!/usr/bin/env python3
"""Writes the synthetic GPU server the check benchmark audits, as a spec for
tests/tools/mkhost (built from tests/tools/mkhost.c): root complexes with PCIe switches, GPUs with their audio
functions, NVMe, NICs with SR-IOV virtual functions, a chipset with root ports
without ACS and a PCI bridge."""
import sys
# Usage: gen-server.py OUT SEGMENTS VFS: SEGMENTS segments of two root complexes
# each, every NIC port with VFS SR-IOV virtual functions.
segments, vfs = int(sys.argv[2]), int(sys.argv[3])
out = []
add = out.append
add("cmdline intel_iommu=on")
add("acpi DMAR")
for s in range(segments):  # one unit with INCLUDE_PCI_ALL per segment
    add("drhd flags=1 segment=%x base=%x" % (s, 0xfed90000 + s * 0x1000))
add("unit dmar0")
add("dir sys/kernel/iommu_groups")
acs = "acs=5f/1d"
gpu = 0
# Four root complexes over two segments: (segment, first bus, root ports).
for seg, base in [(s, b) for s in range(segments) for b in (0x00, 0x80)]:
    s = "%04x" % seg
    add("dev %s:%02x:00.0 id=8086:09a2 class=060000 type=rciep" % (s, base))
    for f in range(8):  # integrated functions of the root complex
        add("dev %s:%02x:08.%d id=8086:2021 class=088000 type=rciep%s" % (s, base, f, " mf" if f == 0 else ""))
    nb = base + 1
    for rp in range(4):
        # root port -> switch (1 upstream, 4 downstream) -> GPU+audio, NVMe, NIC+VFs
        first, last = nb, nb + 6
        add("dev %s:%02x:%02x.0 id=8086:347a type=rootport bus=%02x-%02x %s speed=4 width=16" % (s, base, 2 + rp, first, last, acs))
        up = first
        add("dev %s:%02x:00.0 id=10b5:c010 type=upstream bus=%02x-%02x" % (s, up, up + 1, last))
        dsb = up + 1
        for dp in range(4):
            add("dev %s:%02x:%02x.0 id=10b5:c010 type=downstream bus=%02x-%02x %s" % (s, dsb, dp, up + 2 + dp, up + 2 + dp, acs))
        b0, b1, b2, b3 = up + 2, up + 3, up + 4, up + 5
        add("dev %s:%02x:00.0 id=10de:2330 class=030200 type=endpoint mf bar0=16M bar1=64G,64,pref bar3=32M,64,pref flr pm msi msix=8 rebar ats pasid=20 pri speed=5 width=16" % (s, b0))
        add("dev %s:%02x:00.1 id=10de:22a3 class=040300 type=endpoint msi" % (s, b0))
        add("dev %s:%02x:00.0 id=10de:2330 class=030200 type=endpoint bar0=16M bar1=64G,64,pref flr pm msix=8" % (s, b1))
        add("dev %s:%02x:00.0 id=144d:a80a class=010802 type=endpoint bar0=16k,64 flr pm msix=64" % (s, b2))
        add("dev %s:%02x:00.0 id=15b3:101d class=020000 type=endpoint mf ari sriov=%d/%d/101e flr msix=64 bar0=32M,64,pref" % (s, b3, vfs, vfs))
        add("dev %s:%02x:00.1 id=15b3:101d class=020000 type=endpoint ari sriov=%d/%d/101e flr msix=64 bar0=32M,64,pref" % (s, b3, vfs, vfs))
        for pf in (0, 1):
            for vf in range(vfs):
                n = 2 + pf * vfs + vf
                add("dev %s:%02x:%02x.%d id=15b3:101e class=020000 type=endpoint physfn=%s:%02x:00.%d flr msix=8" % (s, b3 + (n >> 8), (n >> 3) & 0x1f, n & 7, s, b3, pf))
        nb = last + 1
    # a chipset with root ports without ACS and a PCI bridge
    add("dev %s:%02x:1f.0 id=8086:a1c1 class=060100 type=pci mf" % (s, base))
    add("dev %s:%02x:1f.4 id=8086:a1a3 class=0c0500 type=pci" % (s, base))
    add("dev %s:%02x:1c.0 id=8086:a190 type=rootport bus=%02x-%02x mf" % (s, base, nb, nb + 1))
    add("dev %s:%02x:00.0 id=1b36:000e type=pcie2pci bus=%02x-%02x" % (s, nb, nb + 1, nb + 1))
    for d in range(4):
        add("dev %s:%02x:%02x.0 id=1af4:1000 class=020000 type=pci" % (s, nb + 1, d))
open(sys.argv[1], "w").write("\n".join(out) + "\n")
