/* The firmware tables the tests use, built from the specifications (not
 * copied from any machine). Each covers structures a real table has, and the
 * "broken" ones the firmware bugs the checks must catch. */
#include "config.h"

#include <string.h>

#include "tablebuild.h"

/* DMAR structure helpers: start a structure, patch its length at the end. */
static size_t st_begin(struct tb *t, uint16_t type)
{
	size_t at = t->len;
	tb_u16(t, type);
	tb_u16(t, 0);
	return at;
}

static void st_end(struct tb *t, size_t at)
{
	tb_put16(t, at + 2, (uint16_t)(t->len - at));
}

static void scope(struct tb *t, uint8_t type, uint8_t id, uint8_t bus, const uint8_t *path,
		  size_t hops)
{
	tb_u8(t, type);
	tb_u8(t, (uint8_t)(6 + 2 * hops));
	tb_u16(t, 0);
	tb_u8(t, id);
	tb_u8(t, bus);
	for (size_t i = 0; i < 2 * hops; i++)
		tb_u8(t, path[i]);
}

static void dmar_header(struct tb *t, uint8_t haw, uint8_t flags)
{
	tb_header(t, "DMAR", 1);
	tb_u8(t, haw);
	tb_u8(t, flags);
	tb_zero(t, 10);
}

/* What QEMU's intel-iommu (q35, intremap=on) publishes. */
static void dmar_qemu(struct tb *t)
{
	dmar_header(t, 38, 0x01);
	size_t s = st_begin(t, 0);
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0xfed90000);
	scope(t, 3, 0, 0xff, (const uint8_t[]){0x00, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 2);
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	st_end(t, s);
	tb_finish(t);
}

