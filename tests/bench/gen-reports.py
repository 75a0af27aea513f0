#!/usr/bin/env python3
"""Writes N varied iommu-audit XML reports (schema 1.x) for the fleet benchmark:
hosts of several vendors and BIOS versions, 0 to 8 GPUs of a dozen models, and
the usual reasons a GPU is blocked or warned about, in realistic proportions;
about one file in a thousand is truncated (a broken report). Deterministic for a
given seed. Usage: gen-reports.py OUTDIR N [SEED]"""
import os
import random
import sys
from xml.sax.saxutils import quoteattr, escape

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)

GPUS = [
    ("10de", "2204", "NVIDIA Corporation", "GA102 [GeForce RTX 3090]"),
    ("10de", "20b0", "NVIDIA Corporation", "GA100 [A100 SXM4 40GB]"),
    ("10de", "2330", "NVIDIA Corporation", "GH100 [H100 SXM5 80GB]"),
    ("10de", "1eb8", "NVIDIA Corporation", "TU104GL [Tesla T4]"),
    ("10de", "27b8", "NVIDIA Corporation", "AD104GL [L4]"),
    ("1002", "740f", "Advanced Micro Devices, Inc. [AMD/ATI]", "Aldebaran/MI200 [Instinct MI210]"),
    ("1002", "74a1", "Advanced Micro Devices, Inc. [AMD/ATI]", "Aqua Vanjaram [Instinct MI300X]"),
    ("1002", "73bf", "Advanced Micro Devices, Inc. [AMD/ATI]", "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]"),
    ("8086", "56c0", "Intel Corporation", "ATS-M [Data Center GPU Flex 170]"),
    ("8086", "0bd5", "Intel Corporation", "Ponte Vecchio XT (2 Tile) [Data Center GPU Max 1550]"),
    ("1a03", "2000", "ASPEED Technology, Inc.", "ASPEED Graphics Family"),
    ("102b", "0536", "Matrox Electronics Systems Ltd.", "Integrated Matrox G200eW3 Graphics Controller"),
]
VENDORS = [("Dell Inc.", "PowerEdge R750xa", "1.9.2"), ("Supermicro", "SYS-420GP-TNR", "1.4a"),
           ("HPE", "ProLiant DL380 Gen10 Plus", "U46 v1.62"), ("Lenovo", "ThinkSystem SR670 V2", "U8E124N"),
           ("GIGABYTE", "G292-Z40", "F08"), ("Inspur", "NF5488A5", "5.0.1")]
CATALOGUE = {
    "CPU_VIRT_ABSENT": ("block", "cpu", "CPU virtualisation (VT-x / AMD-V) is not available"),
    "FIRMWARE_NO_IOMMU_TABLE": ("block", "firmware", "The firmware publishes no IOMMU table (no DMAR, IVRS or IORT)"),
    "KERNEL_IOMMU_INACTIVE": ("block", "kernel", "The firmware has an IOMMU but the kernel did not enable it"),
    "KERNEL_INTR_REMAP_OFF": ("warn", "kernel", "Interrupt remapping is not enabled"),
    "DEVICE_NO_IOMMU_GROUP": ("block", "device", "The device is in no IOMMU group"),
    "GPU_BOOT_VGA": ("warn", "device", "The GPU is the boot display (boot VGA)"),
    "DEVICE_DRIVER_BOUND": ("info", "device", "A host driver owns the device"),
    "DEVICE_VFIO_BOUND": ("info", "device", "The device is already bound to vfio-pci"),
    "TOOL_NOT_ROOT": ("info", "tool", "Not running as root: some facts could not be read"),
}
RANK = {"info": 0, "warn": 1, "unknown": 2, "block": 3}
STATUS = ["ready", "warn", "unknown", "blocked"]
KERNEL_ONLY = {"KERNEL_IOMMU_INACTIVE", "KERNEL_INTR_REMAP_OFF"}


