#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-ivrs.h"
#include "acpi-sdt.h"
#include "util.h"

#define IVRS_HEADER_LEN 48

void ivrs_bdf_string(uint16_t devid, char out[8])
{
	/* Called for every device entry of every table: no printf machinery. */
	static const char hex[] = "0123456789abcdef";
	unsigned dev = (devid >> 3) & 0x1f;
	out[0] = hex[devid >> 12];
	out[1] = hex[(devid >> 8) & 0xf];
	out[2] = ':';
	out[3] = hex[dev >> 4];
	out[4] = hex[dev & 0xf];
	out[5] = '.';
	out[6] = hex[devid & 7];
	out[7] = '\0';
}

const char *ivhd_entry_name(unsigned type)
{
	switch (type) {
	case IVHD_PAD4: return "Reserved/Padding";
	case IVHD_ALL: return "Device Entry: All Devices";
	case IVHD_SELECT: return "Device Entry: Select One Device";
	case IVHD_START: return "Device Entry: Start of Range";
	case IVHD_END: return "Device Entry: End of Range";
	case IVHD_PAD8: return "Device Entry: Padding";
	case IVHD_ALIAS_SELECT: return "Device Entry: Alias Select";
	case IVHD_ALIAS_START: return "Device Entry: Alias Start of Range";
	case IVHD_EXT_SELECT: return "Device Entry: Extended Select";
	case IVHD_EXT_START: return "Device Entry: Extended Start of Range";
	case IVHD_SPECIAL: return "Device Entry: Special Device";
	case IVHD_ACPI_HID: return "Device Entry: ACPI HID Named Device";
	default: return "Unknown/Reserved Device Entry Type";
	}
}

static const char *block_note(unsigned type)
{
	switch (type) {
	case IVRS_IVHD_10: return "Hardware Definition Block (IVHD)";
	case IVRS_IVHD_11: return "Hardware Definition Block (IVHD)";
	case IVRS_IVHD_40: return "Hardware Definition Block - Mixed Format (IVHD)";
	case IVRS_IVMD_ALL:
	case IVRS_IVMD_ONE:
	case IVRS_IVMD_RANGE: return "Memory Definition Block (IVMD)";
	default: return "Unknown Subtable Type";
	}
}

/* ACPICA prints an 8-byte ACPI id as text when its first three bytes are
 * letters (an EISA/PNP string like "AMDI0020"), else as an integer. */
static bool id_is_string(const uint8_t *p)
{
	for (int i = 0; i < 3; i++)
		if (!isalpha(p[i]))
			return false;
	return true;
}

static char *id_text(const uint8_t *p)
{
	if (id_is_string(p))
		return sanitize_fw_string(p, strnlen((const char *)p, 8));
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v ? xasprintf("0x%" PRIx64, v) : xstrdup("");
}

struct range_state {
	bool open;
	uint8_t type, dte;
	uint16_t first, alias;
	uint32_t ext;
	uint32_t offset;
};

static void add_range(struct ivrs_ivhd *h, uint32_t offset, uint16_t first, uint16_t last,
		      uint8_t dte, bool has_ext, uint32_t ext, bool all)
{
	struct ivhd_range *r = xappend(&h->ranges, &h->n_ranges, sizeof(*r));
	r->offset = offset;
	r->first = first;
	r->last = last;
	r->dte = dte;
	r->has_ext = has_ext;
	r->ext = ext;
	r->all = all;
}

static void add_alias(struct ivrs_ivhd *h, uint32_t offset, uint16_t first, uint16_t last,
		      uint16_t alias, uint8_t dte)
{
	struct ivhd_alias *a = xappend(&h->aliases, &h->n_aliases, sizeof(*a));
	a->offset = offset;
	a->first = first;
	a->last = last;
	a->alias = alias;
	a->dte = dte;
}

/* One ACPI HID entry (0xF0) at `at`; `room` bytes remain in the IVHD.
 * Returns its length (22 + UID length). */
