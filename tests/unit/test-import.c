/* Unit tests of the pasted-text readers: lspci dumps and -vv text, dmesg. The
 * inputs are lspci's and the kernel's own output formats (pciutils ls-caps.c,
 * ls-ecaps.c; the kernel's printk lines quoted in each case). */
#include "config.h"

#include "import-dmesg.h"
#include "import-lspci.h"
#include "pci-caps.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>

static int parse(const char *text, struct lspci_dump *d, char *err, size_t *line)
{
	return lspci_parse(text, strlen(text), d, err, 256, line);
}

static void decode(const struct lspci_function *f, struct pci_caps *c)
{
	pci_caps_decode(f->config, f->config_len, c);
	pci_caps_apply_known(f->known, f->config_len, c);
}

/* lspci -vvnn of a root port as root (QEMU pcie-root-port, pciutils 3.9). */
static const char root_port[] =
	"00:1c.0 PCI bridge [0604]: Red Hat, Inc. QEMU PCIe Root port [1b36:000c] (prog-if 00 [Normal decode])\n"
	"\tSubsystem: Red Hat, Inc. Device [1b36:0000]\n"
	"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
	"\tInterrupt: pin A routed to IRQ 16\n"
	"\tIOMMU group: 2\n"
	"\tBus: primary=00, secondary=01, subordinate=04, sec-latency=0\n"
	"\tCapabilities: [54] Express (v2) Root Port (Slot+), MSI 00\n"
	"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0\n"
	"\t\t\tExtTag- RBE+\n"
	"\t\tLnkCap:\tPort #0, Speed 16GT/s, Width x32, ASPM L0s, Exit Latency L0s <64ns\n"
	"\t\tLnkSta:\tSpeed 2.5GT/s, Width x1\n"
	"\tCapabilities: [48] MSI-X: Enable+ Count=1 Masked-\n"
	"\tCapabilities: [40] Subsystem: Red Hat, Inc. Device [1b36:0000]\n"
	"\tCapabilities: [100 v2] Advanced Error Reporting\n"
	"\tCapabilities: [148 v1] Access Control Services\n"
	"\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans+\n"
	"\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans-\n"
	"\tKernel driver in use: pcieport\n"
	"\n"
	"01:00.0 VGA compatible controller [0300]: Red Hat, Inc. Virtio 1.0 GPU [1af4:1050] (rev 01)\n"
	"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
	"\tIOMMU group: 2\n"
	"\tRegion 1: Memory at fe600000 (32-bit, non-prefetchable) [size=4K]\n"
	"\tRegion 4: Memory at fc000000 (64-bit, prefetchable) [size=16K]\n"
	"\tCapabilities: [c8] Power Management version 3\n"
	"\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)\n"
	"\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-\n"
	"\tCapabilities: [40] Express (v2) Endpoint, MSI 00\n"
	"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0, Latency L0s <64ns, L1 <1us\n"
	"\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 0W\n"
	"\tKernel driver in use: virtio-pci\n";

