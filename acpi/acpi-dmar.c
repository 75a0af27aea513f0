#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-dmar.h"
#include "acpi-sdt.h"
#include "util.h"

#define DMAR_HEADER_LEN 48

const char *dmar_struct_name(unsigned type)
{
	switch (type) {
	case DMAR_DRHD: return "DRHD";
	case DMAR_RMRR: return "RMRR";
	case DMAR_ATSR: return "ATSR";
	case DMAR_RHSA: return "RHSA";
	case DMAR_ANDD: return "ANDD";
	case DMAR_SATC: return "SATC";
	case DMAR_SIDP: return "SIDP";
	default: return "unknown";
	}
}

static const char *dmar_struct_note(unsigned type)
{
	switch (type) {
	case DMAR_DRHD: return "Hardware Unit Definition";
	case DMAR_RMRR: return "Reserved Memory Region";
	case DMAR_ATSR: return "Root Port ATS Capability";
	case DMAR_RHSA: return "Remapping Hardware Static Affinity";
	case DMAR_ANDD: return "ACPI Namespace Device Declaration";
	case DMAR_SATC: return "SoC Integrated Address Translation Cache";
	case DMAR_SIDP: return "SoC Integrated Device Property";
	default: return "Unknown Subtable Type";
	}
}

const char *dmar_scope_name(unsigned type)
{
	switch (type) {
	case DMAR_SCOPE_ENDPOINT: return "PCI Endpoint Device";
	case DMAR_SCOPE_BRIDGE: return "PCI Bridge Device";
	case DMAR_SCOPE_IOAPIC: return "IOAPIC Device";
	case DMAR_SCOPE_HPET: return "Message-capable HPET Device";
	case DMAR_SCOPE_NAMESPACE: return "Namespace Device";
	default: return "Unknown Scope Type";
	}
}

char *dmar_scope_path_string(const struct dmar_scope *s)
{
	struct strbuf sb = {0};
	sb_addf(&sb, "%02x", s->start_bus);
	for (size_t i = 0; i < s->path_len; i++)
		sb_addf(&sb, "%s%02x.%x", i ? "/" : ":", s->path[i].dev, s->path[i].fn);
	return sb_take(&sb);
}

/* Minimum length of each known structure (its fixed part). */
static size_t dmar_min_len(unsigned type)
{
	switch (type) {
	case DMAR_DRHD: return 16;
	case DMAR_RMRR: return 24;
	case DMAR_ATSR: return 8;
	case DMAR_RHSA: return 20;
	case DMAR_ANDD: return 8;
	case DMAR_SATC: return 8;
	case DMAR_SIDP: return 8;
	default: return 4;
	}
}

/* Device scopes of the structure at soff, from byte `first` of it to `slen`
 * (the structure's length, already clipped to the table). */