static size_t decode_hid(struct acpi_table *t, struct ivrs_ivhd *h, size_t at, size_t room)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_fields *f = &t->fields;

	if (acpi_in(len, at + 4, 8)) {
		if (id_is_string(b + at + 4))
			af_string(f, b, len, at + 4, 8, "ACPI HID");
		else
			af_uint(f, b, len, at + 4, 8, "ACPI HID");
	}
	if (acpi_in(len, at + 12, 8)) {
		if (id_is_string(b + at + 12))
			af_string(f, b, len, at + 12, 8, "ACPI CID");
		else
			af_uint(f, b, len, at + 12, 8, "ACPI CID");
	}
	af_uint(f, b, len, at + 20, 1, "UID Format");
	af_uint(f, b, len, at + 21, 1, "UID Length");
	if (room < 22) {
		acpi_finding(t, FIND_IVRS_HID_INVALID,
			     "ACPI HID entry at 0x%zx: %zu bytes left in the IVHD, 22 needed", at, room);
		return room;
	}
	uint8_t fmt = b[at + 20], ulen = b[at + 21];
	if (ulen) {
		if (fmt == 2)
			af_string(f, b, len, at + 22, ulen, "UID");
		else
			af_uint(f, b, len, at + 22, 8, "UID");
	}
	struct ivhd_acpihid *e = xappend(&h->hids, &h->n_hids, sizeof(*e));
	e->offset = (uint32_t)at;
	e->devid = acpi_u16(b, len, at + 1);
	e->dte = b[at + 3];
	e->hid = id_text(b + at + 4);
	e->cid = id_text(b + at + 12);
	e->uid_format = fmt;
	e->uid_length = ulen;
	size_t have = room - 22 < ulen ? room - 22 : ulen;
	if (fmt == 2) {
		e->uid = sanitize_fw_string(b + at + 22, strnlen((const char *)b + at + 22, have));
	} else if (fmt == 1 && have) {
		uint64_t v = 0;
		for (size_t i = have < 8 ? have : 8; i > 0; i--)
			v = v << 8 | b[at + 22 + i - 1];
		e->uid = xasprintf("%" PRIu64, v);
	} else {
		e->uid = xstrdup("");
	}
	if (!id_is_string(b + at + 4) && !acpi_u64(b, len, at + 4))
		acpi_finding(t, FIND_IVRS_HID_INVALID, "ACPI HID entry at 0x%zx has an empty HID", at);
	if (fmt > 2 || (fmt == 0 && ulen))
		acpi_finding(t, FIND_IVRS_HID_INVALID,
			     "ACPI HID entry at 0x%zx: UID format %u with UID length %u", at, fmt, ulen);
	if (22u + ulen > room) {
		acpi_finding(t, FIND_IVRS_HID_INVALID,
			     "ACPI HID entry at 0x%zx: UID length %u runs past the IVHD (%zu bytes left)",
			     at, ulen, room);
		return room;
	}
	return 22u + ulen;
}

/* An IVHD device entry's length from its type (AMD IOMMU specification
 * 48882, IVHD device entries): type bits 7:6 give 4, 8, 16 or 32 bytes; the
 * ACPI HID entry F0h alone has a variable length (22 + UID, measured by
 * decode_hid). ACPICA steps the same way (an unknown 80h entry as 16 bytes,
 * C0h-FFh as 32). Linux's ivhd_entry_length() agrees below 80h and for F0h
 * and returns 0 for everything else. */
static size_t entry_length(uint8_t type)
{
	return type == IVHD_ACPI_HID ? 4 : (size_t)4 << (type >> 6);
}