static void test_text(void)
{
	struct lspci_dump d;
	char err[256];
	size_t line;
	if (parse(root_port, &d, err, &line) < 0) {
		tap_ok(0, "lspci -vvnn text parses: line %zu: %s", line, err);
		return;
	}
	tap_ok(d.n == 2 && d.any_verbose && !d.any_hex, "two functions from text");
	const struct lspci_function *rp = &d.fn[0], *gpu = &d.fn[1];
	tap_ok(rp->vendor == 0x1b36 && rp->device == 0x000c && rp->class_code == 0x060400, "IDs and class");
	tap_ok(rp->iommu_group == 2 && !strcmp(rp->driver, "pcieport"), "IOMMU group and driver");
	tap_ok(rp->config[0x19] == 1 && rp->config[0x1a] == 4 && (rp->config[0x0e] & 0x7f) == 1,
	       "bus numbers and bridge header");
	struct pci_caps c;
	decode(rp, &c);
	tap_ok(c.pcie.present == TRI_YES && c.pcie_type == PCIE_TYPE_ROOT_PORT && c.slot_implemented == TRI_YES,
	       "PCIe root port with a slot");
	tap_ok(c.acs.present == TRI_YES && c.acs_cap == 0x5f && c.acs_ctrl == 0x1d, "ACS capability and control");
	/* lspci prints FLReset only for endpoints (ls-caps.c cap_express_dev):
	 * for a root port the text does not say. */
	tap_ok(c.flr == TRI_UNKNOWN, "root port FLR unknown: not stated");
	tap_ok(c.msix.present == TRI_YES && c.msix_vectors == 1, "MSI-X with one vector");
	tap_ok(c.pm.present == TRI_NO && c.sriov.present == TRI_NO, "absent capabilities stated absent");
	tap_ok(c.max_link_speed == 4 && c.max_link_width == 32 && c.link_speed == 1 && c.link_width == 1,
	       "link capability and status");
	decode(gpu, &c);
	tap_ok(c.flr == TRI_YES && c.pm.present == TRI_YES && c.no_soft_reset == TRI_NO, "endpoint FLR and PM");
	tap_ok(c.acs.present == TRI_NO, "endpoint: no extended capability listed: no ACS");
	tap_ok(gpu->regions_known && gpu->regions[4].size == 16384 && gpu->regions[4].mem64 && gpu->regions[4].prefetch,
	       "regions from the text");
	tap_ok(gpu->config[0x3d] == 0 && (gpu->known[0x3d] == 0xff), "no Interrupt line: pin 0, stated");
	lspci_dump_free(&d);

	/* lspci -v (one v): the ACS registers are not printed. */
	const char *one_v = "00:01.0 PCI bridge [0604]: Intel Corporation Device [8086:1901]\n"
			    "\tFlags: bus master, fast devsel, latency 0, IRQ 121, IOMMU group 1\n"
			    "\tBus: primary=00, secondary=01, subordinate=01, sec-latency=0\n"
			    "\tCapabilities: [a0] Express Root Port (Slot+), MSI 00\n"
			    "\tCapabilities: [100] Advanced Error Reporting\n"
			    "\tCapabilities: [140] Access Control Services\n";
	if (parse(one_v, &d, err, &line) == 0) {
		decode(&d.fn[0], &c);
		tap_ok(d.fn[0].iommu_group == 1, "the group from the Flags line");
		tap_ok(c.acs.present == TRI_UNKNOWN, "ACS without its registers is unknown, not absent");
		lspci_dump_free(&d);
	} else {
		tap_ok(0, "lspci -v text parses: %s", err);
	}

	const char *denied = "00:02.0 VGA compatible controller [0300]: Intel Corporation Device [8086:4e55] (rev 01)\n"
			     "\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR-\n"
			     "\tIOMMU group: 0\n"
			     "\tCapabilities: <access denied>\n"
			     "\tKernel driver in use: i915\n";
	if (parse(denied, &d, err, &line) < 0) {
		tap_ok(0, "<access denied> text parses: %s", err);
		return;
	}
	tap_ok(d.access_denied && d.fn[0].config_len == 64, "<access denied>: 64 bytes, as a capture without root");
	decode(&d.fn[0], &c);
	tap_ok(c.pcie.present == TRI_UNKNOWN && c.acs.present == TRI_UNKNOWN, "capabilities unknown without root");
	lspci_dump_free(&d);
}

/* lspci run as `lspci -vvnn > file 2>&1`: pcilib's warning lands inside a
 * line of stdout and the interrupted line goes on at the start of the next.
 * Spliced as published in linuxhw/LsPCI (tests/fixtures/real: inside a device
 * heading on asrock-x670e-pg-lightning, inside LnkCap2 on
 * gigabyte-b550-aorus-elite-ax-v2, on a line of its own on
 * gigabyte-z790-aorus-elite-ax-ddr4); the message is pciutils lib/sysfs.c's. */
