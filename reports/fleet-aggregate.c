/* The aggregation: what one parsed file adds to the fleet. */
#include "config.h"

#include "fleet.h"
#include "fleet-internal.h"
#include "report-xml.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *title_of(const struct scratch *s, const char *id)
{
	enum finding_id known = finding_by_name(id);
	if (known != FIND__COUNT)
		return finding_info(known)->title;
	for (size_t i = 0; i < s->n_titles; i++)
		if (s->titles[i].id && s->titles[i].title && !strcmp(s->titles[i].id, id))
			return s->titles[i].title;
	return "";
}

static bool needs_firmware_change(const struct scratch_finding *sf)
{
	if (!sf->layer)
		return false;
	if (!strcmp(sf->layer, "firmware"))
		return sf->severity == SEV_WARN || sf->severity == SEV_BLOCK;
	return !strcmp(sf->layer, "cpu") && sf->severity == SEV_BLOCK;
}

/* Whether an earlier finding of this file already had the same id and test. */
static bool seen_before(const struct scratch *s, size_t upto, bool (*test)(const struct scratch_finding *))
{
	for (size_t i = 0; i < upto; i++)
		if (!strcmp(s->fnd[i].id, s->fnd[upto].id) && test(&s->fnd[i]))
			return true;
	return false;
}

static bool is_blocking(const struct scratch_finding *sf)
{
	/* Tool notes (no device selected) describe the audit, not the host. */
	return sf->severity == SEV_BLOCK && sf->applies && !(sf->layer && !strcmp(sf->layer, "tool"));
}

/* FNV-1a, 32 bits: a short, stable name for a machine model. */
static uint32_t fnv1a(uint32_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* A host's machine and its id: a hash of the DMI system vendor, product, board
 * vendor and board name. Only model names go in, never a serial number or UUID
 * (reports hold none), so the id says "the same kind of machine", is the same on
 * every run and reveals nothing a report does not already say. */
static void identify(struct fleet *f, struct fleet_host *host, const struct scratch *s)
{
	bool any = false;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < ARRAY_SIZE(s->dmi); i++) {
		if (s->dmi[i] && *s->dmi[i])
			any = true;
		h = fnv1a(h, s->dmi[i] ? s->dmi[i] : "");
		h = fnv1a(h, "\n");
	}
	if (any)
		snprintf(host->id, sizeof(host->id), "dmi-%08x", h);
	const char *vendor = s->dmi[0] && *s->dmi[0] ? s->dmi[0] : NULL;
	const char *product = s->dmi[1] && *s->dmi[1] ? s->dmi[1] : NULL;
	if (vendor || product) {
		/* One copy of each machine name (a fleet has few models). */
		char *machine = xasprintf("%s%s%s", vendor ? vendor : "", vendor && product ? " " : "",
					  product ? product : "");
		bool added;
		host->machine = strmap_get(&f->machines, machine, 0, &added)->key;
		free(machine);
	}
}

/* A hostname seen in more than one report is told apart by the report's file
 * name (the whole path is in --format csv and xml). */
static void label(struct fleet_host *h)
{
	if (h->label != h->name)
		free(h->label);
	const char *base = strrchr(h->file, '/');
	/* Most hosts are labelled by their name alone: no copy of it. */
	h->label = h->duplicate ? xasprintf("%s (%s)", h->name, base ? base + 1 : h->file) : h->name;
}

void merge(struct fleet *f, const struct scratch *s, const char *path)
{
	uint32_t h = (uint32_t)f->n_hosts;
	struct fleet_host *host = xappend(&f->hosts, &f->n_hosts, sizeof(*host));
	host->name = s->hostname && *s->hostname ? xstrdup(s->hostname) : xasprintf("(no hostname: %s)", path);
	host->file = xml_clean_string(path);
	identify(f, host, s);
	bool added;
	struct strmap_slot *name_slot = strmap_get(&f->host_names, host->name, h, &added);
	if (!added) {
		f->duplicate_names++;
		host->duplicate = true;
		f->hosts[name_slot->value].duplicate = true;
		label(&f->hosts[name_slot->value]);
	}
	label(host);

	host->state = s->n_dev ? VERDICT_READY : HOST_NONE;
	for (size_t i = 0; i < s->n_dev; i++) {
		const struct scratch_device *d = &s->dev[i];
		int v = d->verdict < 0 ? VERDICT_UNKNOWN : d->verdict;
		if (v > host->state)
			host->state = (uint8_t)v;
		if (!d->gpu)
			continue;
		host->gpus++;
		char *key = xasprintf("%s:%s", d->vendor_id ? d->vendor_id : "????", d->device_id ? d->device_id : "????");
		struct strmap_slot *slot = strmap_get(&f->model_index, key, f->n_models, &added);
		free(key);
		if (added) {
			struct fleet_model *m = xappend(&f->models, &f->n_models, sizeof(*m));
			m->key = xstrdup(slot->key);
			m->name = xstrdup(d->name);
		}
		struct fleet_model *m = &f->models[slot->value];
		/* Reports may name a model differently (pci.ids versions); the first
		 * name in sort order keeps the summary independent of file order. */
		if (strcmp(d->name, m->name) < 0) {
			free(m->name);
			m->name = xstrdup(d->name);
		}
		m->count[v]++;
		m->total++;
		struct fleet_device *fd = xappend(&f->devices, &f->n_devices, sizeof(*fd));
		fd->host = h;
		fd->model = (uint32_t)slot->value;
		fd->verdict = (uint8_t)v;
		snprintf(fd->bdf, sizeof(fd->bdf), "%s", d->bdf ? d->bdf : "?");
	}

	struct strbuf fw = {0};
	for (size_t i = 0; i < s->n_fnd; i++) {
		const struct scratch_finding *sf = &s->fnd[i];
		if (!sf->id)
			continue;
		if (needs_firmware_change(sf) && !seen_before(s, i, needs_firmware_change))
			sb_addf(&fw, "%s%s", fw.len ? " " : "", sf->id);
		if (!is_blocking(sf) || seen_before(s, i, is_blocking))
			continue;
		/* In report order: host-wide findings, then each device's in the
		 * order to fix them. */
		if (!host->first_blocker)
			host->first_blocker = xstrdup(sf->id);
		struct strmap_slot *slot = strmap_get(&f->finding_index, sf->id, f->n_findings, &added);
		if (added) {
			struct fleet_finding *ff = xappend(&f->findings, &f->n_findings, sizeof(*ff));
			ff->id = xstrdup(sf->id);
			ff->title = xstrdup(title_of(s, sf->id));
			ff->layer = xstrdup(sf->layer ? sf->layer : "");
		}
		struct fleet_finding *ff = &f->findings[slot->value];
		/* Doubling at powers of two, as xappend does, for a plain uint32 array. */
		if (ff->n_hosts == 0 || (ff->n_hosts & (ff->n_hosts - 1)) == 0)
			ff->hosts = xrealloc(ff->hosts, (ff->n_hosts ? ff->n_hosts * 2 : 1) * sizeof(*ff->hosts));
		ff->hosts[ff->n_hosts++] = h;
	}
	host->firmware_ids = fw.len ? sb_take(&fw) : NULL;
	sb_free(&fw);
}


