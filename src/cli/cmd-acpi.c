#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-dmar.h"
#include "acpi-iort.h"
#include "acpi-ivrs.h"
#include "acpi-load.h"
#include "acpi-madt.h"
#include "acpi-sdt.h"
#include "cmd-acpi.h"
#include "hostenv.h"
#include "util.h"
#include "xml-acpi.h"

static void usage(FILE *out)
{
	fputs("usage: iommu-audit acpi [--root DIR | FILE...] [--fields] [--format text|xml]\n"
	      "  Decodes and checks the DMAR, IVRS, IORT and MADT tables of the host under DIR\n"
	      "  (default /), or of FILEs: raw tables, acpidump text, or directories of them.\n"
	      "  --fields   every field with offset, width, name and value (as iasl -d)\n"
	      "  --format   text (default) or xml\n"
	      "Exit: 0 ok, 1 a BLOCK finding or an unreadable table, 2 usage or input error.\n", out);
}

static char *human_size(uint64_t n)
{
	static const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;
	while (u < 4 && n >= 1024 && n % 1024 == 0) {
		n /= 1024;
		u++;
	}
	return xasprintf("%" PRIu64 " %s", n, unit[u]);
}

static void print_scopes(FILE *o, const struct dmar_scopes *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct dmar_scope *sc = &s->v[i];
		char *path = dmar_scope_path_string(sc);
		switch (sc->type) {
		case DMAR_SCOPE_ENDPOINT:
			fprintf(o, "      endpoint %s\n", path);
			break;
		case DMAR_SCOPE_BRIDGE:
			fprintf(o, "      bridge %s and everything below it\n", path);
			break;
		case DMAR_SCOPE_IOAPIC:
		case DMAR_SCOPE_HPET:
		case DMAR_SCOPE_NAMESPACE:
			fprintf(o, "      %s %u at %s\n",
				sc->type == DMAR_SCOPE_IOAPIC ? "IOAPIC id" :
				sc->type == DMAR_SCOPE_HPET ? "HPET" : "ACPI device",
				sc->enumeration_id, path);
			break;
		default:
			fprintf(o, "      scope type %u at %s\n", sc->type, path);
		}
		free(path);
	}
}

static void print_dmar(FILE *o, const struct acpi_dmar *d)
{
	fprintf(o, "  host address width %u bits; flags 0x%02x%s%s%s\n", d->host_address_bits,
		d->flags, d->intr_remap ? " INTR_REMAP" : "", d->x2apic_opt_out ? " X2APIC_OPT_OUT" : "",
		d->dma_ctrl_platform_opt_in ? " DMA_CTRL_PLATFORM_OPT_IN" : "");
	for (size_t i = 0; i < d->n_drhd; i++) {
		const struct dmar_drhd *u = &d->drhd[i];
		char *sz = human_size(u->register_size);
		fprintf(o, "  DRHD @0x%x: segment %04x, registers 0x%" PRIx64 " (%s)%s\n", u->offset,
			u->segment, u->base, sz, u->include_pci_all ? ", INCLUDE_PCI_ALL" : "");
		free(sz);
		print_scopes(o, &u->scopes);
	}
	for (size_t i = 0; i < d->n_rmrr; i++) {
		const struct dmar_rmrr *r = &d->rmrr[i];
		char *sz = r->limit >= r->base ? human_size(r->limit - r->base + 1) : xstrdup("empty");
		fprintf(o, "  RMRR @0x%x: segment %04x, [0x%" PRIx64 "-0x%" PRIx64 "] (%s)\n", r->offset,
			r->segment, r->base, r->limit, sz);
		free(sz);
		print_scopes(o, &r->scopes);
	}
	for (size_t i = 0; i < d->n_atsr; i++) {
		fprintf(o, "  ATSR @0x%x: segment %04x%s\n", d->atsr[i].offset, d->atsr[i].segment,
			d->atsr[i].all_ports ? ", ALL_PORTS" : "");
		print_scopes(o, &d->atsr[i].scopes);
	}
	for (size_t i = 0; i < d->n_rhsa; i++)
		fprintf(o, "  RHSA @0x%x: unit 0x%" PRIx64 " in proximity domain %u\n", d->rhsa[i].offset,
			d->rhsa[i].base, d->rhsa[i].proximity_domain);
	for (size_t i = 0; i < d->n_andd; i++)
		fprintf(o, "  ANDD @0x%x: ACPI device %u = %s\n", d->andd[i].offset,
			d->andd[i].device_number, d->andd[i].name);
	for (size_t i = 0; i < d->n_satc; i++) {
		fprintf(o, "  SATC @0x%x: segment %04x%s\n", d->satc[i].offset, d->satc[i].segment,
			d->satc[i].atc_required ? ", ATC_REQUIRED" : "");
		print_scopes(o, &d->satc[i].scopes);
	}
	for (size_t i = 0; i < d->n_sidp; i++) {
		fprintf(o, "  SIDP @0x%x: segment %04x\n", d->sidp[i].offset, d->sidp[i].segment);
		print_scopes(o, &d->sidp[i].scopes);
	}
	for (size_t i = 0; i < d->n_unknown; i++)
		fprintf(o, "  structure type %u @0x%x (%u bytes), not decoded\n", d->unknown[i].type,
			d->unknown[i].offset, d->unknown[i].length);
}