static void decode_entries(struct acpi_table *t, struct ivrs_ivhd *h, size_t off, size_t first,
			   size_t slen)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_fields *f = &t->fields;
	struct range_state rs = {0};
	size_t pos = first;
	unsigned steps = 0;

	while (pos < slen) {
		size_t at = off + pos;
		if (++steps > ACPI_WALK_LIMIT) {
			acpi_finding(t, FIND_ACPI_WALK_LIMIT, "IVHD at 0x%zx: more than %u device entries",
				     off, ACPI_WALK_LIMIT);
			return;
		}
		uint8_t type = b[at];
		size_t elen = entry_length(type);
		af_uint(f, b, len, at, 1, "Subtable Type");
		af_note(f, ivhd_entry_name(type));
		af_uint(f, b, len, at + 1, 2, "Device ID");
		af_uint(f, b, len, at + 3, 1, "Data Setting");
		uint16_t devid = acpi_u16(b, len, at + 1);
		uint8_t dte = acpi_u8(b, len, at + 3);
		size_t room = slen - pos;

		switch (type) {
		case IVHD_ALIAS_SELECT:
		case IVHD_ALIAS_START:
		case IVHD_SPECIAL:
			af_uint(f, b, len, at + 4, 1, type == IVHD_SPECIAL ? "Handle" : "Reserved");
			af_uint(f, b, len, at + 5, 2, "Source Used Device ID");
			af_uint(f, b, len, at + 7, 1, type == IVHD_SPECIAL ? "Variety" : "Reserved");
			break;
		case IVHD_PAD8:
		case IVHD_EXT_SELECT:
		case IVHD_EXT_START:
			af_uint(f, b, len, at + 4, 4, "Extended Data");
			break;
		default:
			break;
		}
		if (type == IVHD_ACPI_HID) {
			if (h->type != IVRS_IVHD_40)
				acpi_finding(t, FIND_IVRS_HID_MISPLACED,
					     "ACPI HID entry at 0x%zx is inside an IVHD of type 0x%02x (only type 0x40 may hold it)",
					     at, h->type);
			elen = decode_hid(t, h, at, room);
			pos += elen;
			continue;
		}
		if (type >= 0x80) {
			/* Reported in ivrs_check, once the IVHD type Linux uses is known. */
			if (!h->n_unsteppable++) {
				h->unsteppable_offset = (uint32_t)at;
				h->unsteppable_type = type;
			}
		}
		if (elen > room) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "IVHD at 0x%zx: device entry type 0x%02x at 0x%zx needs %zu bytes, %zu remain",
				     off, type, at, elen, room);
			return;
		}
		uint16_t used = acpi_u16(b, len, at + 5);
		uint32_t ext = acpi_u32(b, len, at + 4);
		switch (type) {
		case IVHD_PAD4:
		case IVHD_PAD8:
			break;
		case IVHD_ALL:
			add_range(h, (uint32_t)at, 0, 0xffff, dte, false, 0, true);
			break;
		case IVHD_SELECT:
			add_range(h, (uint32_t)at, devid, devid, dte, false, 0, false);
			break;
		case IVHD_ALIAS_SELECT:
			add_range(h, (uint32_t)at, devid, devid, dte, false, 0, false);
			add_alias(h, (uint32_t)at, devid, devid, used, dte);
			break;
		case IVHD_EXT_SELECT:
			add_range(h, (uint32_t)at, devid, devid, dte, true, ext, false);
			break;
		case IVHD_SPECIAL: {
			struct ivhd_special *s = xappend(&h->specials, &h->n_specials, sizeof(*s));
			s->offset = (uint32_t)at;
			s->handle = b[at + 4];
			s->devid = used;
			s->variety = b[at + 7];
			s->dte = dte;
			if (s->variety != IVHD_VARIETY_IOAPIC && s->variety != IVHD_VARIETY_HPET)
				acpi_finding(t, FIND_IVRS_ENTRY_UNKNOWN,
					     "special device entry at 0x%zx has variety %u (1 IOAPIC, 2 HPET)",
					     at, s->variety);
			break;
		}
		case IVHD_START:
		case IVHD_ALIAS_START:
		case IVHD_EXT_START:
			if (rs.open)
				acpi_finding(t, FIND_IVRS_RANGE_UNTERMINATED,
					     "range start at 0x%x is followed by another start at 0x%zx before its end",
					     rs.offset, at);
			rs.open = true;
			rs.type = type;
			rs.first = devid;
			rs.dte = dte;
			rs.alias = used;
			rs.ext = ext;
			rs.offset = (uint32_t)at;
			break;
		case IVHD_END:
			if (!rs.open) {
				acpi_finding(t, FIND_IVRS_RANGE_UNTERMINATED,
					     "range end at 0x%zx has no start", at);
				break;
			}
			rs.open = false;
			if (devid < rs.first) {
				acpi_finding(t, FIND_IVRS_RANGE_UNTERMINATED,
					     "range at 0x%x ends at device %04x, below its start %04x",
					     rs.offset, devid, rs.first);
				break;
			}
			add_range(h, rs.offset, rs.first, devid, rs.dte, rs.type == IVHD_EXT_START,
				  rs.ext, false);
			if (rs.type == IVHD_ALIAS_START)
				add_alias(h, rs.offset, rs.first, devid, rs.alias, rs.dte);
			break;
		default:
			if (type < 0x80)
				acpi_finding(t, FIND_IVRS_ENTRY_UNKNOWN,
					     "IVHD at 0x%zx: device entry type 0x%02x at 0x%zx is not defined; skipped as %zu bytes",
					     off, type, at, elen);
			break;
		}
		pos += elen;
	}
	if (rs.open)
		acpi_finding(t, FIND_IVRS_RANGE_UNTERMINATED,
			     "range start at 0x%x has no end entry before the end of its IVHD", rs.offset);
}