static void dmar_full(struct tb *t)
{
	dmar_header(t, 38, 0x05);
	size_t s = st_begin(t, 0); /* integrated graphics unit */
	tb_u8(t, 0);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0xfed90000);
	scope(t, 1, 0, 0, (const uint8_t[]){0x02, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 0); /* catch-all unit, with interrupt sources */
	tb_u8(t, 1);
	tb_u8(t, 1); /* 2 register pages */
	tb_u16(t, 0);
	tb_u64(t, 0xfed91000);
	scope(t, 3, 2, 0, (const uint8_t[]){0x1e, 0x07}, 1);
	scope(t, 4, 0, 0, (const uint8_t[]){0x1e, 0x06}, 1);
	scope(t, 5, 1, 0, (const uint8_t[]){0x15, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 1); /* USB RMRR */
	tb_u16(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x7b800000);
	tb_u64(t, 0x7b81ffff);
	scope(t, 1, 0, 0, (const uint8_t[]){0x14, 0x00}, 1);
	scope(t, 1, 0, 0, (const uint8_t[]){0x1a, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 1); /* a device behind a root port: two hops */
	tb_u16(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x7c000000);
	tb_u64(t, 0x7fffffff);
	scope(t, 1, 0, 0, (const uint8_t[]){0x1c, 0x04, 0x00, 0x00}, 2);
	st_end(t, s);
	s = st_begin(t, 2);
	tb_u8(t, 0);
	tb_u8(t, 0);
	tb_u16(t, 0);
	scope(t, 2, 0, 0, (const uint8_t[]){0x01, 0x00}, 1);
	scope(t, 2, 0, 0, (const uint8_t[]){0x1c, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 3);
	tb_u32(t, 0);
	tb_u64(t, 0xfed91000);
	tb_u32(t, 1);
	st_end(t, s);
	s = st_begin(t, 4);
	tb_zero(t, 3);
	tb_u8(t, 1);
	tb_str(t, "\\_SB.PCI0.I2C0", 15);
	st_end(t, s);
	/* Newer structures last: older iasl stops at the first type it lacks. */
	s = st_begin(t, 5);
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	scope(t, 1, 0, 0, (const uint8_t[]){0x02, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 6);
	tb_u16(t, 0);
	tb_u16(t, 0);
	scope(t, 1, 0, 0, (const uint8_t[]){0x0b, 0x00}, 1);
	st_end(t, s);
	tb_finish(t);
}

static void dmar_broken(struct tb *t)
{
	dmar_header(t, 38, 0x00);
	size_t s = st_begin(t, 0); /* base 0, include-all */
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0);
	scope(t, 1, 0, 0, (const uint8_t[]){0x02, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 0); /* second include-all, unaligned base, scope leaving it */
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0xfed90800);
	tb_u8(t, 1);
	tb_u8(t, 0x0c); /* claims 12 bytes; 8 remain */
	tb_u16(t, 0);
	tb_u8(t, 0);
	tb_u8(t, 0);
	tb_u8(t, 0x1f);
	tb_u8(t, 0x00);
	st_end(t, s);
	s = st_begin(t, 1); /* unaligned RMRR with an unknown scope type and a bad function */
	tb_u16(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x7b800800);
	tb_u64(t, 0x7b8107ff);
	scope(t, 7, 0, 0, (const uint8_t[]){0x14, 0x00}, 1);
	scope(t, 1, 0, 0, (const uint8_t[]){0x14, 0x09}, 1);
	st_end(t, s);
	s = st_begin(t, 1); /* reversed RMRR, no scope */
	tb_u16(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x80000000);
	tb_u64(t, 0x7fffffff);
	st_end(t, s);
	s = st_begin(t, 1); /* overlapping RMRR */
	tb_u16(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x7b810000);
	tb_u64(t, 0x7b82ffff);
	scope(t, 1, 0, 0, (const uint8_t[]){0x1d, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 3); /* RHSA naming no unit */
	tb_u32(t, 0);
	tb_u64(t, 0xdead0000);
	tb_u32(t, 0);
	st_end(t, s);
	s = st_begin(t, 9); /* unknown type */
	tb_u32(t, 0);
	st_end(t, s);
	st_begin(t, 0); /* zero length: the walk must stop */
	tb_finish(t);
}

static void ivhd_entry4(struct tb *t, uint8_t type, uint16_t devid, uint8_t dte)
{
	tb_u8(t, type);
	tb_u16(t, devid);
	tb_u8(t, dte);
}

static void ivhd_entry8(struct tb *t, uint8_t type, uint16_t devid, uint8_t dte, uint8_t a,
			uint16_t used, uint8_t b)
{
	ivhd_entry4(t, type, devid, dte);
	tb_u8(t, a);
	tb_u16(t, used);
	tb_u8(t, b);
}

static size_t ivhd_begin(struct tb *t, uint8_t type, uint8_t flags)
{
	size_t at = t->len;
	tb_u8(t, type);
	tb_u8(t, flags);
	tb_u16(t, 0);
	tb_u16(t, 0x0002); /* 00:00.2 */
	tb_u16(t, 0x40);
	tb_u64(t, 0xfd200000);
	tb_u16(t, 0);
	tb_u16(t, 0);
	tb_u32(t, type == 0x10 ? 0x80048f6e : 0x00048000);
	if (type != 0x10) {
		tb_u64(t, 0x246577efa2254afaull);
		tb_u64(t, 0);
	}
	return at;
}

static void ivhd_common_entries(struct tb *t)
{
	ivhd_entry4(t, 0x03, 0x0003, 0);
	ivhd_entry4(t, 0x04, 0xfffe, 0);
	ivhd_entry8(t, 0x43, 0xff00, 0, 0, 0x00a5, 0);
	ivhd_entry4(t, 0x04, 0xffff, 0);
	ivhd_entry8(t, 0x42, 0x0410, 0, 0, 0x0400, 0);
	ivhd_entry4(t, 0x02, 0x0008, 0xd7);
	tb_u8(t, 0x46); tb_u16(t, 0x0500); tb_u8(t, 0); tb_u32(t, 0x80000000);
	tb_u8(t, 0x47); tb_u16(t, 0x0600); tb_u8(t, 0); tb_u32(t, 0);
	ivhd_entry4(t, 0x04, 0x06ff, 0);
	ivhd_entry4(t, 0x00, 0, 0);
	ivhd_entry8(t, 0x48, 0, 0, 0x21, 0x00a0, 1);  /* southbridge IOAPIC */
	ivhd_entry8(t, 0x48, 0, 0xd7, 0x22, 0x0001, 1);
	ivhd_entry8(t, 0x48, 0, 0, 0x00, 0x00a0, 2);  /* HPET */
}

static void ivmd(struct tb *t, uint8_t type, uint8_t flags, uint16_t dev, uint16_t aux,
		 uint64_t start, uint64_t len)
{
	tb_u8(t, type);
	tb_u8(t, flags);
	tb_u16(t, 32);
	tb_u16(t, dev);
	tb_u16(t, aux);
	tb_u64(t, 0);
	tb_u64(t, start);
	tb_u64(t, len);
}

static void ivrs_full(struct tb *t)
{
	tb_header(t, "IVRS", 2);
	tb_u32(t, 0x00203041);
	tb_u64(t, 0);
	size_t s = ivhd_begin(t, 0x10, 0xb0);
	ivhd_common_entries(t);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	s = ivhd_begin(t, 0x11, 0x30);
	ivhd_common_entries(t);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	ivmd(t, 0x21, 0x07, 0x0060, 0, 0x7d900000, 0x100000);
	ivmd(t, 0x22, 0x08, 0x0100, 0x01ff, 0x75e00000, 0x20000);
	ivmd(t, 0x20, 0x07, 0, 0, 0x70000000, 0x1000);
	/* type 40h last: older iasl does not decode it */
	s = ivhd_begin(t, 0x40, 0x30);
	ivhd_common_entries(t);
	ivhd_entry4(t, 0xf0, 0x00a5, 0x40);
	tb_str(t, "AMDI0020", 8);
	tb_u64(t, 0);
	tb_u8(t, 2);
	tb_u8(t, 9);
	tb_str(t, "\\_SB.FUR0", 9);
	ivhd_entry4(t, 0xf0, 0x00a4, 0x40);
	tb_str(t, "MSFT0201", 8);
	tb_str(t, "PNP0C50", 8);
	tb_u8(t, 1);
	tb_u8(t, 1);
	tb_u8(t, 3);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	tb_finish(t);
}

static void ivrs_broken(struct tb *t)
{
	tb_header(t, "IVRS", 2);
	tb_u32(t, 0xff000001); /* reserved bits */
	tb_u64(t, 0);
	size_t s = ivhd_begin(t, 0x10, 0xb0);
	ivhd_entry4(t, 0x03, 0x0010, 0);        /* start ... */
	ivhd_entry4(t, 0x03, 0x0020, 0);        /* ... nested start */
	ivhd_entry4(t, 0x04, 0x001f, 0);        /* end below its start */
	ivhd_entry4(t, 0x04, 0x0030, 0);        /* end without start */
	ivhd_entry8(t, 0x45, 0x0000, 0, 0, 0, 0); /* undefined 8-byte type */
	ivhd_entry8(t, 0x48, 0, 0, 0x00, 0x00a0, 2); /* only an HPET */
	ivhd_entry4(t, 0x47, 0x0700, 0);        /* start never closed (8 bytes) */
	tb_u32(t, 0);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	ivmd(t, 0x21, 0x07, 0x0060, 0, 0x7d900800, 0);
	tb_u8(t, 0x51);                            /* unknown block type */
	tb_u8(t, 0);
	tb_u16(t, 8);
	tb_u32(t, 0);
	tb_finish(t);
	t->b[9] ^= 0x5a; /* and a wrong checksum */
}

/* An ACPI HID entry inside an IVHD 10h (only 40h may hold one). */
static void ivrs_hid_misplaced(struct tb *t)
{
	tb_header(t, "IVRS", 2);
	tb_u32(t, 0x00203041);
	tb_u64(t, 0);
	size_t s = ivhd_begin(t, 0x10, 0xb0);
	ivhd_common_entries(t);
	ivhd_entry4(t, 0xf0, 0x00a5, 0x40);
	tb_str(t, "AMDI0020", 8);
	tb_u64(t, 0);
	tb_u8(t, 2);
	tb_u8(t, 40); /* UID length running past the IVHD */
	tb_str(t, "UART", 4);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	tb_finish(t);
}

static size_t iort_node(struct tb *t, uint8_t type, uint8_t rev, uint32_t nmap)
{
	size_t at = t->len;
	tb_u8(t, type);
	tb_u16(t, 0);
	tb_u8(t, rev);
	tb_u32(t, 0);
	tb_u32(t, nmap);
	tb_u32(t, 0);
	return at;
}

static void iort_map(struct tb *t, size_t node, uint32_t in, uint32_t count, uint32_t out,
		     uint32_t ref, uint32_t flags)
{
	if (!t->b[node + 12])
		tb_put32(t, node + 12, (uint32_t)(t->len - node));
	tb_u32(t, in);
	tb_u32(t, count);
	tb_u32(t, out);
	tb_u32(t, ref);
	tb_u32(t, flags);
}

static void iort_end(struct tb *t, size_t node)
{
	t->b[node + 1] = (uint8_t)(t->len - node);
	t->b[node + 2] = (uint8_t)((t->len - node) >> 8);
}

static void iort_full(struct tb *t)
{
	tb_header(t, "IORT", 0);
	tb_u32(t, 6);
	tb_u32(t, 48);
	tb_u32(t, 0);
	/* ITS group at 48 */
	size_t its = iort_node(t, 0, 0, 0);
	tb_u32(t, 1);
	tb_u32(t, 0);
	iort_end(t, its);
	/* SMMUv3 */
	size_t smmu3 = iort_node(t, 4, 0, 1);
	tb_u64(t, 0x2b400000);
	tb_u32(t, 1);
	tb_u32(t, 0);
	tb_u64(t, 0);
	tb_u32(t, 0);
	tb_u32(t, 0x4a);
	tb_u32(t, 0x4b);
	tb_u32(t, 0x4c);
	tb_u32(t, 0x4d);
	iort_map(t, smmu3, 0x10000, 0, 0x10000, (uint32_t)its, 1);
	iort_end(t, smmu3);
	/* Root complex mapping to the SMMUv3 */
	size_t rc = iort_node(t, 2, 0, 1);
	tb_u32(t, 1); /* CCA 1, with CPM and DACS below: fully coherent */
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u8(t, 3);
	tb_u32(t, 1);
	tb_u32(t, 0);
	tb_u8(t, 0);
	tb_zero(t, 3);
	iort_map(t, rc, 0, 0xffff, 0, (uint32_t)smmu3, 0);
	iort_end(t, rc);
	/* Named component mapping to the ITS */
	size_t nc = iort_node(t, 1, 0, 1);
	tb_u32(t, 0);
	tb_u32(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u8(t, 3);
	tb_u8(t, 40);
	tb_str(t, "\\_SB.ETH0", 12);
	iort_map(t, nc, 0, 0, 0x20000, (uint32_t)its, 1);
	iort_end(t, nc);
	/* SMMUv1/v2 with its interrupts */
	size_t s2 = iort_node(t, 3, 0, 0);
	tb_u64(t, 0x40000000);
	tb_u64(t, 0x10000);
	tb_u32(t, 3);
	tb_u32(t, 0);
	tb_u32(t, 60);
	tb_u32(t, 2);
	tb_u32(t, 76);
	tb_u32(t, 1);
	tb_u32(t, 92);
	tb_u32(t, 0x60); tb_u32(t, 0); tb_u32(t, 0x61); tb_u32(t, 0);
	tb_u64(t, 0x62);
	tb_u64(t, 0x63);
	tb_u64(t, 0x64);
	iort_end(t, s2);
	/* PMCG of the SMMUv3 */
	size_t pm = iort_node(t, 5, 0, 0);
	tb_u64(t, 0x2b420000);
	tb_u32(t, 0x50);
	tb_u32(t, (uint32_t)smmu3);
	iort_end(t, pm);
	tb_finish(t);
}

static void iort_rmr(struct tb *t)
{
	tb_header(t, "IORT", 5);
	tb_u32(t, 3);
	tb_u32(t, 48);
	tb_u32(t, 0);
	size_t its = iort_node(t, 0, 1, 0);
	tb_u32(t, 1);
	tb_u32(t, 0);
	iort_end(t, its);
	size_t rc = iort_node(t, 2, 4, 1); /* maps to the ITS only: no SMMU */
	tb_u32(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u8(t, 3);
	tb_u32(t, 0);
	tb_u32(t, 0);
	tb_u8(t, 48);
	tb_u16(t, 0);
	tb_u8(t, 0);
	tb_u32(t, 0);
	iort_map(t, rc, 0, 0xffff, 0, (uint32_t)its, 0);
	iort_end(t, rc);
	size_t rmr = iort_node(t, 6, 3, 1);
	tb_u32(t, 0);   /* no REMAP_PERMITTED */
	tb_u32(t, 2);
	tb_u32(t, 48);
	iort_map(t, rmr, 0x100, 0, 0x100, (uint32_t)its, 1);
	tb_u64(t, 0x80000000); tb_u64(t, 0x10000); tb_u32(t, 0);
	tb_u64(t, 0x80100800); tb_u64(t, 0); tb_u32(t, 0);
	iort_end(t, rmr);
	tb_finish(t);
}

/* Issue 20 point 3: a DRHD whose register base is aligned and non-zero but
 * lies at 2^39, above the 39-bit host address width (byte 36 = 38), beside
 * one just below it (0x7ffffff000) that must not be flagged. */
static void dmar_haw(struct tb *t)
{
	dmar_header(t, 38, 0x01);
	size_t s = st_begin(t, 0);
	tb_u8(t, 0);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x7ffffff000ull);
	scope(t, 1, 0, 0, (const uint8_t[]){0x02, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 0);
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0x8000000000ull);
	scope(t, 3, 2, 0, (const uint8_t[]){0x1e, 0x07}, 1);
	st_end(t, s);
	tb_finish(t);
}

/* Every reserved DMAR field the checks know, each set once (VT-d 4.x), as
 * the finding lists them: flags bit 3 (0x025), header reserved (0x026, byte
 * 40 set), DRHD flags bit 1 (0x034) and size bit 4 (0x035), scope byte 3
 * (0x043), RMRR bit 1 (0x04c), ATSR flags bit 1 (0x06c) and byte 5 (0x06d),
 * RHSA bytes 4-7 (0x07c), ANDD bytes 4-6 (0x090), SATC byte 5 (0x0a3), SIDP
 * bytes 4-5 (0x0b2). */
static void dmar_reserved(struct tb *t)
{
	dmar_header(t, 38, 0x09);
	t->b[40] = 0x5a;
	size_t s = st_begin(t, 0);   /* 0x030 */
	tb_u8(t, 0x03);
	tb_u8(t, 0x10);
	tb_u16(t, 0);
	tb_u64(t, 0xfed90000);
	tb_u8(t, 3); tb_u8(t, 8); tb_u8(t, 0); tb_u8(t, 0x77); tb_u8(t, 2); tb_u8(t, 0);
	tb_u8(t, 0x1e); tb_u8(t, 0x07);
	st_end(t, s);
	s = st_begin(t, 1);          /* 0x048 */
	tb_u16(t, 0x0002);
	tb_u16(t, 0);
	tb_u64(t, 0x7b800000);
	tb_u64(t, 0x7b81ffff);
	scope(t, 1, 0, 0, (const uint8_t[]){0x14, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 2);          /* 0x066 */
	tb_u8(t, 0x02);
	tb_u8(t, 0x01);
	tb_u16(t, 0);
	scope(t, 2, 0, 0, (const uint8_t[]){0x01, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 3);          /* 0x076 */
	tb_u32(t, 0xffffffff);
	tb_u64(t, 0xfed90000);
	tb_u32(t, 0);
	st_end(t, s);
	s = st_begin(t, 4);          /* 0x08a */
	tb_u8(t, 0); tb_u8(t, 1); tb_u8(t, 0);
	tb_u8(t, 1);
	tb_str(t, "\\_SB.I2C0", 10);
	st_end(t, s);
	s = st_begin(t, 5);          /* 0x09e */
	tb_u8(t, 1);
	tb_u8(t, 0x80);
	tb_u16(t, 0);
	scope(t, 1, 0, 0, (const uint8_t[]){0x02, 0x00}, 1);
	st_end(t, s);
	s = st_begin(t, 6);          /* 0x0ae */
	tb_u16(t, 0x0100);
	tb_u16(t, 0);
	scope(t, 1, 0, 0, (const uint8_t[]){0x0b, 0x00}, 1);
	st_end(t, s);
	tb_finish(t);
}

/* IVRS of revision 1 holding an IVHD 40h (fwts: 40h only in revision 2),
 * with the reserved fields fwts checks set: header 0x028, IVHD 40h flags
 * bit 6 (0x031), IOMMU info bit 5 (0x042), attributes bit 0 (0x044), IVMD
 * flags bit 4 (0x0a9) and byte 10 (0x0b2). */
static void ivrs_rev1_40h(struct tb *t)
{
	tb_header(t, "IVRS", 1);
	tb_u32(t, 0x00203041);
	tb_u64(t, 0x1);
	size_t s = ivhd_begin(t, 0x40, 0x70);
	tb_put16(t, s + 18, 0x0020);
	tb_put32(t, s + 20, 0x00048001);
	ivhd_common_entries(t);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	size_t m = t->len;
	ivmd(t, 0x21, 0x17, 0x00a5, 0, 0x7d900000, 0x1000);
	t->b[m + 10] = 0x01;
	tb_finish(t);
}

/* Device entries of types 80h and above (AMD IOMMU spec: the size is in
 * type bits 7:6, 80h-BFh 16 bytes, C0h-FFh 32, but F0h). The 11h block is
 * the one Linux uses (same IOMMU 00:00.2 as the 10h block, and later): its
 * 80h entry stalls the kernel's walk. The IOAPIC special entry after it must
 * be decoded, which only a 16-byte step reaches. The 10h block has a C0h
 * entry (32 bytes, then the HPET) and ends with an F5h entry (32 bytes, the
 * block's last 8 present). */
static void ivrs_entry80(struct tb *t)
{
	tb_header(t, "IVRS", 2);
	tb_u32(t, 0x00203041);
	tb_u64(t, 0);
	size_t s = ivhd_begin(t, 0x10, 0xb0);
	ivhd_entry4(t, 0x02, 0x0008, 0);
	ivhd_entry4(t, 0xc0, 0x0010, 0);
	for (int i = 0; i < 28; i++)
		tb_u8(t, 0x48); /* would read as special entries if stepped by 4 */
	ivhd_entry8(t, 0x48, 0, 0, 0x00, 0x00a0, 2);
	ivhd_entry4(t, 0xf5, 0x0018, 0);
	tb_u32(t, 0x12345678);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	s = ivhd_begin(t, 0x11, 0x30);
	ivhd_entry4(t, 0x02, 0x0008, 0);
	ivhd_entry4(t, 0x80, 0x0010, 0);
	for (int i = 0; i < 12; i++)
		tb_u8(t, 0x48);
	ivhd_entry8(t, 0x48, 0, 0, 0x21, 0x00a0, 1);
	ivhd_entry8(t, 0x48, 0, 0, 0x00, 0x00a0, 2);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	tb_finish(t);
}

/* IORT (table revision 0: node bytes 4-7 reserved) with one of each fwts
 * IORT check: ITS group declaring a mapping (to the SMMUv3, a valid node);
 * named component with CCA 2 and a name that fills its node without a NUL;
 * root complex with CPM and DACS but CCA 0; SMMUv1/v2 model 7; SMMUv3 model
 * 3 at revision 9; an IWB node decoded in full; and reserved bits: header
 * 0x02c, node reserved, mapping flags, SMMU flags, SMMUv3 flags, RMR flags
 * and descriptor. */
static void iort_fwts(struct tb *t)
{
	tb_header(t, "IORT", 0);
	tb_u32(t, 8);
	tb_u32(t, 48);
	tb_u32(t, 0x80);
	size_t its = iort_node(t, 0, 1, 1);
	tb_u32(t, 1);
	tb_u32(t, 0);
	size_t its_map = t->len;
	tb_zero(t, 20); /* mapping patched once the SMMUv3 offset is known */
	tb_put32(t, its + 12, (uint32_t)(its_map - its));
	iort_end(t, its);
	size_t smmu3 = iort_node(t, 4, 9, 1);
	tb_put32(t, smmu3 + 4, 0x1); /* reserved in table revision 0 */
	tb_u64(t, 0x2b400000);
	tb_u32(t, 0x81); /* COHACC override, bit 7 reserved */
	tb_u32(t, 0);
	tb_u64(t, 0);
	tb_u32(t, 3);
	tb_u32(t, 0x4a);
	tb_u32(t, 0x4b);
	tb_u32(t, 0x4c);
	tb_u32(t, 0x4d);
	iort_map(t, smmu3, 0x10000, 0, 0x10000, (uint32_t)its, 1);
	iort_end(t, smmu3);
	tb_put32(t, its_map + 4, 0xff);
	tb_put32(t, its_map + 12, (uint32_t)smmu3);
	size_t nc = iort_node(t, 1, 0, 0);
	tb_u32(t, 0);
	tb_u32(t, 2); /* CCA 2 */
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u8(t, 1);
	tb_u8(t, 40);
	tb_str(t, "\\_SB.ETH0", 9); /* no room for the NUL */
	iort_end(t, nc);
	/* A second ITS group: its type byte (0) ends the name for ACPICA, which
	 * reads on past the node, and for Linux's strcmp(). */
	size_t its2 = iort_node(t, 0, 1, 0);
	tb_u32(t, 1);
	tb_u32(t, 1);
	iort_end(t, its2);
	size_t rc = iort_node(t, 2, 0, 1);
	tb_u32(t, 0); /* CCA 0 with CPM and DACS */
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u8(t, 3);
	tb_u32(t, 1);
	tb_u32(t, 0);
	tb_u8(t, 0);
	tb_zero(t, 3);
	iort_map(t, rc, 0, 0xffff, 0, (uint32_t)smmu3, 0x20);
	iort_end(t, rc);
	size_t s2 = iort_node(t, 3, 0, 0);
	tb_u64(t, 0x40000000);
	tb_u64(t, 0x10000);
	tb_u32(t, 7); /* model 7 */
	tb_u32(t, 0x10);
	tb_u32(t, 60);
	tb_u32(t, 0);
	tb_u32(t, 76);
	tb_u32(t, 0);
	tb_u32(t, 76);
	tb_u32(t, 0x60); tb_u32(t, 0); tb_u32(t, 0x61); tb_u32(t, 0);
	iort_end(t, s2);
	size_t rmr = iort_node(t, 6, 0, 1);
	tb_u32(t, 0x1001); /* REMAP_PERMITTED, bit 12 reserved */
	tb_u32(t, 1);
	tb_u32(t, 48);
	iort_map(t, rmr, 0x100, 0, 0x100, (uint32_t)smmu3, 1);
	tb_u64(t, 0x80000000); tb_u64(t, 0x10000); tb_u32(t, 0xdead);
	iort_end(t, rmr);
	size_t iwb = iort_node(t, 7, 0, 1);
	tb_u64(t, 0x2f000000);
	tb_u16(t, 3);
	tb_str(t, "\\_SB.IWB0", 10);
	tb_zero(t, 2);
	iort_map(t, iwb, 0, 31, 0x30000, (uint32_t)its, 0);
	iort_end(t, iwb);
	tb_finish(t);
}

/* The header puts the node array at 0x400, past the table's end (Linux:
 * "IORT node pointer overflows, bad table!"); two nodes follow at 48. */
static void iort_offset(struct tb *t)
{
	tb_header(t, "IORT", 0);
	tb_u32(t, 2);
	tb_u32(t, 0x400);
	tb_u32(t, 0);
	size_t its = iort_node(t, 0, 0, 0);
	tb_u32(t, 1);
	tb_u32(t, 0);
	iort_end(t, its);
	size_t smmu3 = iort_node(t, 4, 0, 0);
	tb_u64(t, 0x2b400000);
	tb_zero(t, 44);
	iort_end(t, smmu3);
	tb_finish(t);
}

/* fwts InvalidDMAR: a DMAR that is only its header (no DRHD). */
static void dmar_short(struct tb *t)
{
	dmar_header(t, 38, 0x01);
	tb_finish(t);
}

/* Device scopes fwts fails as InvalidDevScope (shorter than 8 bytes): after
 * an IOAPIC scope (where fwts stops checking), an ENDPOINT scope of 6 bytes
 * (no path) and one of 4 (less than its header: the kernel stops there). */
static void dmar_scopes(struct tb *t)
{
	dmar_header(t, 38, 0x01);
	size_t s = st_begin(t, 0);
	tb_u8(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u64(t, 0xfed90000);
	scope(t, 3, 2, 0, (const uint8_t[]){0x1e, 0x07}, 1);
	scope(t, 1, 0, 0, NULL, 0);
	tb_u8(t, 1); tb_u8(t, 4); tb_u16(t, 0);
	st_end(t, s);
	tb_finish(t);
}

/* IVRS revision 3 (fwts IVRSBadRevision); an IVHD 11h of 24 bytes, less
 * than its 40-byte header (fwts subtracts the header from the length
 * unchecked); then a block of length 0, where fwts loops forever. */
static void ivrs_short(struct tb *t)
{
	tb_header(t, "IVRS", 3);
	tb_u32(t, 0x00203041);
	tb_u64(t, 0);
	size_t s = ivhd_begin(t, 0x10, 0xb0);
	ivhd_entry8(t, 0x48, 0, 0, 0x21, 0x00a0, 1);
	ivhd_entry8(t, 0x48, 0, 0, 0x00, 0x00a0, 2);
	tb_put16(t, s + 2, (uint16_t)(t->len - s));
	s = t->len;
	tb_u8(t, 0x11);
	tb_u8(t, 0x30);
	tb_u16(t, 24);
	tb_u16(t, 0x0002);
	tb_u16(t, 0x40);
	tb_u64(t, 0xfd200000);
	tb_zero(t, 8);
	tb_u8(t, 0x21);
	tb_u8(t, 0);
	tb_u16(t, 0); /* length 0 */
	tb_zero(t, 28);
	tb_finish(t);
}

/* Arrays that leave their node: an ITS group counting 5 identifiers with
 * room for 1 (fwts IORTItsIdArrayOutsideTable), an SMMUv1/v2 whose context
 * interrupts run past it (IORTSmmuInterruptsOutsideTable), a named component
 * whose 2 ID mappings do not fit (IORTIdMappingOutsideTable). */
static void iort_outside(struct tb *t)
{
	tb_header(t, "IORT", 0);
	tb_u32(t, 3);
	tb_u32(t, 48);
	tb_u32(t, 0);
	size_t its = iort_node(t, 0, 0, 0);
	tb_u32(t, 5);
	tb_u32(t, 0);
	iort_end(t, its);
	size_t s2 = iort_node(t, 3, 0, 0);
	tb_u64(t, 0x40000000);
	tb_u64(t, 0x10000);
	tb_u32(t, 3);
	tb_u32(t, 0);
	tb_u32(t, 60);
	tb_u32(t, 4); /* 4 context interrupts at 76: 32 bytes, 8 present */
	tb_u32(t, 76);
	tb_u32(t, 0);
	tb_u32(t, 0);
	tb_u32(t, 0x60); tb_u32(t, 0); tb_u32(t, 0x61); tb_u32(t, 0);
	tb_u64(t, 0x62);
	iort_end(t, s2);
	size_t nc = iort_node(t, 1, 0, 2);
	tb_u32(t, 0);
	tb_u32(t, 1);
	tb_u8(t, 0);
	tb_u16(t, 0);
	tb_u8(t, 1);
	tb_u8(t, 40);
	tb_str(t, "\\_SB.ETH0", 10);
	iort_map(t, nc, 0, 0, 0x20000, (uint32_t)its, 1);
	iort_end(t, nc);
	tb_finish(t);
}

static void madt(struct tb *t)
{
	tb_header(t, "APIC", 4);
	tb_u32(t, 0xfee00000);
	tb_u32(t, 1);
	for (uint8_t cpu = 0; cpu < 2; cpu++) {
		tb_u8(t, 0); tb_u8(t, 8); tb_u8(t, cpu); tb_u8(t, cpu); tb_u32(t, 1);
	}
	tb_u8(t, 1); tb_u8(t, 12); tb_u8(t, 2); tb_u8(t, 0); tb_u32(t, 0xfec00000); tb_u32(t, 0);
	tb_u8(t, 1); tb_u8(t, 12); tb_u8(t, 3); tb_u8(t, 0); tb_u32(t, 0xfec01000); tb_u32(t, 24);
	tb_u8(t, 2); tb_u8(t, 10); tb_u8(t, 0); tb_u8(t, 0); tb_u32(t, 2); tb_u16(t, 0);
	tb_finish(t);
}

static void dmar_truncated(struct tb *t)
{
	dmar_full(t);
	t->len -= 13; /* the header still claims the whole table */
}

const struct fixture acpi_fixtures[] = {
	{"dmar-qemu-q35.bin", dmar_qemu},
	{"dmar-full.bin", dmar_full},
	{"dmar-broken.bin", dmar_broken},
	{"dmar-truncated.bin", dmar_truncated},
	{"ivrs-full.bin", ivrs_full},
	{"ivrs-broken.bin", ivrs_broken},
	{"ivrs-hid-misplaced.bin", ivrs_hid_misplaced},
	{"iort-full.bin", iort_full},
	{"iort-rmr.bin", iort_rmr},
	{"madt.bin", madt},
	{"dmar-haw.bin", dmar_haw},
	{"dmar-reserved.bin", dmar_reserved},
	{"ivrs-rev1-40h.bin", ivrs_rev1_40h},
	{"ivrs-entry80.bin", ivrs_entry80},
	{"iort-fwts.bin", iort_fwts},
	{"iort-offset.bin", iort_offset},
	{"dmar-short.bin", dmar_short},
	{"dmar-scopes.bin", dmar_scopes},
	{"ivrs-short.bin", ivrs_short},
	{"iort-outside.bin", iort_outside},
	{NULL, NULL},
};