def finding(fid, subject, detail, indent):
    sev, layer, _ = CATALOGUE[fid]
    hv = ' hypervisors="kvm"' if fid in KERNEL_ONLY else ""
    return ('%s<finding id="%s" severity="%s" layer="%s" subject=%s%s>\n%s  <detail>%s</detail>\n%s</finding>\n'
            % (indent, fid, sev, layer, quoteattr(subject), hv, indent, escape(detail), indent))


def report(i):
    sysv, product, bios = rng.choice(VENDORS)
    amd = rng.random() < 0.4
    host = "gpu%05d.%s.example.net" % (i, rng.choice(["dc1", "dc2", "lab"]))
    host_f = []
    r = rng.random()
    if r < 0.03:
        host_f.append(("CPU_VIRT_ABSENT", "cpu", "no %s flag in proc/cpuinfo" % ("svm" if amd else "vmx")))
    if r < 0.12:
        host_f.append(("FIRMWARE_NO_IOMMU_TABLE", "ACPI", "sys/firmware/acpi/tables has no DMAR, IVRS or IORT"))
    elif r < 0.25 and not amd:
        host_f.append(("KERNEL_IOMMU_INACTIVE", "kernel", "DMAR present, but intel_iommu= is not on the command line"))
    elif r < 0.30:
        host_f.append(("KERNEL_INTR_REMAP_OFF", "kernel log", "the kernel log says interrupt remapping is off"))
    iommu_on = not any(f[0] in ("FIRMWARE_NO_IOMMU_TABLE", "KERNEL_IOMMU_INACTIVE") for f in host_f)
    ngpu = rng.choice([0, 1, 1, 2, 2, 4, 4, 8, 8, 8])
    model = rng.choice(GPUS[:10])
    pci = ['    <pci-device bdf="0000:00:00.0" vendor-id="8086" device-id="09a2" class="060000" '
           'vendor-name="Intel Corporation" device-name="Ice Lake Memory Map/VT-d" config-full="yes" boot-vga="no"/>\n']
    devices = []
    used = set(f[0] for f in host_f)
    bmc = rng.random() < 0.5
    gpus = [(0x02, GPUS[10])] if bmc else []  # the BMC's VGA
    for g in range(ngpu):
        gpus.append((0x17 + g * 0x10, model))
    for idx, (bus, (vid, did, vname, dname)) in enumerate(gpus):
        bdf = "0000:%02x:00.0" % bus
        group = None if (iommu_on is False) else str(10 + idx)
        dev_f = list(host_f)
        if iommu_on and rng.random() < 0.02:
            group = None
            dev_f.append(("DEVICE_NO_IOMMU_GROUP", bdf, "no iommu_group link under sys/bus/pci/devices/" + bdf))
        if idx == 0 and (bmc or ngpu == 1) and rng.random() < 0.5:
            dev_f.append(("GPU_BOOT_VGA", bdf, "boot_vga is 1"))
        if rng.random() < 0.6:
            dev_f.append(("DEVICE_VFIO_BOUND", bdf, "driver: vfio-pci"))
        else:
            dev_f.append(("DEVICE_DRIVER_BOUND", bdf, "driver: nvidia (use vfio-pci.ids=%s:%s)" % (vid, did)))
        dev_f.sort(key=lambda f: -RANK[CATALOGUE[f[0]][0]])
        used.update(f[0] for f in dev_f)
        pci.append('    <pci-device bdf="%s" vendor-id="%s" device-id="%s" class="030200" vendor-name=%s '
                   'device-name=%s config-full="yes"%s boot-vga="no" reset-method="flr bus" numa-node="%d"/>\n'
                   % (bdf, vid, did, quoteattr(vname), quoteattr(dname),
                      (' iommu-group="%s"' % group) if group else "", idx % 2))
        verdicts = []
        for hv in ("kvm", "xen", "esxi", "hyperv"):
            worst = 0
            for f in dev_f:
                if hv != "kvm" and f[0] in KERNEL_ONLY:
                    continue
                worst = max(worst, RANK[CATALOGUE[f[0]][0]])
            verdicts.append('      <verdict hypervisor="%s" status="%s"/>\n' % (hv, STATUS[worst]))
        devices.append('    <device bdf="%s" vendor-id="%s" device-id="%s" class="030200" vendor-name=%s '
                       'device-name=%s gpu="yes">\n%s%s    </device>\n'
                       % (bdf, vid, did, quoteattr(vname), quoteattr(dname), "".join(verdicts),
                          "".join(finding(f[0], f[1], f[2], "      ") for f in dev_f)))
    for k in range(12):
        pci.append('    <pci-device bdf="0000:%02x:%02x.0" vendor-id="8086" device-id="347%d" class="060400" '
                   'vendor-name="Intel Corporation" device-name="Ice Lake PCI Express Root Port" '
                   'config-full="yes" boot-vga="no"/>\n' % (0x10 + k, k % 4, k % 8))
    units = "".join('      <iommu-unit name="dmar%d" kind="intel-iommu" address="%x" version="1:0" devices="%d"/>\n'
                    % (u, 0xd37fc000 - u * 0x1000, 4) for u in range(8 if iommu_on else 0))
    catalogue = "".join('    <entry id="%s" severity="%s" layer="%s">\n      <title>%s</title>\n'
                        '      <explanation>%s</explanation>\n    </entry>\n'
                        % (fid, CATALOGUE[fid][0], CATALOGUE[fid][1], escape(CATALOGUE[fid][2]),
                           escape(CATALOGUE[fid][2])) for fid in sorted(used))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<report schema-version="1.0" tool="iommu-audit" tool-version="0.1.0" '
            'generated="2026-11-23T03:%02d:%02dZ" xmlns="urn:iommu-audit:report:1">\n'
            '  <host hostname="%s" kernel="6.1.0-%d-amd64" snapshot="no" privileged="yes" lockdown="no" root="/">\n'
            '    <dmi sys-vendor=%s product-name=%s bios-vendor=%s bios-version=%s/>\n  </host>\n'
            '  <cpu readable="yes" vendor="%s" vendor-id="%s" logical-cpus="%d" virt="%s" virt-name="%s" guest="no" '
            'x2apic="yes">\n    <model-name>%s</model-name>\n  </cpu>\n'
            '  <firmware tables-readable="yes">\n%s    <table signature="APIC"/>\n  </firmware>\n'
            '  <kernel iommu-active="%s" interrupt-remapping="%s">\n'
            '    <cmdline readable="yes">BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet%s</cmdline>\n'
            '    <iommu-units readable="yes">\n%s    </iommu-units>\n    <log readable="yes"/>\n  </kernel>\n'
            '  <pci readable="yes">\n%s  </pci>\n  <iommu-groups source="kernel" readable="yes"/>\n'
            '  <findings>\n%s  </findings>\n  <devices>\n%s  </devices>\n'
            '  <finding-catalogue>\n%s  </finding-catalogue>\n</report>\n'
            % (i // 60 % 60, i % 60, host, rng.randint(10, 28), quoteattr(sysv), quoteattr(product),
               quoteattr(sysv + " BIOS"), quoteattr(bios), "amd" if amd else "intel",
               "AuthenticAMD" if amd else "GenuineIntel", rng.choice([64, 128, 256]),
               "no" if host_f and host_f[0][0] == "CPU_VIRT_ABSENT" else "yes", "AMD-V" if amd else "VT-x",
               "AMD EPYC 7763 64-Core Processor" if amd else "Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz",
               "" if "FIRMWARE_NO_IOMMU_TABLE" in used else
               '    <table signature="%s"/>\n' % ("IVRS" if amd else "DMAR"),
               "yes" if iommu_on else "no", "no" if "KERNEL_INTR_REMAP_OFF" in used else "yes",
               "" if amd else " intel_iommu=on", units, "".join(pci),
               "".join(finding(f[0], f[1], f[2], "    ") for f in host_f), "".join(devices), catalogue))


for i in range(n):
    sub = os.path.join(out, "%03d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(sub, exist_ok=True)
    text = report(i)
    if rng.random() < 0.001:
        text = text[: len(text) // 2]  # a transfer cut short
    with open(os.path.join(sub, "gpu%05d.xml" % i), "w") as f:
        f.write(text)