static void decode_ivhd(struct acpi_table *t, struct acpi_ivrs *v, size_t off, size_t slen,
			uint8_t type)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_fields *f = &t->fields;
	size_t hdr = type == IVRS_IVHD_10 ? 24 : 40;

	af_uint(f, b, len, off + 6, 2, "Capability Offset");
	af_uint(f, b, len, off + 8, 8, "Base Address");
	af_uint(f, b, len, off + 16, 2, "PCI Segment Group");
	af_uint(f, b, len, off + 18, 2, "Virtualization Info");
	if (type == IVRS_IVHD_10) {
		af_uint(f, b, len, off + 20, 4, "Feature Reporting");
	} else {
		af_uint(f, b, len, off + 20, 4, "Attributes");
		af_uint(f, b, len, off + 24, 8, "EFR Image");
		af_uint(f, b, len, off + 32, 8, "Reserved");
	}
	struct ivrs_ivhd *h = xappend(&v->ivhd, &v->n_ivhd, sizeof(*h));
	h->offset = (uint32_t)off;
	h->type = type;
	h->flags = acpi_u8(b, len, off + 1);
	h->length = acpi_u16(b, len, off + 2);
	h->iommu_bdf = acpi_u16(b, len, off + 4);
	h->capability_offset = acpi_u16(b, len, off + 6);
	h->base = acpi_u64(b, len, off + 8);
	h->segment = acpi_u16(b, len, off + 16);
	h->info = acpi_u16(b, len, off + 18);
	h->attributes = acpi_u32(b, len, off + 20);
	if (type != IVRS_IVHD_10) {
		h->efr = acpi_u64(b, len, off + 24);
		h->efr2 = acpi_u64(b, len, off + 32);
	}
	if (slen < hdr) {
		acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
			     "IVHD type 0x%02x at 0x%zx has %zu bytes, less than its %zu-byte header",
			     type, off, slen, hdr);
		return;
	}
	/* AMD IOMMU specification, IVHD: IOMMU info bits 7:5 and 15:13; in types
	 * 11h/40h flags bits 7:6 (PrefSup/PPRSup moved to the EFR image) and
	 * attribute bits 12:0 and 31:28. */
	acpi_reserved(t, off + 18, 2, 0xe0e0, "IVHD IOMMU Info");
	if (type != IVRS_IVHD_10) {
		acpi_reserved(t, off + 1, 1, 0xc0, "IVHD Flags");
		acpi_reserved(t, off + 20, 4, 0xf0001fffu, "IVHD Attributes");
	}
	if (!h->base)
		acpi_finding(t, FIND_IVRS_IVHD_BASE,
			     "IVHD type 0x%02x at 0x%zx (IOMMU %04x:%02x:%02x.%x): base address is 0", type,
			     off, h->segment, h->iommu_bdf >> 8, (h->iommu_bdf >> 3) & 31, h->iommu_bdf & 7);
	else if (h->base & 0xfff)
		acpi_finding(t, FIND_IVRS_IVHD_BASE,
			     "IVHD type 0x%02x at 0x%zx: base address 0x%" PRIx64 " is not 4 KiB aligned",
			     type, off, h->base);
	decode_entries(t, h, off, hdr, slen);
}