static void print_ivrs(FILE *o, const struct acpi_ivrs *v)
{
	fprintf(o, "  IVinfo 0x%08x: EFRSup %u, DMA remap %u, PA %u bits, VA %u bits\n", v->ivinfo,
		v->efr_sup, v->dma_remap, v->pa_size, v->va_size);
	for (size_t i = 0; i < v->n_ivhd; i++) {
		const struct ivrs_ivhd *h = &v->ivhd[i];
		char bdf[8];
		ivrs_bdf_string(h->iommu_bdf, bdf);
		fprintf(o, "  IVHD %02xh @0x%x: IOMMU %04x:%s, base 0x%" PRIx64 ", cap 0x%x, flags 0x%02x",
			h->type, h->offset, h->segment, bdf, h->base, h->capability_offset, h->flags);
		if (h->type != IVRS_IVHD_10)
			fprintf(o, ", EFR 0x%016" PRIx64, h->efr);
		fputc('\n', o);
		for (size_t k = 0; k < h->n_ranges; k++) {
			const struct ivhd_range *r = &h->ranges[k];
			char a[8], b[8];
			ivrs_bdf_string(r->first, a);
			ivrs_bdf_string(r->last, b);
			if (r->all)
				fprintf(o, "      all devices, DTE 0x%02x\n", r->dte);
			else if (r->first == r->last)
				fprintf(o, "      device %s, DTE 0x%02x", a, r->dte);
			else
				fprintf(o, "      devices %s-%s, DTE 0x%02x", a, b, r->dte);
			if (!r->all) {
				if (r->has_ext)
					fprintf(o, ", ext 0x%08x%s", r->ext,
						r->ext & 0x80000000u ? " (ATS disabled)" : "");
				fputc('\n', o);
			}
		}
		for (size_t k = 0; k < h->n_aliases; k++) {
			char a[8], b[8], c[8];
			ivrs_bdf_string(h->aliases[k].first, a);
			ivrs_bdf_string(h->aliases[k].last, b);
			ivrs_bdf_string(h->aliases[k].alias, c);
			fprintf(o, "      alias %s-%s -> requester %s\n", a, b, c);
		}
		for (size_t k = 0; k < h->n_specials; k++) {
			char a[8];
			ivrs_bdf_string(h->specials[k].devid, a);
			fprintf(o, "      %s %u at %s\n",
				h->specials[k].variety == IVHD_VARIETY_IOAPIC ? "IOAPIC id" :
				h->specials[k].variety == IVHD_VARIETY_HPET ? "HPET" : "special device",
				h->specials[k].handle, a);
		}
		for (size_t k = 0; k < h->n_hids; k++) {
			char a[8];
			ivrs_bdf_string(h->hids[k].devid, a);
			fprintf(o, "      ACPI %s%s%s uid %s at %s\n", h->hids[k].hid,
				h->hids[k].cid[0] ? " cid " : "", h->hids[k].cid,
				h->hids[k].uid[0] ? h->hids[k].uid : "-", a);
		}
	}
	for (size_t i = 0; i < v->n_ivmd; i++) {
		const struct ivrs_ivmd *m = &v->ivmd[i];
		char a[8], b[8];
		ivrs_bdf_string(m->first, a);
		ivrs_bdf_string(m->last, b);
		fprintf(o, "  IVMD %02xh @0x%x: [0x%" PRIx64 " +0x%" PRIx64 "] flags 0x%02x%s%s%s%s%s\n",
			m->type, m->offset, m->start, m->length, m->flags, m->flags & 1 ? " unity" : "",
			m->flags & 2 ? " read" : "", m->flags & 4 ? " write" : "",
			m->flags & 8 ? " exclusion" : "", "");
		if (m->type == IVRS_IVMD_ALL)
			fprintf(o, "      all devices\n");
		else
			fprintf(o, "      devices %s-%s\n", a, b);
	}
}