static void dmar_scopes_decode(struct acpi_table *t, size_t soff, size_t first, size_t slen,
			       struct dmar_scopes *out, const char *what)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	size_t pos = first;
	unsigned steps = 0;

	while (pos < slen) {
		size_t at = soff + pos;
		if (++steps > ACPI_WALK_LIMIT) {
			acpi_finding(t, FIND_ACPI_WALK_LIMIT, "%s at 0x%zx: more than %u device scopes",
				     what, soff, ACPI_WALK_LIMIT);
			return;
		}
		af_uint(&t->fields, b, len, at, 1, "Device Scope Type");
		af_note(&t->fields, dmar_scope_name(acpi_u8(b, len, at)));
		af_uint(&t->fields, b, len, at + 1, 1, "Entry Length");
		af_uint(&t->fields, b, len, at + 2, 2, "Reserved");
		af_uint(&t->fields, b, len, at + 4, 1, "Enumeration ID");
		af_uint(&t->fields, b, len, at + 5, 1, "PCI Bus Number");
		if (slen - pos < 6) {
			acpi_finding(t, FIND_DMAR_SCOPE_LENGTH,
				     "%s at 0x%zx: device scope at 0x%zx has %zu bytes, less than its 6-byte header",
				     what, soff, at, slen - pos);
			return;
		}
		uint8_t elen = b[at + 1];
		if (elen < 6) {
			acpi_finding(t, FIND_DMAR_SCOPE_LENGTH,
				     "%s at 0x%zx: device scope at 0x%zx has length %u (at least 6 needed); the kernel stops here",
				     what, soff, at, elen);
			return;
		}
		/* iasl prints every path element the entry claims (within the table). */
		for (size_t p = 6; p < elen; p += 2)
			af_path(&t->fields, b, len, at + p, "PCI Path");

		/* Byte 3 is reserved (byte 2 holds flags in VT-d 4.0 and later). */
		acpi_reserved(t, at + 3, 1, 0xff, "Device Scope Reserved");
		struct dmar_scope *sc = xappend(&out->v, &out->n, sizeof(*sc));
		sc->offset = (uint32_t)at;
		sc->type = b[at];
		sc->flags = b[at + 2];
		sc->enumeration_id = b[at + 4];
		sc->start_bus = b[at + 5];
		size_t avail = elen;
		if (elen > slen - pos) {
			acpi_finding(t, FIND_DMAR_SCOPE_LENGTH,
				     "%s at 0x%zx: device scope at 0x%zx claims %u bytes but only %zu remain in the structure",
				     what, soff, at, elen, slen - pos);
			avail = slen - pos;
		}
		if ((elen - 6) % 2)
			acpi_finding(t, FIND_DMAR_SCOPE_LENGTH,
				     "%s at 0x%zx: device scope at 0x%zx has odd length %u (path elements are 2 bytes)",
				     what, soff, at, elen);
		size_t hops = (avail - 6) / 2;
		if (hops) {
			sc->path = xcalloc(hops, sizeof(*sc->path));
			for (size_t h = 0; h < hops; h++) {
				sc->path[h].dev = b[at + 6 + 2 * h];
				sc->path[h].fn = b[at + 7 + 2 * h];
			}
			sc->path_len = hops;
		}
		if (sc->type < DMAR_SCOPE_ENDPOINT || sc->type > DMAR_SCOPE_NAMESPACE)
			acpi_finding(t, FIND_DMAR_SCOPE_UNKNOWN_TYPE,
				     "%s at 0x%zx: device scope at 0x%zx has type %u", what, soff, at, sc->type);
		else if (!hops)
			acpi_finding(t, FIND_DMAR_SCOPE_NO_PATH,
				     "%s at 0x%zx: %s scope at 0x%zx has no path", what, soff,
				     dmar_scope_name(sc->type), at);
		else
			for (size_t h = 0; h < hops; h++)
				if (sc->path[h].dev > 31 || sc->path[h].fn > 7) {
					acpi_finding(t, FIND_DMAR_SCOPE_BAD_PATH,
						     "%s at 0x%zx: scope at 0x%zx has path element %02x,%02x (device must be < 32, function < 8)",
						     what, soff, at, sc->path[h].dev, sc->path[h].fn);
					break;
				}
		if (elen > slen - pos)
			return;
		pos += elen;
	}
}

static void decode_drhd(struct acpi_table *t, struct acpi_dmar *d, size_t off, size_t slen)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_uint(&t->fields, b, len, off + 4, 1, "Flags");
	af_note(&t->fields, acpi_u8(b, len, off + 4) & 1 ? "INCLUDE_PCI_ALL" : NULL);
	af_uint(&t->fields, b, len, off + 5, 1, "Size");
	af_uint(&t->fields, b, len, off + 6, 2, "PCI Segment Number");
	af_uint(&t->fields, b, len, off + 8, 8, "Register Base Address");
	struct dmar_drhd *u = xappend(&d->drhd, &d->n_drhd, sizeof(*u));
	u->offset = (uint32_t)off;
	u->flags = acpi_u8(b, len, off + 4);
	u->include_pci_all = u->flags & 1;
	u->size = acpi_u8(b, len, off + 5);
	u->register_size = (uint64_t)4096 << (u->size & 0x0f);
	u->segment = acpi_u16(b, len, off + 6);
	u->base = acpi_u64(b, len, off + 8);
	/* VT-d: flags bits 7:1; size bits 7:4 */
	if (slen >= 16) {
		acpi_reserved(t, off + 4, 1, 0xfe, "DRHD Flags");
		acpi_reserved(t, off + 5, 1, 0xf0, "DRHD Size");
	}
	if (slen >= 16)
		dmar_scopes_decode(t, off, 16, slen, &u->scopes, "DRHD");
}