static void decode_ivmd(struct acpi_table *t, struct acpi_ivrs *v, size_t off, size_t slen,
			uint8_t type)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_fields *f = &t->fields;
	af_uint(f, b, len, off + 6, 2, "Auxiliary Data");
	af_uint(f, b, len, off + 8, 8, "Reserved");
	af_uint(f, b, len, off + 16, 8, "Start Address");
	af_uint(f, b, len, off + 24, 8, "Memory Length");
	struct ivrs_ivmd *m = xappend(&v->ivmd, &v->n_ivmd, sizeof(*m));
	m->offset = (uint32_t)off;
	m->type = type;
	m->flags = acpi_u8(b, len, off + 1);
	m->devid = acpi_u16(b, len, off + 4);
	m->aux = acpi_u16(b, len, off + 6);
	m->reserved = acpi_u64(b, len, off + 8);
	m->start = acpi_u64(b, len, off + 16);
	m->length = acpi_u64(b, len, off + 24);
	m->first = type == IVRS_IVMD_ALL ? 0 : m->devid;
	m->last = type == IVRS_IVMD_ALL ? 0xffff : type == IVRS_IVMD_ONE ? m->devid : m->aux;
	if (slen < 32) {
		acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
			     "IVMD type 0x%02x at 0x%zx has %zu bytes, less than 32", type, off, slen);
		return;
	}
	/* Flags bits 7:4; bytes 10-15. Bytes 8-9 are the PCI segment in the
	 * current specification (Linux reads them so), not reserved. */
	acpi_reserved(t, off + 1, 1, 0xf0, "IVMD Flags");
	acpi_reserved(t, off + 10, 6, ~0ull, "IVMD Reserved");
	if (!m->length)
		acpi_finding(t, FIND_IVRS_IVMD_BAD, "IVMD at 0x%zx: memory block length is 0", off);
	else if ((m->start & 0xfff) || (m->length & 0xfff))
		acpi_finding(t, FIND_IVRS_IVMD_BAD,
			     "IVMD at 0x%zx: [0x%" PRIx64 " +0x%" PRIx64 "] is not in whole 4 KiB pages",
			     off, m->start, m->length);
	else if (m->start + m->length < m->start)
		acpi_finding(t, FIND_IVRS_IVMD_BAD, "IVMD at 0x%zx: the range wraps past 2^64", off);
	if (type == IVRS_IVMD_RANGE && m->aux < m->devid)
		acpi_finding(t, FIND_IVRS_IVMD_BAD,
			     "IVMD at 0x%zx: device range %04x..%04x is reversed", off, m->devid, m->aux);
	if (type == IVRS_IVMD_ALL && (m->flags & 0x09))
		acpi_finding(t, FIND_IVRS_IVMD_ALL_DEVICES,
			     "IVMD at 0x%zx: [0x%" PRIx64 " +0x%" PRIx64 "] (flags 0x%02x) applies to every device",
			     off, m->start, m->length, m->flags);
}

static void ivrs_check(struct acpi_table *t, struct acpi_ivrs *v)
{
	if (t->hdr.revision != 1 && t->hdr.revision != 2)
		acpi_finding(t, FIND_IVRS_REVISION,
			     "revision %u (1 describes IVHD 0x10/0x11, 2 adds 0x40)", t->hdr.revision);
	if (v->ivinfo & 0xff80001cu)
		acpi_finding(t, FIND_IVRS_IVINFO_RESERVED, "IVinfo 0x%08x has reserved bits set (0x%08x)",
			     v->ivinfo, v->ivinfo & 0xff80001cu);
	if (!v->n_ivhd) {
		acpi_finding(t, FIND_IVRS_NO_IVHD, "the table has no IVHD block");
		return;
	}
	for (size_t i = 0; i < v->n_ivhd; i++) {
		const struct ivrs_ivhd *h = &v->ivhd[i];
		if (h->type == IVRS_IVHD_40 && t->hdr.revision != 2)
			acpi_finding(t, FIND_IVRS_IVHD40_REVISION,
				     "IVHD type 0x40 at 0x%x in an IVRS of revision %u", h->offset,
				     t->hdr.revision);
		if (!h->n_unsteppable)
			continue;
		if (h->type == v->kernel_ivhd_type)
			acpi_finding(t, FIND_IVRS_ENTRY_STALLS_KERNEL,
				     "IVHD type 0x%02x at 0x%x: device entry type 0x%02x at 0x%x (%zu such entries); Linux uses this IVHD type and its walk stops advancing there",
				     h->type, h->offset, h->unsteppable_type, h->unsteppable_offset,
				     h->n_unsteppable);
		else
			acpi_finding(t, FIND_IVRS_ENTRY_UNKNOWN,
				     "IVHD type 0x%02x at 0x%x: device entry type 0x%02x at 0x%x (%zu such entries) has no length Linux knows; Linux uses IVHD type 0x%02x, so it does not walk this block",
				     h->type, h->offset, h->unsteppable_type, h->unsteppable_offset,
				     h->n_unsteppable, v->kernel_ivhd_type);
	}
	bool ioapic = false, hpet = false;
	for (size_t i = 0; i < v->n_ivhd; i++)
		for (size_t j = 0; j < v->ivhd[i].n_specials; j++) {
			ioapic |= v->ivhd[i].specials[j].variety == IVHD_VARIETY_IOAPIC;
			hpet |= v->ivhd[i].specials[j].variety == IVHD_VARIETY_HPET;
		}
	if (!ioapic)
		acpi_finding(t, FIND_IVRS_NO_IOAPIC, "no IVHD lists an IOAPIC special device entry");
	if (!hpet)
		acpi_finding(t, FIND_IVRS_NO_HPET, "no IVHD lists an HPET special device entry");
}