static void print_iort(FILE *o, const struct acpi_iort *v)
{
	for (size_t i = 0; i < v->n_nodes; i++) {
		const struct iort_node *n = &v->nodes[i];
		fprintf(o, "  %s node @0x%x", iort_node_name(n->type), n->offset);
		if (n->type == IORT_SMMU || n->type == IORT_SMMU_V3 || n->type == IORT_PMCG)
			fprintf(o, ": base 0x%" PRIx64 ", model %u", n->base, n->model);
		if (n->type == IORT_ROOT_COMPLEX)
			fprintf(o, ": segment %u, ATS attribute 0x%x", n->segment, n->ats_attribute);
		if (n->type == IORT_NAMED_COMPONENT)
			fprintf(o, ": %s", n->name);
		if (n->type == IORT_RMR)
			fprintf(o, ": flags 0x%x%s", n->flags, n->flags & 1 ? " REMAP_PERMITTED" : "");
		fputc('\n', o);
		for (size_t k = 0; k < n->n_its_ids; k++)
			fprintf(o, "      ITS id %u\n", n->its_ids[k]);
		for (size_t k = 0; k < n->n_rmrs; k++)
			fprintf(o, "      range [0x%" PRIx64 " +0x%" PRIx64 "]\n", n->rmrs[k].base,
				n->rmrs[k].length);
		for (size_t k = 0; k < n->n_mappings; k++) {
			const struct iort_id_mapping *m = &n->mappings[k];
			fprintf(o, "      ids 0x%x..0x%x -> 0x%x at node 0x%x%s\n", m->input_base,
				m->input_base + m->id_count, m->output_base, m->output_ref,
				m->flags & 1 ? " (single)" : "");
		}
	}
}

static void print_findings(FILE *o, const struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		const struct finding_info *fi = finding_info(f->id);
		fprintf(o, "  %s %s: %s\n", severity_name(f->severity), fi->id, fi->title);
		if (f->detail)
			fprintf(o, "      %s\n", f->detail);
	}
}

static void print_text(FILE *o, const struct acpi_tables *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct acpi_table *t = &set->v[i];
		const struct acpi_header *h = &t->hdr;
		fprintf(o, "%s (%s): %zu bytes, revision %u, OEM \"%s\" \"%s\", creator \"%s\", checksum %s\n",
			h->signature, t->source, t->size, h->revision, h->oem_id ? h->oem_id : "",
			h->oem_table_id ? h->oem_table_id : "", h->creator_id ? h->creator_id : "",
			h->checksum_ok ? "ok" : "BAD");
		if (t->dmar)
			print_dmar(o, t->dmar);
		if (t->ivrs)
			print_ivrs(o, t->ivrs);
		if (t->iort)
			print_iort(o, t->iort);
		if (t->madt)
			for (size_t k = 0; k < t->madt->n_ioapics; k++)
				fprintf(o, "  IOAPIC id %u at 0x%x, GSI base %u\n", t->madt->ioapics[k].id,
					t->madt->ioapics[k].address, t->madt->ioapics[k].gsi_base);
		if (t->findings.n) {
			fprintf(o, "  findings:\n");
			print_findings(o, &t->findings);
		}
	}
	if (set->findings.n) {
		fprintf(o, "across tables:\n");
		print_findings(o, &set->findings);
	}
}