static void decode_rmrr(struct acpi_table *t, struct acpi_dmar *d, size_t off, size_t slen)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_uint(&t->fields, b, len, off + 4, 2, "Reserved");
	af_uint(&t->fields, b, len, off + 6, 2, "PCI Segment Number");
	af_uint(&t->fields, b, len, off + 8, 8, "Base Address");
	af_uint(&t->fields, b, len, off + 16, 8, "End Address (limit)");
	struct dmar_rmrr *r = xappend(&d->rmrr, &d->n_rmrr, sizeof(*r));
	r->offset = (uint32_t)off;
	r->flags = acpi_u16(b, len, off + 4);
	r->segment = acpi_u16(b, len, off + 6);
	r->base = acpi_u64(b, len, off + 8);
	r->limit = acpi_u64(b, len, off + 16);
	if (slen >= 24) /* bit 0 is ACPICA's ALLOW_ALL */
		acpi_reserved(t, off + 4, 2, 0xfffe, "RMRR Reserved");
	if (slen >= 24)
		dmar_scopes_decode(t, off, 24, slen, &r->scopes, "RMRR");
}

static void decode_atsr_satc(struct acpi_table *t, struct acpi_dmar *d, size_t off, size_t slen,
			     unsigned type)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_uint(&t->fields, b, len, off + 4, 1, "Flags");
	af_uint(&t->fields, b, len, off + 5, 1, "Reserved");
	af_uint(&t->fields, b, len, off + 6, 2, "PCI Segment Number");
	if (slen >= 8) { /* flags: bit 0 ALL_PORTS (ATSR) / ATC_REQUIRED (SATC) */
		acpi_reserved(t, off + 4, 1, 0xfe, type == DMAR_ATSR ? "ATSR Flags" : "SATC Flags");
		acpi_reserved(t, off + 5, 1, 0xff, type == DMAR_ATSR ? "ATSR Reserved" : "SATC Reserved");
	}
	if (type == DMAR_ATSR) {
		struct dmar_atsr *a = xappend(&d->atsr, &d->n_atsr, sizeof(*a));
		a->offset = (uint32_t)off;
		a->flags = acpi_u8(b, len, off + 4);
		a->all_ports = a->flags & 1;
		a->segment = acpi_u16(b, len, off + 6);
		if (slen >= 8)
			dmar_scopes_decode(t, off, 8, slen, &a->scopes, "ATSR");
	} else {
		struct dmar_satc *s = xappend(&d->satc, &d->n_satc, sizeof(*s));
		s->offset = (uint32_t)off;
		s->flags = acpi_u8(b, len, off + 4);
		s->atc_required = s->flags & 1;
		s->segment = acpi_u16(b, len, off + 6);
		if (slen >= 8)
			dmar_scopes_decode(t, off, 8, slen, &s->scopes, "SATC");
	}
}

static void decode_sidp(struct acpi_table *t, struct acpi_dmar *d, size_t off, size_t slen)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_uint(&t->fields, b, len, off + 4, 2, "Reserved");
	af_uint(&t->fields, b, len, off + 6, 2, "PCI Segment Number");
	struct dmar_sidp *s = xappend(&d->sidp, &d->n_sidp, sizeof(*s));
	s->offset = (uint32_t)off;
	s->segment = acpi_u16(b, len, off + 6);
	if (slen >= 8) {
		acpi_reserved(t, off + 4, 2, 0xffff, "SIDP Reserved");
		dmar_scopes_decode(t, off, 8, slen, &s->scopes, "SIDP");
	}
}

static void decode_rhsa(struct acpi_table *t, struct acpi_dmar *d, size_t off, size_t slen)
{
	if (slen >= 20)
		acpi_reserved(t, off + 4, 4, ~0ull, "RHSA Reserved");
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_uint(&t->fields, b, len, off + 4, 4, "Reserved");
	af_uint(&t->fields, b, len, off + 8, 8, "Base Address");
	af_uint(&t->fields, b, len, off + 16, 4, "Proximity Domain");
	struct dmar_rhsa *r = xappend(&d->rhsa, &d->n_rhsa, sizeof(*r));
	r->offset = (uint32_t)off;
	r->base = acpi_u64(b, len, off + 8);
	r->proximity_domain = acpi_u32(b, len, off + 16);
}

static void decode_andd(struct acpi_table *t, struct acpi_dmar *d, size_t off, size_t slen)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_uint(&t->fields, b, len, off + 4, 3, "Reserved");
	af_uint(&t->fields, b, len, off + 7, 1, "Device Number");
	struct dmar_andd *a = xappend(&d->andd, &d->n_andd, sizeof(*a));
	a->offset = (uint32_t)off;
	a->device_number = acpi_u8(b, len, off + 7);
	if (slen >= 8)
		acpi_reserved(t, off + 4, 3, ~0ull, "ANDD Reserved");
	size_t room = slen > 8 ? slen - 8 : 0;
	size_t n = room ? strnlen((const char *)b + off + 8, room) : 0;
	if (room) {
		af_string(&t->fields, b, len, off + 8, (unsigned)(n < room ? n + 1 : n), "Device Name");
		a->name = sanitize_fw_string(b + off + 8, n);
	} else {
		a->name = xstrdup("");
	}
	if (n == room)
		acpi_finding(t, FIND_DMAR_ANDD_NAME,
			     "ANDD at 0x%zx (device number %u): the name has no terminating NUL inside the structure",
			     off, a->device_number);
}

