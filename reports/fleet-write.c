/* The fleet's writers: text, CSV and XML. */
#include "config.h"

#include "fleet.h"
#include "report-xml.h"
#include "fleet-internal.h"
#include "xml-writer.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

static const char *skip_kind_name(enum fleet_read kind)
{
	return kind == FLEET_READ_FOREIGN ? "foreign" : kind == FLEET_READ_INVALID ? "invalid" : "broken";
}

/* Sorting, for output that does not depend on the order the files came in. */
static const struct fleet *sort_fleet;

static int cmp_host_index(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(sort_fleet->hosts[x].name, sort_fleet->hosts[y].name);
	return c ? c : (x > y) - (x < y);
}

static int cmp_skip(const void *a, const void *b)
{
	const struct fleet_skip *x = *(struct fleet_skip *const *)a, *y = *(struct fleet_skip *const *)b;
	return strcmp(x->path, y->path);
}

static int cmp_model(const void *a, const void *b)
{
	const struct fleet_model *x = *(struct fleet_model *const *)a, *y = *(struct fleet_model *const *)b;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct fleet_finding *x = *(struct fleet_finding *const *)a, *y = *(struct fleet_finding *const *)b;
	if (x->n_hosts != y->n_hosts)
		return x->n_hosts > y->n_hosts ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The views every writer shares: sorted pointers and sorted host lists. */
struct fleet_view {
	size_t by_state[HOST_STATES];
	struct fleet_model **models;
	struct fleet_finding **findings;
	size_t n_findings;   /* shown: top N */
	uint32_t *fw_hosts;  /* hosts needing a firmware change, by name */
	size_t n_fw_hosts;
	uint32_t *all_hosts; /* every host, by name */
	const struct fleet_skip **skipped; /* by path */
};

static void view_make(struct fleet_view *v, const struct fleet *f, const struct fleet_output *o)
{
	memset(v, 0, sizeof(*v));
	sort_fleet = f;
	v->all_hosts = xmalloc((f->n_hosts + 1) * sizeof(*v->all_hosts));
	v->fw_hosts = xmalloc((f->n_hosts + 1) * sizeof(*v->fw_hosts));
	for (size_t i = 0; i < f->n_hosts; i++) {
		v->by_state[f->hosts[i].state]++;
		v->all_hosts[i] = (uint32_t)i;
		if (f->hosts[i].firmware_ids)
			v->fw_hosts[v->n_fw_hosts++] = (uint32_t)i;
	}
	qsort(v->all_hosts, f->n_hosts, sizeof(*v->all_hosts), cmp_host_index);
	qsort(v->fw_hosts, v->n_fw_hosts, sizeof(*v->fw_hosts), cmp_host_index);
	v->models = xmalloc((f->n_models + 1) * sizeof(*v->models));
	for (size_t i = 0; i < f->n_models; i++)
		v->models[i] = &f->models[i];
	qsort(v->models, f->n_models, sizeof(*v->models), cmp_model);
	v->findings = xmalloc((f->n_findings + 1) * sizeof(*v->findings));
	for (size_t i = 0; i < f->n_findings; i++) {
		v->findings[i] = &f->findings[i];
		qsort(f->findings[i].hosts, f->findings[i].n_hosts, sizeof(uint32_t), cmp_host_index);
	}
	qsort(v->findings, f->n_findings, sizeof(*v->findings), cmp_finding);
	v->skipped = xmalloc((f->n_skipped + 1) * sizeof(*v->skipped));
	for (size_t i = 0; i < f->n_skipped; i++)
		v->skipped[i] = &f->skipped[i];
	qsort(v->skipped, f->n_skipped, sizeof(*v->skipped), cmp_skip);
	v->n_findings = o->top_findings && o->top_findings < f->n_findings ? o->top_findings : f->n_findings;
}

static void view_free(struct fleet_view *v)
{
	free(v->models);
	free(v->findings);
	free(v->fw_hosts);
	free(v->all_hosts);
	free(v->skipped);
}

static double percent(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* Host names, comma-separated and wrapped, at most limit of them (0: all). */
static void text_host_list(FILE *out, const struct fleet *f, const uint32_t *hosts, size_t n, size_t limit)
{
	size_t shown = limit && limit < n ? limit : n;
	int col = 6;
	fputs("      ", out);
	for (size_t i = 0; i < shown; i++) {
		const char *name = f->hosts[hosts[i]].name;
		int w = (int)strlen(name) + 2;
		if (i) {
			fputc(',', out);
			if (col + w > 80) {
				fputs("\n      ", out);
				col = 6;
			} else {
				fputc(' ', out);
			}
		}
		fputs(name, out);
		col += w;
	}
	if (shown < n)
		fputc(',', out);
	if (shown < n)
		fprintf(out, "%sand %zu more", col > 60 ? "\n      " : " ", n - shown);
	fputc('\n', out);
}

int fleet_write_text(FILE *out, const struct fleet *f, const struct fleet_output *o)
{
	struct fleet_view v;
	view_make(&v, f, o);
	const char *hv = hypervisor_name(f->hv);
	fprintf(out, "Fleet: %zu report%s read, %zu skipped; verdicts for %s\n", f->n_hosts,
		f->n_hosts == 1 ? "" : "s", f->n_skipped, hv);
	if (f->duplicate_names)
		fprintf(out, "  (%zu report%s repeat a hostname already seen; each report counts once)\n",
			f->duplicate_names, f->duplicate_names == 1 ? "" : "s");

	fputs("\nHosts by verdict (a host takes the worst verdict of its judged devices)\n", out);
	for (int s = 0; s < HOST_STATES; s++)
		fprintf(out, "  %-8s %8zu  %5.1f%%%s\n", host_state_names[s], v.by_state[s], percent(v.by_state[s], f->n_hosts),
			s == HOST_NONE ? "  (no GPU or selected device)" : "");

	fprintf(out, "\nGPUs by model (%zu GPUs, %zu models)\n", f->n_devices, f->n_models);
	if (f->n_models)
		fprintf(out, "  %-9s  %-44s %7s %7s %7s %7s\n", "id", "model", "ready", "warn", "unknown", "blocked");
	for (size_t i = 0; i < f->n_models; i++) {
		const struct fleet_model *m = v.models[i];
		fprintf(out, "  %-9s  %-44.44s %7zu %7zu %7zu %7zu\n", m->key, m->name, m->count[VERDICT_READY],
			m->count[VERDICT_WARN], m->count[VERDICT_UNKNOWN], m->count[VERDICT_BLOCKED]);
	}

	fprintf(out, "\nMost common blocking findings (%zu distinct)\n", f->n_findings);
	if (!f->n_findings)
		fputs("  none\n", out);
	for (size_t i = 0; i < v.n_findings; i++) {
		const struct fleet_finding *ff = v.findings[i];
		fprintf(out, "  %6zu host%s  %s\n", ff->n_hosts, ff->n_hosts == 1 ? " " : "s", ff->id);
		if (ff->title[0])
			fprintf(out, "      %s\n", ff->title);
		text_host_list(out, f, ff->hosts, ff->n_hosts, o->list_hosts);
	}

	fprintf(out, "\nHosts whose firmware needs a change: %zu\n", v.n_fw_hosts);
	size_t shown = o->list_hosts && o->list_hosts < v.n_fw_hosts ? o->list_hosts : v.n_fw_hosts;
	for (size_t i = 0; i < shown; i++) {
		const struct fleet_host *h = &f->hosts[v.fw_hosts[i]];
		fprintf(out, "  %-30s %s\n", h->name, h->firmware_ids);
	}
	if (shown < v.n_fw_hosts)
		fprintf(out, "  and %zu more (--format csv or xml lists them all)\n", v.n_fw_hosts - shown);

	if (f->n_skipped) {
		fprintf(out, "\nSkipped files: %zu\n", f->n_skipped);
		for (size_t i = 0; i < f->n_skipped; i++)
			fprintf(out, "  %s: %s\n", v.skipped[i]->path, v.skipped[i]->why);
	}
	view_free(&v);
	return ferror(out) ? -1 : 0;
}

/* RFC 4180 field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *out, const char *s, bool last)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputs(last ? "\r\n" : ",", out);
}

static void csv_row(FILE *out, const char *section, const char *key, const char *label, const char *status,
		    size_t count, const char *extra)
{
	char n[32];
	snprintf(n, sizeof(n), "%zu", count);
	csv_field(out, section, false);
	csv_field(out, key, false);
	csv_field(out, label, false);
	csv_field(out, status, false);
	csv_field(out, n, false);
	csv_field(out, extra, true);
}

/* One table in long form: section,key,label,status,count,detail. Sections:
 * hosts (one row per verdict), gpu (per model and verdict), finding (per
 * blocking finding; detail = its hosts, space-separated), firmware (per host
 * needing a change; detail = the finding ids), host (every host: its verdict and
 * file), device (every GPU: host, model, verdict), skipped (per file). */
int fleet_write_csv(FILE *out, const struct fleet *f, const struct fleet_output *o)
{
	struct fleet_view v;
	view_make(&v, f, o);
	fputs("section,key,label,status,count,detail\r\n", out);
	for (int s = 0; s < HOST_STATES; s++)
		csv_row(out, "hosts", hypervisor_name(f->hv), "", host_state_names[s], v.by_state[s], "");
	for (size_t i = 0; i < f->n_models; i++)
		for (int s = 0; s < 4; s++)
			if (v.models[i]->count[s])
				csv_row(out, "gpu", v.models[i]->key, v.models[i]->name, host_state_names[s],
					v.models[i]->count[s], "");
	for (size_t i = 0; i < v.n_findings; i++) {
		const struct fleet_finding *ff = v.findings[i];
		struct strbuf hosts = {0};
		for (size_t k = 0; k < ff->n_hosts; k++)
			sb_addf(&hosts, "%s%s", k ? " " : "", f->hosts[ff->hosts[k]].name);
		csv_row(out, "finding", ff->id, ff->title, "block", ff->n_hosts, hosts.s);
		sb_free(&hosts);
	}
	for (size_t i = 0; i < v.n_fw_hosts; i++) {
		const struct fleet_host *h = &f->hosts[v.fw_hosts[i]];
		csv_row(out, "firmware", h->name, h->file, host_state_names[h->state], 1, h->firmware_ids);
	}
	for (size_t i = 0; i < f->n_hosts; i++) {
		const struct fleet_host *h = &f->hosts[v.all_hosts[i]];
		csv_row(out, "host", h->name, h->file, host_state_names[h->state], 1, "");
	}
	for (size_t i = 0; i < f->n_devices; i++) {
		const struct fleet_device *d = &f->devices[i];
		const struct fleet_model *m = &f->models[d->model];
		char *key = xasprintf("%s %s", f->hosts[d->host].name, d->bdf);
		csv_row(out, "device", key, m->name, host_state_names[d->verdict], 1, m->key);
		free(key);
	}
	for (size_t i = 0; i < f->n_skipped; i++)
		csv_row(out, "skipped", v.skipped[i]->path, v.skipped[i]->why,
			skip_kind_name(v.skipped[i]->kind), 1, "");
	view_free(&v);
	return ferror(out) ? -1 : 0;
}

/* The XML summary, in the report namespace (element fleet-summary of
 * iommu-audit.xsd). Every string passes xml_clean_string, as in report-xml.c. */
static void fw_host_ref(struct xw *x, const struct fleet *f, uint32_t h)
{
	xw_start(x, "host");
	xw_attr(x, "name", f->hosts[h].name);
	xw_end(x);
}

int fleet_write_xml(FILE *out, const struct fleet *f, const struct fleet_output *o)
{
	struct fleet_view v;
	view_make(&v, f, o);
	struct xw x;
	if (xw_document_start(&x, out, "fleet-summary", REPORT_XML_NS) < 0) {
		view_free(&v);
		return -1;
	}
	xw_tool_attrs(&x, REPORT_XML_SCHEMA_VERSION, report_xml_time());
	xw_attr(&x, "hypervisor", hypervisor_name(f->hv));
	xw_attrf(&x, "reports", "%zu", f->n_hosts);
	xw_attrf(&x, "skipped", "%zu", f->n_skipped);

	xw_start(&x, "hosts-by-verdict");
	for (int s = 0; s < HOST_STATES; s++) {
		xw_start(&x, "count");
		xw_attr(&x, "status", host_state_names[s]);
		xw_attrf(&x, "hosts", "%zu", v.by_state[s]);
		xw_end(&x);
	}
	xw_end(&x);

	xw_start(&x, "gpu-models");
	for (size_t i = 0; i < f->n_models; i++) {
		const struct fleet_model *m = v.models[i];
		xw_start(&x, "model");
		xw_attr(&x, "id", m->key);
		xw_attr(&x, "name", m->name);
		xw_attrf(&x, "total", "%zu", m->total);
		for (int s = 0; s < 4; s++) {
			xw_start(&x, "count");
			xw_attr(&x, "status", host_state_names[s]);
			xw_attrf(&x, "gpus", "%zu", m->count[s]);
			xw_end(&x);
		}
		xw_end(&x);
	}
	xw_end(&x);

	xw_start(&x, "blocking-findings");
	for (size_t i = 0; i < v.n_findings; i++) {
		const struct fleet_finding *ff = v.findings[i];
		xw_start(&x, "finding");
		xw_attr(&x, "id", ff->id);
		xw_attr(&x, "layer", ff->layer[0] ? ff->layer : NULL);
		xw_attrf(&x, "hosts", "%zu", ff->n_hosts);
		xw_attr(&x, "title", ff->title);
		for (size_t k = 0; k < ff->n_hosts; k++)
			fw_host_ref(&x, f, ff->hosts[k]);
		xw_end(&x);
	}
	xw_end(&x);

	xw_start(&x, "firmware-changes");
	xw_attrf(&x, "hosts", "%zu", v.n_fw_hosts);
	for (size_t i = 0; i < v.n_fw_hosts; i++) {
		const struct fleet_host *h = &f->hosts[v.fw_hosts[i]];
		xw_start(&x, "host");
		xw_attr(&x, "name", h->name);
		xw_attr(&x, "findings", h->firmware_ids);
		xw_end(&x);
	}
	xw_end(&x);

	/* Which hosts can pass through which GPUs: every host with its GPUs. */
	xw_start(&x, "hosts");
	size_t *first = xcalloc(f->n_hosts + 1, sizeof(*first));
	size_t *next = xcalloc(f->n_devices + 1, sizeof(*next));
	/* Devices were appended host by host, so a host's devices are contiguous. */
	for (size_t i = f->n_devices; i-- > 0;) {
		next[i] = first[f->devices[i].host];
		first[f->devices[i].host] = i + 1;
	}
	for (size_t i = 0; i < f->n_hosts; i++) {
		uint32_t hi = v.all_hosts[i];
		const struct fleet_host *h = &f->hosts[hi];
		xw_start(&x, "host");
		xw_attr(&x, "name", h->name);
		xw_attr(&x, "status", host_state_names[h->state]);
		xw_attr(&x, "file", h->file);
		for (size_t d = first[hi]; d; d = next[d - 1]) {
			const struct fleet_device *dev = &f->devices[d - 1];
			xw_start(&x, "gpu");
			xw_attr(&x, "bdf", dev->bdf);
			xw_attr(&x, "model", f->models[dev->model].key);
			xw_attr(&x, "status", host_state_names[dev->verdict]);
			xw_end(&x);
		}
		xw_end(&x);
	}
	free(first);
	free(next);
	xw_end(&x);

	xw_start(&x, "skipped-files");
	for (size_t i = 0; i < f->n_skipped; i++) {
		xw_start(&x, "file");
		xw_attr(&x, "path", v.skipped[i]->path);
		xw_attr(&x, "kind", skip_kind_name(v.skipped[i]->kind));
		xw_attr(&x, "reason", v.skipped[i]->why);
		xw_end(&x);
	}
	xw_end(&x);

	view_free(&v);
	return xw_document_end(&x, out);
}