static void test_stderr_splice(void)
{
	const char *text =
		"0b:0d.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Device [1022:43f5] (rev 01)\n"
		"\tIOMMU group: 23\n"
		"\tBus: primary=0b, secondary=15, subordinate=15, sec-latency=0\n"
		"\tCapabilities: [80] Express (v2) Downstream Port (Slot-), MSI 00\n"
		"\t\tLnkCap2: Supported Link Speeds: 2.5GT/s, Crosslink- Retimer- 2Retimerspcilib: sysfs_read_vpd: read failed: No such device\n"
		"- DRS-\n"
		"\tKernel driver in use: pcieport\n"
		"\n"
		"0f:pcilib: sysfs_read_vpd: read failed: No such device\n"
		"00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)\n"
		"\tIOMMU group: 23\n"
		"pcilib: sysfs_read_vpd: read failed: No such device\n"
		"\tCapabilities: [70] Express (v2) Endpoint, MSI 01\n"
		"\tKernel driver in use: r8169\n";
	struct lspci_dump d;
	char err[256];
	size_t line;
	if (parse(text, &d, err, &line) < 0) {
		tap_ok(0, "text with pcilib's stderr spliced in parses: line %zu: %s", line, err);
		return;
	}
	tap_ok(d.n == 2, "the device whose heading the message split is read, not dropped");
	const struct lspci_function *port = &d.fn[0], *nic = &d.fn[1];
	tap_ok(!strcmp(port->driver, "pcieport"), "lines after a message inside a detail line stay with their device");
	tap_ok(nic->bus == 0x0f && nic->dev == 0 && nic->func == 0 && nic->vendor == 0x10ec && nic->device == 0x8125,
	       "the split heading joined: 0f:00.0 [10ec:8125]");
	tap_ok(nic->line == 9, "its heading is where it begins (line 9)");
	tap_ok(nic->iommu_group == 23 && !strcmp(nic->driver, "r8169"),
	       "a message on a line of its own ends nothing: group and driver kept");
	struct pci_caps c;
	decode(nic, &c);
	tap_ok(c.pcie.present == TRI_YES && c.pcie_type == PCIE_TYPE_ENDPOINT, "capabilities after it are read");
	lspci_dump_free(&d);
}

static void test_hex(void)
{
	struct lspci_dump d;
	char err[256];
	size_t line;
	/* lspci -xxx of a host bridge (256 bytes): beyond it is unknown. */
	struct strbuf sb = {0};
	sb_add(&sb, "00:00.0 Host bridge: Intel Corporation 82G33/G31/P35/P31 Express DRAM Controller\n");
	for (int off = 0; off < 256; off += 16) {
		sb_addf(&sb, "%02x:", off);
		for (int i = 0; i < 16; i++)
			sb_addf(&sb, " %02x", off == 0 && i < 4 ? (unsigned[]){0x86, 0x80, 0xc0, 0x29}[i] :
					     off == 0 && i == 6 ? 0x10 : off == 0 && i == 11 ? 0x06 : 0);
		sb_add(&sb, "\n");
	}
	char *text = sb_take(&sb);
	if (parse(text, &d, err, &line) < 0) {
		tap_ok(0, "lspci -xxx parses: %s", err);
		free(text);
		return;
	}
	tap_ok(d.n == 1 && d.fn[0].hex && d.fn[0].config_len == 256 && d.fn[0].vendor == 0x8086 &&
	       d.fn[0].device == 0x29c0, "256 bytes, IDs from the dump");
	lspci_dump_free(&d);
	/* Cut in the middle: a dump of 80 bytes. */
	char *cut = strstr(text, "\n50:");
	cut[1] = '\0';
	tap_ok(parse(text, &d, err, &line) < 0 && strstr(err, "cut") && line == 1, "a cut dump is refused: %s", err);
	free(text);
}