static void dmar_check(struct acpi_table *t, struct acpi_dmar *d)
{
	if (d->host_address_bits < 12)
		acpi_finding(t, FIND_DMAR_HAW_INVALID,
			     "host address width byte is %u (%u bits); the kernel requires at least 12 bits",
			     d->width, d->host_address_bits);
	if (!d->n_drhd)
		acpi_finding(t, FIND_DMAR_NO_DRHD, "the table has no DRHD structure");
	if (!d->intr_remap)
		acpi_finding(t, FIND_DMAR_NO_INTR_REMAP, "DMAR flags 0x%02x: INTR_REMAP (bit 0) clear",
			     d->flags);
	if (d->x2apic_opt_out)
		acpi_finding(t, FIND_DMAR_X2APIC_OPT_OUT, "DMAR flags 0x%02x: X2APIC_OPT_OUT (bit 1) set",
			     d->flags);
	if (d->dma_ctrl_platform_opt_in)
		acpi_finding(t, FIND_DMAR_PLATFORM_OPT_IN,
			     "DMAR flags 0x%02x: DMA_CTRL_PLATFORM_OPT_IN (bit 2) set", d->flags);

	for (size_t i = 0; i < d->n_drhd; i++) {
		const struct dmar_drhd *u = &d->drhd[i];
		if (!u->base)
			acpi_finding(t, FIND_DMAR_DRHD_BASE_ZERO,
				     "DRHD at 0x%x (segment %u): register base address is 0", u->offset,
				     u->segment);
		else if (u->base & 0xfff)
			acpi_finding(t, FIND_DMAR_DRHD_BASE_UNALIGNED,
				     "DRHD at 0x%x: register base 0x%" PRIx64 " is not 4 KiB aligned",
				     u->offset, u->base);
		if (d->host_address_bits >= 12 && d->host_address_bits < 64 &&
		    (u->base >> d->host_address_bits))
			acpi_finding(t, FIND_DMAR_DRHD_BASE_UNALIGNED,
				     "DRHD at 0x%x: register base 0x%" PRIx64 " lies above the %u-bit host address width",
				     u->offset, u->base, d->host_address_bits);
		for (size_t j = 0; j < i; j++)
			if (u->base && d->drhd[j].base == u->base) {
				acpi_finding(t, FIND_DMAR_DRHD_DUPLICATE,
					     "DRHD at 0x%x and DRHD at 0x%x both have register base 0x%" PRIx64,
					     d->drhd[j].offset, u->offset, u->base);
				break;
			}
		if (!u->include_pci_all && !u->scopes.n)
			acpi_finding(t, FIND_DMAR_DRHD_NO_SCOPE,
				     "DRHD at 0x%x (registers 0x%" PRIx64 ") has no device scope and no INCLUDE_PCI_ALL",
				     u->offset, u->base);
		if (u->include_pci_all) {
			for (size_t j = 0; j < i; j++)
				if (d->drhd[j].include_pci_all && d->drhd[j].segment == u->segment) {
					acpi_finding(t, FIND_DMAR_INCLUDE_ALL_DUPLICATE,
						     "DRHD at 0x%x and DRHD at 0x%x both have INCLUDE_PCI_ALL for segment %u",
						     d->drhd[j].offset, u->offset, u->segment);
					break;
				}
			for (size_t j = i + 1; j < d->n_drhd; j++)
				if (!d->drhd[j].include_pci_all && d->drhd[j].segment == u->segment) {
					acpi_finding(t, FIND_DMAR_INCLUDE_ALL_NOT_LAST,
						     "DRHD at 0x%x (INCLUDE_PCI_ALL, segment %u) is followed by DRHD at 0x%x of the same segment",
						     u->offset, u->segment, d->drhd[j].offset);
					break;
				}
		}
	}

	for (size_t i = 0; i < d->n_rmrr; i++) {
		const struct dmar_rmrr *r = &d->rmrr[i];
		if (r->limit <= r->base)
			acpi_finding(t, FIND_DMAR_RMRR_EMPTY,
				     "RMRR at 0x%x: end 0x%" PRIx64 " is not above base 0x%" PRIx64,
				     r->offset, r->limit, r->base);
		else if ((r->base & 0xfff) || ((r->limit + 1) & 0xfff))
			acpi_finding(t, FIND_DMAR_RMRR_UNALIGNED,
				     "RMRR at 0x%x: [0x%" PRIx64 "-0x%" PRIx64 "] does not start and end on 4 KiB pages",
				     r->offset, r->base, r->limit);
		if (d->host_address_bits >= 12 && d->host_address_bits < 64 &&
		    (r->limit >> d->host_address_bits))
			acpi_finding(t, FIND_DMAR_RMRR_BEYOND_HAW,
				     "RMRR at 0x%x: end 0x%" PRIx64 " lies above the %u-bit host address width",
				     r->offset, r->limit, d->host_address_bits);
		if (!r->scopes.n)
			acpi_finding(t, FIND_DMAR_RMRR_NO_SCOPE,
				     "RMRR at 0x%x [0x%" PRIx64 "-0x%" PRIx64 "] names no device", r->offset,
				     r->base, r->limit);
		for (size_t j = 0; j < d->n_drhd; j++) {
			const struct dmar_drhd *u = &d->drhd[j];
			if (u->base && r->limit > r->base && u->base <= r->limit &&
			    u->base + u->register_size - 1 >= r->base)
				acpi_finding(t, FIND_DMAR_RMRR_SUSPICIOUS,
					     "RMRR at 0x%x [0x%" PRIx64 "-0x%" PRIx64 "] covers the registers of the DRHD at 0x%x (0x%" PRIx64 ")",
					     r->offset, r->base, r->limit, u->offset, u->base);
		}
		if (r->limit > r->base && r->base < 0x1000)
			acpi_finding(t, FIND_DMAR_RMRR_SUSPICIOUS,
				     "RMRR at 0x%x [0x%" PRIx64 "-0x%" PRIx64 "] includes page 0",
				     r->offset, r->base, r->limit);
		for (size_t j = 0; j < i; j++) {
			const struct dmar_rmrr *o = &d->rmrr[j];
			if (o->segment != r->segment || o->limit <= o->base || r->limit <= r->base)
				continue;
			/* The same range listed again for other devices is common and harmless. */
			if (o->base == r->base && o->limit == r->limit)
				continue;
			if (o->base <= r->limit && r->base <= o->limit) {
				acpi_finding(t, FIND_DMAR_RMRR_OVERLAP,
					     "RMRR at 0x%x [0x%" PRIx64 "-0x%" PRIx64 "] overlaps RMRR at 0x%x [0x%" PRIx64 "-0x%" PRIx64 "]",
					     r->offset, r->base, r->limit, o->offset, o->base, o->limit);
				break;
			}
		}
	}

	for (size_t i = 0; i < d->n_rhsa; i++) {
		bool found = false;
		for (size_t j = 0; j < d->n_drhd && !found; j++)
			found = d->drhd[j].base == d->rhsa[i].base;
		if (!found)
			acpi_finding(t, FIND_DMAR_RHSA_NO_DRHD,
				     "RHSA at 0x%x names register base 0x%" PRIx64 ", which no DRHD has",
				     d->rhsa[i].offset, d->rhsa[i].base);
	}

	/* Namespace scopes must name a declared ANDD device number. */
	for (size_t i = 0; i < d->n_drhd; i++)
		for (size_t k = 0; k < d->drhd[i].scopes.n; k++) {
			const struct dmar_scope *s = &d->drhd[i].scopes.v[k];
			if (s->type != DMAR_SCOPE_NAMESPACE)
				continue;
			bool found = false;
			for (size_t j = 0; j < d->n_andd && !found; j++)
				found = d->andd[j].device_number == s->enumeration_id;
			if (!found)
				acpi_finding(t, FIND_DMAR_ANDD_MISSING,
					     "namespace scope at 0x%x names ACPI device number %u, which no ANDD declares",
					     s->offset, s->enumeration_id);
		}
}