static void print_fields(FILE *o, const struct acpi_tables *set)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->n > 1)
			fprintf(o, "%s%s (%s)\n", i ? "\n" : "", set->v[i].hdr.signature, set->v[i].source);
		acpi_fields_print(o, &set->v[i].fields);
	}
}

/* Tables the loader listed but could not read (not root: they are 0400). */
static size_t count_unreadable(const struct acpi_tables *set)
{
	size_t n = 0;
	for (size_t i = 0; i < set->findings.n; i++)
		n += set->findings.v[i].id == FIND_TOOL_UNREADABLE;
	return n;
}

static bool has_block(const struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].severity == SEV_BLOCK)
			return true;
	return false;
}

int cmd_acpi(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"fields", no_argument, NULL, 'F'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = NULL;
	bool fields = false, xml = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:Ff:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': root = optarg; break;
		case 'F': fields = true; break;
		case 'f':
			if (!strcmp(optarg, "xml"))
				xml = true;
			else if (strcmp(optarg, "text")) {
				fprintf(stderr, "iommu-audit acpi: unknown format '%s' (text or xml)\n", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (root && optind < argc) {
		fprintf(stderr, "iommu-audit acpi: give --root or files, not both\n");
		return 2;
	}

	struct acpi_tables set = {0};
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			char *err = NULL;
			if (acpi_load_path(&set, argv[i], &err) < 0) {
				fprintf(stderr, "iommu-audit acpi: %s\n", err);
				free(err);
				acpi_tables_free(&set);
				return 2;
			}
		}
	} else {
		struct hostenv env;
		const char *why;
		if (hostenv_open(&env, root ? root : "/", &why) < 0) {
			fprintf(stderr, "iommu-audit acpi: %s: %s\n", root ? root : "/", why);
			return 2;
		}
		int n = acpi_load_host(&set, &env);
		if (n < 0) {
			char *p = hostenv_path(&env, "sys/firmware/acpi/tables");
			bool denied = n == -EACCES || n == -EPERM;
			/* Not root: the tables are unreadable, which is not "none". */
			fprintf(stderr, "iommu-audit acpi: %s: %s%s\n", p, strerror(-n),
				denied ? " (the ACPI tables are unreadable; run as root)" : "");
			free(p);
			hostenv_close(&env);
			return denied ? 1 : 2;
		}
		hostenv_close(&env);
	}
	acpi_tables_decode(&set);

	int rc = 0;
	if (xml) {
		if (xml_acpi_document(stdout, &set) < 0) {
			fprintf(stderr, "iommu-audit acpi: cannot write XML\n");
			rc = 2;
		}
	} else if (fields) {
		print_fields(stdout, &set);
	} else {
		for (size_t i = 0; i < set.findings.n; i++) {
			const struct finding *f = &set.findings.v[i];
			if (f->id == FIND_TOOL_UNREADABLE)
				printf("%s: unreadable (%s); run as root\n", f->subject ? f->subject : "?",
				       f->detail ? f->detail : "?");
		}
		if (!set.n && !count_unreadable(&set))
			printf("no DMAR, IVRS, IORT or MADT table found\n");
		print_text(stdout, &set);
	}
	if (!rc) {
		/* An unreadable table leaves the answer open: not a success. */
		bool block = has_block(&set.findings) || count_unreadable(&set) > 0;
		for (size_t i = 0; i < set.n; i++)
			block |= has_block(&set.v[i].findings);
		rc = block ? 1 : 0;
	}
	acpi_tables_free(&set);
	return rc;
}