void acpi_ivrs_decode(struct acpi_table *t)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_fields *f = &t->fields;
	struct acpi_ivrs *v = xcalloc(1, sizeof(*v));
	t->ivrs = v;

	af_uint(f, b, len, 36, 4, "Virtualization Info");
	af_uint(f, b, len, 40, 8, "Reserved");
	v->ivinfo = acpi_u32(b, len, 36);
	v->efr_sup = v->ivinfo & IVINFO_EFR_SUP;
	v->dma_remap = v->ivinfo & IVINFO_DMA_REMAP;
	v->gva_size_field = (v->ivinfo >> 5) & 7;
	v->pa_size = (v->ivinfo >> 8) & 0x7f;
	v->va_size = (v->ivinfo >> 15) & 0x7f;
	if (len < IVRS_HEADER_LEN) {
		acpi_finding(t, FIND_ACPI_TABLE_TRUNCATED, "%zu bytes, less than the 48-byte IVRS header", len);
		return;
	}

	acpi_reserved(t, 40, 8, ~0ull, "IVRS Reserved");

	size_t off = IVRS_HEADER_LEN;
	unsigned steps = 0;
	bool kernel_walk = true; /* still inside get_highest_supported_ivhd_type's walk */
	uint16_t first_devid = acpi_u16(b, len, off + 4);
	while (off < len) {
		if (++steps > ACPI_WALK_LIMIT) {
			acpi_finding(t, FIND_ACPI_WALK_LIMIT, "more than %u blocks", ACPI_WALK_LIMIT);
			break;
		}
		uint8_t type = b[off];
		af_uint(f, b, len, off, 1, "Subtable Type");
		af_note(f, block_note(type));
		af_uint(f, b, len, off + 1, 1, "Flags");
		af_uint(f, b, len, off + 2, 2, "Length");
		af_uint(f, b, len, off + 4, 2, "DeviceId");
		if (len - off < 4) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "%zu stray bytes at 0x%zx, too few for a block header", len - off, off);
			break;
		}
		size_t slen = acpi_u16(b, len, off + 2);
		if (kernel_walk && type > IVRS_IVHD_40)
			kernel_walk = false;
		if (kernel_walk && acpi_u16(b, len, off + 4) == first_devid)
			v->kernel_ivhd_type = type;
		if (!slen) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_ZERO_LENGTH,
				     "block type 0x%02x at 0x%zx has length 0; parsing stops here", type, off);
			break;
		}
		bool passes_end = slen > len - off;
		if (passes_end) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "block type 0x%02x at 0x%zx claims %zu bytes but only %zu remain",
				     type, off, slen, len - off);
			slen = len - off;
		}
		switch (type) {
		case IVRS_IVHD_10:
		case IVRS_IVHD_11:
		case IVRS_IVHD_40:
			decode_ivhd(t, v, off, slen, type);
			break;
		case IVRS_IVMD_ALL:
		case IVRS_IVMD_ONE:
		case IVRS_IVMD_RANGE:
			decode_ivmd(t, v, off, slen, type);
			break;
		default:
			acpi_finding(t, FIND_ACPI_UNKNOWN_SUBTABLE,
				     "block type 0x%02x at 0x%zx (%zu bytes) is not an IVHD or IVMD type this tool knows; skipped",
				     type, off, slen);
			break;
		}
		if (passes_end)
			break;
		off += slen;
	}
	ivrs_check(t, v);
}

void acpi_ivrs_free(struct acpi_ivrs *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_ivhd; i++) {
		struct ivrs_ivhd *h = &v->ivhd[i];
		for (size_t j = 0; j < h->n_hids; j++) {
			free(h->hids[j].hid);
			free(h->hids[j].cid);
			free(h->hids[j].uid);
		}
		free(h->ranges);
		free(h->aliases);
		free(h->specials);
		free(h->hids);
	}
	free(v->ivhd);
	free(v->ivmd);
	free(v);
}