void acpi_dmar_decode(struct acpi_table *t)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_dmar *d = xcalloc(1, sizeof(*d));
	t->dmar = d;

	af_uint(&t->fields, b, len, 36, 1, "Host Address Width");
	af_uint(&t->fields, b, len, 37, 1, "Flags");
	af_bytes(&t->fields, b, len, 38, 10, "Reserved");
	d->width = acpi_u8(b, len, 36);
	d->host_address_bits = d->width + 1u;
	d->flags = acpi_u8(b, len, 37);
	d->intr_remap = d->flags & DMAR_FLAG_INTR_REMAP;
	d->x2apic_opt_out = d->flags & DMAR_FLAG_X2APIC_OPT_OUT;
	d->dma_ctrl_platform_opt_in = d->flags & DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN;
	if (len < DMAR_HEADER_LEN) {
		acpi_finding(t, FIND_ACPI_TABLE_TRUNCATED, "%zu bytes, less than the 48-byte DMAR header", len);
		return;
	}
	/* Flags bits 7:3 (VT-d 4.x, DMA Remapping Reporting Structure); 10 bytes. */
	acpi_reserved(t, 37, 1, 0xf8, "DMAR Flags");
	acpi_reserved(t, 38, 8, ~0ull, "DMAR Reserved");
	acpi_reserved(t, 46, 2, ~0ull, "DMAR Reserved");

	size_t off = DMAR_HEADER_LEN;
	unsigned steps = 0;
	while (off < len) {
		if (++steps > ACPI_WALK_LIMIT) {
			acpi_finding(t, FIND_ACPI_WALK_LIMIT, "more than %u structures", ACPI_WALK_LIMIT);
			break;
		}
		if (len - off < 4) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "%zu stray bytes at 0x%zx, too few for a structure header", len - off, off);
			break;
		}
		unsigned type = acpi_u16(b, len, off);
		size_t slen = acpi_u16(b, len, off + 2);
		af_uint(&t->fields, b, len, off, 2, "Subtable Type");
		af_note(&t->fields, dmar_struct_note(type));
		af_uint(&t->fields, b, len, off + 2, 2, "Length");
		if (slen == 0) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_ZERO_LENGTH,
				     "%s at 0x%zx has length 0; the kernel stops parsing here",
				     dmar_struct_name(type), off);
			break;
		}
		bool passes_end = slen > len - off;
		if (passes_end) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "%s at 0x%zx claims %zu bytes but only %zu remain in the table",
				     dmar_struct_name(type), off, slen, len - off);
			slen = len - off;
		}
		if (slen < dmar_min_len(type))
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "%s at 0x%zx has %zu bytes, less than its %zu-byte fixed part",
				     dmar_struct_name(type), off, slen, dmar_min_len(type));
		switch (type) {
		case DMAR_DRHD: decode_drhd(t, d, off, slen); break;
		case DMAR_RMRR: decode_rmrr(t, d, off, slen); break;
		case DMAR_ATSR:
		case DMAR_SATC: decode_atsr_satc(t, d, off, slen, type); break;
		case DMAR_RHSA: decode_rhsa(t, d, off, slen); break;
		case DMAR_ANDD: decode_andd(t, d, off, slen); break;
		case DMAR_SIDP: decode_sidp(t, d, off, slen); break;
		default: {
			struct dmar_unknown *u = xappend(&d->unknown, &d->n_unknown, sizeof(*u));
			u->offset = (uint32_t)off;
			u->type = (uint16_t)type;
			u->length = (uint16_t)slen;
			acpi_finding(t, FIND_ACPI_UNKNOWN_SUBTABLE,
				     "structure type %u at 0x%zx (%zu bytes) is not defined by the VT-d specification this tool knows; skipped",
				     type, off, slen);
		}
		}
		if (passes_end)
			break;
		off += slen;
	}
	dmar_check(t, d);
}

static void scopes_free(struct dmar_scopes *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
}

void acpi_dmar_free(struct acpi_dmar *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_drhd; i++)
		scopes_free(&d->drhd[i].scopes);
	for (size_t i = 0; i < d->n_rmrr; i++)
		scopes_free(&d->rmrr[i].scopes);
	for (size_t i = 0; i < d->n_atsr; i++)
		scopes_free(&d->atsr[i].scopes);
	for (size_t i = 0; i < d->n_satc; i++)
		scopes_free(&d->satc[i].scopes);
	for (size_t i = 0; i < d->n_sidp; i++)
		scopes_free(&d->sidp[i].scopes);
	for (size_t i = 0; i < d->n_andd; i++)
		free(d->andd[i].name);
	free(d->drhd); free(d->rmrr); free(d->atsr); free(d->rhsa);
	free(d->andd); free(d->satc); free(d->sidp); free(d->unknown);
	free(d);
}