static void test_errors(void)
{
	struct lspci_dump d;
	char err[256];
	size_t line;
	tap_ok(parse("hello world\nnot lspci\n", &d, err, &line) < 0 && strstr(err, "not lspci"), "prose: %s", err);
	tap_ok(parse("00:01.0 Bridge [0604]: X [8086:1234]\n\n00:01.0 Bridge [0604]: X [8086:1234]\n", &d, err,
		     &line) < 0 &&
		       line == 3 && strstr(err, "twice"),
	       "duplicate address on line 3: %s", err);
	tap_ok(parse("00:01.0 PCI bridge: Intel Corporation Device\n\tBus: primary=00, secondary=01, "
		     "subordinate=01, sec-latency=0\n",
		     &d, err, &line) < 0 &&
		       strstr(err, "-nn"),
	       "text without numbers asks for -nn: %s", err);
	tap_ok(parse("00:00.0 Host bridge [0600]: X [8086:1234]\n00: 86 80 34 12 00 00 00 00 00 00 00 06 00 00 00 00\n"
		     "10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		     "20: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		     "30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		     "00:01.0 Host bridge [0600]: X [8086:1235]\n\tIOMMU group: 1\n",
		     &d, err, &line) < 0 &&
		       strstr(err, "mixed"),
	       "a dump mixed with text of another function: %s", err);
	tap_ok(parse("00:00.0 Host bridge [0600]: X [8086:1234]\n10: 00 00\n", &d, err, &line) < 0,
	       "a hex line that is not the next one is refused: %s", err);
}

static void test_dmesg(void)
{
	/* Lines as Linux 6.1 prints them (dmi_format_ids, intel_iommu, iommu.c). */
	const char *log = "[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12)\n"
			  "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz intel_iommu=on iommu=pt\n"
			  "[    0.000000] DMI: ASUS System Product Name/PRIME Z390-A, BIOS 2417 08/05/2020\n"
			  "[    0.010000] DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap 1c0000c40660462 ecap 19e2ff0505e\n"
			  "[    0.300000] pci 0000:00:02.0: vgaarb: setting as boot VGA device\n"
			  "[    0.500000] DMAR: Intel(R) Virtualization Technology for Directed I/O\n"
			  "[    0.510000] pci 0000:00:1f.3: Adding to iommu group 9\n"
			  "[    0.520000] iommu: Adding device 0000:01:00.0 to group 1\n";
	struct dmesg_facts f;
	char err[256];
	size_t line;
	if (dmesg_parse(log, strlen(log), &f, err, sizeof(err), &line) < 0) {
		tap_ok(0, "dmesg parses: %s", err);
		return;
	}
	tap_is_str(f.release, "6.1.0-56-amd64", "kernel release");
	tap_is_str(f.cmdline, "BOOT_IMAGE=/vmlinuz intel_iommu=on iommu=pt", "command line");
	tap_is_str(f.dmi_machine, "ASUS System Product Name", "DMI vendor and product");
	tap_is_str(f.dmi_board, "PRIME Z390-A", "DMI board");
	tap_is_str(f.dmi_bios_version, "2417", "BIOS version");
	tap_is_str(f.dmi_bios_date, "08/05/2020", "BIOS date");
	tap_ok(f.from_boot && f.n_units == 1 && !strcmp(f.units[0].ecap, "19e2ff0505e"), "the DMAR unit");
	tap_ok(f.n_members == 2 && f.members[0].group == 9 && !strcmp(f.members[1].bdf, "0000:01:00.0"),
	       "group lines of both formats");
	tap_is_str(f.boot_vga, "0000:00:02.0", "boot VGA");
	dmesg_facts_free(&f);
	const char *off = "[    0.0] Linux version 6.1.0\n[    0.01] DMAR: IOMMU disabled\n"
			  "[    0.02] DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap 1 ecap 2\n";
	tap_ok(dmesg_parse(off, strlen(off), &f, err, sizeof(err), &line) == 0 && f.n_units == 0,
	       "a unit the Intel driver left off is not registered");
	dmesg_facts_free(&f);
	tap_ok(dmesg_parse("just some text\n", 15, &f, err, sizeof(err), &line) < 0, "not a log: %s", err);
	tap_ok(dmesg_parse("abc\0def\n", 8, &f, err, sizeof(err), &line) < 0, "binary: %s", err);
}

int main(void)
{
	test_text();
	test_stderr_splice();
	test_hex();
	test_errors();
	test_dmesg();
	return tap_done();
}
