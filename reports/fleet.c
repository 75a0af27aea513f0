#include "config.h"

#include "fleet.h"
#include "report-xml.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fleet_add_file: the path is not a regular file. */
#define EFTYPE_FLEET EMEDIUMTYPE

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

/* Open-addressing map from string to index; keys are owned copies. */
struct strmap_slot {
	char *key;
	size_t value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, n;
};

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Returns the slot of key, adding it with value if absent (*added says which). */
static struct strmap_slot *strmap_get(struct strmap *m, const char *key, size_t value, bool *added)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct strmap_slot *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = str_hash(m->slots[i].key) & (cap - 1);
			while (slots[j].key)
				j = (j + 1) & (cap - 1);
			slots[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	size_t j = str_hash(key) & (m->cap - 1);
	while (m->slots[j].key) {
		if (!strcmp(m->slots[j].key, key)) {
			*added = false;
			return &m->slots[j];
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = xstrdup(key);
	m->slots[j].value = value;
	m->n++;
	*added = true;
	return &m->slots[j];
}

static void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* A host verdict: the four of enum verdict, and one for "no judged device". */
#define HOST_NONE 4
#define HOST_STATES 5
static const char *const host_state_names[HOST_STATES] = {"ready", "warn", "unknown", "blocked", "none"};

struct fleet_host {
	char *name;
	char *file;
	uint8_t state;        /* enum verdict or HOST_NONE */
	char *firmware_ids;   /* space-separated finding ids, or NULL: no change needed */
};

struct fleet_model {
	char *key;  /* "10de:2204" */
	char *name; /* the first name a report gave it */
	size_t count[4];
	size_t total;
};

struct fleet_device {
	uint32_t host, model;
	uint8_t verdict;
	char bdf[16];
};

struct fleet_finding {
	char *id;
	char *title;
	char *layer;
	uint32_t *hosts;
	size_t n_hosts;
};

struct fleet_skip {
	char *path;
	char *why;
	enum fleet_read kind;
};

/* What one file says, kept until the file has parsed to its end. */
struct scratch_device {
	char *bdf, *vendor_id, *device_id, *name;
	bool gpu;
	int verdict; /* for the chosen hypervisor; -1 if the report has none */
};

struct scratch_finding {
	char *id, *layer;
	int severity; /* enum severity, -1 if unknown to this reader */
	bool applies; /* to the chosen hypervisor */
};

struct scratch_title {
	char *id, *title;
};

struct scratch {
	char *hostname;
	bool have_host;
	struct scratch_device *dev;
	size_t n_dev;
	struct scratch_finding *fnd;
	size_t n_fnd;
	struct scratch_title *titles;
	size_t n_titles;
};

struct fleet {
	enum hypervisor hv;
	struct fleet_host *hosts;
	size_t n_hosts;
	struct strmap host_names;
	size_t duplicate_names;
	struct fleet_model *models;
	size_t n_models;
	struct strmap model_index;
	struct fleet_device *devices;
	size_t n_devices;
	struct fleet_finding *findings;
	size_t n_findings;
	struct strmap finding_index;
	struct fleet_skip *skipped;
	size_t n_skipped;
	xmlTextReaderPtr reader; /* reused from file to file */
	xmlSchemaPtr schema;     /* --validate: compiled once, checked while streaming */
	char *schema_path;
	char *first_error;       /* of the file being read */
	struct scratch s;
};

/* libxml2 messages that reach no handler of ours: dropped, never printed by
 * libxml2's default handler (which would quote the offending file's lines). */
static void xml_quiet(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

struct fleet *fleet_new(enum hypervisor hv)
{
	struct fleet *f = xcalloc(1, sizeof(*f));
	f->hv = hv;
	/* Reports and schemas are data: nothing they name is fetched from the
	 * network (a DOCTYPE or xs:import URL) while fleet reads them. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	xmlSetStructuredErrorFunc(NULL, xml_quiet);
	return f;
}

static void scratch_clear(struct scratch *s)
{
	free(s->hostname);
	for (size_t i = 0; i < s->n_dev; i++) {
		free(s->dev[i].bdf);
		free(s->dev[i].vendor_id);
		free(s->dev[i].device_id);
		free(s->dev[i].name);
	}
	free(s->dev);
	for (size_t i = 0; i < s->n_fnd; i++) {
		free(s->fnd[i].id);
		free(s->fnd[i].layer);
	}
	free(s->fnd);
	for (size_t i = 0; i < s->n_titles; i++) {
		free(s->titles[i].id);
		free(s->titles[i].title);
	}
	free(s->titles);
	memset(s, 0, sizeof(*s));
}

void fleet_free(struct fleet *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_hosts; i++) {
		free(f->hosts[i].name);
		free(f->hosts[i].file);
		free(f->hosts[i].firmware_ids);
	}
	free(f->hosts);
	strmap_free(&f->host_names);
	for (size_t i = 0; i < f->n_models; i++) {
		free(f->models[i].key);
		free(f->models[i].name);
	}
	free(f->models);
	strmap_free(&f->model_index);
	free(f->devices);
	for (size_t i = 0; i < f->n_findings; i++) {
		free(f->findings[i].id);
		free(f->findings[i].title);
		free(f->findings[i].layer);
		free(f->findings[i].hosts);
	}
	free(f->findings);
	strmap_free(&f->finding_index);
	for (size_t i = 0; i < f->n_skipped; i++) {
		free(f->skipped[i].path);
		free(f->skipped[i].why);
	}
	free(f->skipped);
	if (f->reader)
		xmlFreeTextReader(f->reader);
	/* After the reader: its validation context points into the schema. */
	if (f->schema)
		xmlSchemaFree(f->schema);
	free(f->schema_path);
	free(f->first_error);
	scratch_clear(&f->s);
	free(f);
}

size_t fleet_reports(const struct fleet *f)
{
	return f->n_hosts;
}

size_t fleet_skipped(const struct fleet *f)
{
	return f->n_skipped;
}

static int parse_severity(const char *s)
{
	static const char *const names[] = {"info", "warn", "unknown", "block"};
	for (size_t i = 0; s && i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

static int parse_verdict(const char *s)
{
	for (int v = 0; s && v < 4; v++)
		if (!strcmp(s, host_state_names[v]))
			return v;
	return -1;
}

/* An attribute as a clean, owned C string (the one sanitizer), or NULL. */
static char *get_attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST name);
	if (!v)
		return NULL;
	char *c = xml_clean_string((const char *)v);
	xmlFree(v);
	return c;
}

/* Whether a space-separated list holds word. */
static bool list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static void add_finding(struct fleet *f, xmlTextReaderPtr r)
{
	struct scratch_finding *sf = xappend(&f->s.fnd, &f->s.n_fnd, sizeof(*sf));
	sf->id = get_attr(r, "id");
	sf->layer = get_attr(r, "layer");
	/* The weight for the chosen hypervisor when it differs between them
	 * (severity-kvm, ...), else the one severity. */
	char *name = xasprintf("severity-%s", hypervisor_name(f->hv));
	char *sev = get_attr(r, name);
	free(name);
	if (!sev)
		sev = get_attr(r, "severity");
	sf->severity = parse_severity(sev);
	free(sev);
	char *hvs = get_attr(r, "hypervisors");
	sf->applies = !hvs || list_has(hvs, hypervisor_name(f->hv));
	free(hvs);
}

static void reader_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
	struct fleet *f = arg;
	if (f->first_error || (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR))
		return;
	/* Trim libxml2's newline before cleaning, which would make it a '?'. */
	char *raw = xstrdup(msg);
	strip_trailing(raw);
	char *m = xml_clean_string(raw);
	free(raw);
	/* Validity errors come without a line (-1): a schema names the element. */
	int line = xmlTextReaderLocatorLineNumber(loc);
	f->first_error = line > 0 ? xasprintf("line %d: %s", line, m) : xstrdup(m);
	free(m);
}

enum element {
	E_OTHER,
	E_HOST,
	E_FINDINGS,
	E_FINDING,
	E_DEVICES,
	E_DEVICE,
	E_VERDICT,
	E_CATALOGUE,
	E_ENTRY,
	E_TITLE,
};

static enum element element_of(const char *name)
{
	static const struct {
		const char *name;
		enum element e;
	} names[] = {
		{"host", E_HOST},       {"findings", E_FINDINGS},       {"finding", E_FINDING},
		{"devices", E_DEVICES}, {"device", E_DEVICE},           {"verdict", E_VERDICT},
		{"finding-catalogue", E_CATALOGUE}, {"entry", E_ENTRY}, {"title", E_TITLE},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i].name))
			return names[i].e;
	return E_OTHER;
}

/* Checks the root element; returns NULL if it is a report this reader takes, or
 * why not (static or from xasprintf into *owned). */
static const char *check_root(xmlTextReaderPtr r, char **owned)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	static const char prefix[] = "urn:iommu-audit:report:";
	if (ns && !strcmp(ns, REPORT_XML_NS) && !strcmp(name, "fleet-summary"))
		return "a fleet summary, not a host report";
	if (ns && !strncmp(ns, prefix, sizeof(prefix) - 1) && strcmp(ns, REPORT_XML_NS)) {
		*owned = xml_clean_string(ns);
		char *why = xasprintf("report schema %s is newer than this reader (%s)", *owned, REPORT_XML_NS);
		free(*owned);
		return *owned = why;
	}
	if (!ns || strcmp(ns, REPORT_XML_NS) || strcmp(name, "report")) {
		char *n = xml_clean_string(name), *u = xml_clean_string(ns ? ns : "no namespace");
		*owned = xasprintf("not an iommu-audit report (root <%s>, %s)", n, u);
		free(n);
		free(u);
		return *owned;
	}
	char *version = get_attr(r, "schema-version");
	bool ok = version && !strncmp(version, "1.", 2);
	free(version);
	return ok ? NULL : "report without a 1.x schema-version";
}

/* Streams one open file into f->s. Returns the outcome; *why on failure. */
static enum fleet_read read_stream(struct fleet *f, xmlTextReaderPtr r, char **why)
{
	enum element path[8] = {E_OTHER};
	int rc;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		int depth = xmlTextReaderDepth(r);
		if (depth == 0) {
			char *owned = NULL;
			const char *bad = check_root(r, &owned);
			if (bad) {
				*why = owned ? owned : xstrdup(bad);
				return FLEET_READ_FOREIGN;
			}
			continue;
		}
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		if (depth >= (int)ARRAY_SIZE(path) || !ns || strcmp(ns, REPORT_XML_NS))
			continue; /* deeper than anything read here, or another vocabulary */
		enum element e = element_of((const char *)xmlTextReaderConstLocalName(r));
		path[depth] = e;
		enum element parent = path[depth - 1];
		if (depth == 1 && e == E_HOST) {
			f->s.have_host = true;
			free(f->s.hostname);
			f->s.hostname = get_attr(r, "hostname");
		} else if (depth == 2 && e == E_FINDING && parent == E_FINDINGS) {
			add_finding(f, r);
		} else if (depth == 2 && e == E_DEVICE && parent == E_DEVICES) {
			struct scratch_device *d = xappend(&f->s.dev, &f->s.n_dev, sizeof(*d));
			d->bdf = get_attr(r, "bdf");
			d->vendor_id = get_attr(r, "vendor-id");
			d->device_id = get_attr(r, "device-id");
			char *vn = get_attr(r, "vendor-name"), *dn = get_attr(r, "device-name");
			d->name = vn || dn ? xasprintf("%s%s%s", vn ? vn : "", vn && dn ? " " : "", dn ? dn : "")
					   : xstrdup("(not in pci.ids)");
			free(vn);
			free(dn);
			char *gpu = get_attr(r, "gpu");
			d->gpu = gpu && !strcmp(gpu, "yes");
			free(gpu);
			d->verdict = -1;
		} else if (depth == 3 && e == E_VERDICT && parent == E_DEVICE && f->s.n_dev) {
			char *hv = get_attr(r, "hypervisor");
			if (hv && !strcmp(hv, hypervisor_name(f->hv))) {
				char *status = get_attr(r, "status");
				f->s.dev[f->s.n_dev - 1].verdict = parse_verdict(status);
				free(status);
			}
			free(hv);
		} else if (depth == 3 && e == E_FINDING && parent == E_DEVICE) {
			add_finding(f, r);
		} else if (depth == 2 && e == E_ENTRY && parent == E_CATALOGUE) {
			struct scratch_title *t = xappend(&f->s.titles, &f->s.n_titles, sizeof(*t));
			t->id = get_attr(r, "id");
		} else if (depth == 3 && e == E_TITLE && parent == E_ENTRY && f->s.n_titles) {
			xmlChar *text = xmlTextReaderReadString(r);
			struct scratch_title *t = &f->s.titles[f->s.n_titles - 1];
			free(t->title);
			t->title = text ? xml_clean_string((const char *)text) : NULL;
			xmlFree(text);
		}
	}
	if (rc < 0) {
		*why = f->first_error ? xstrdup(f->first_error) : xstrdup("not well-formed XML");
		return FLEET_READ_BROKEN;
	}
	if (!f->s.have_host) {
		*why = xstrdup("report without a <host> element");
		return FLEET_READ_BROKEN;
	}
	return FLEET_READ_OK;
}

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

static void merge(struct fleet *f, const char *path)
{
	struct scratch *s = &f->s;
	uint32_t h = (uint32_t)f->n_hosts;
	struct fleet_host *host = xappend(&f->hosts, &f->n_hosts, sizeof(*host));
	host->name = s->hostname && *s->hostname ? xstrdup(s->hostname) : xasprintf("(no hostname: %s)", path);
	host->file = xml_clean_string(path);
	bool added;
	strmap_get(&f->host_names, host->name, h, &added);
	if (!added)
		f->duplicate_names++;

	host->state = s->n_dev ? VERDICT_READY : HOST_NONE;
	for (size_t i = 0; i < s->n_dev; i++) {
		const struct scratch_device *d = &s->dev[i];
		int v = d->verdict < 0 ? VERDICT_UNKNOWN : d->verdict;
		if (v > host->state)
			host->state = (uint8_t)v;
		if (!d->gpu)
			continue;
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
		struct scratch_finding *sf = &s->fnd[i];
		if (!sf->id)
			continue;
		if (needs_firmware_change(sf) && !seen_before(s, i, needs_firmware_change))
			sb_addf(&fw, "%s%s", fw.len ? " " : "", sf->id);
		if (!is_blocking(sf) || seen_before(s, i, is_blocking))
			continue;
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

static void skip(struct fleet *f, const char *path, enum fleet_read kind, char *why)
{
	struct fleet_skip *sk = xappend(&f->skipped, &f->n_skipped, sizeof(*sk));
	sk->path = xml_clean_string(path);
	sk->why = why;
	sk->kind = kind;
}

/* Errors of the schema parser, gathered into one line for the caller. */
static void schema_error(void *arg, const char *fmt, ...) IA_PRINTF(2, 3);
static void schema_error(void *arg, const char *fmt, ...)
{
	char **err = arg;
	if (*err)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	strip_trailing(m);
	*err = m;
}

/* The same for libxml2's structured errors, through the text sanitiser. */
static void schema_structured_error(void *arg, xmlErrorPtr e)
{
	char **err = arg;
	if (*err || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	char *raw = xstrdup(e->message);
	strip_trailing(raw);
	char *m = xml_clean_string(raw);
	free(raw);
	*err = e->line > 0 ? xasprintf("line %d: %s", e->line, m) : xstrdup(m);
	free(m);
}

int fleet_set_schema(struct fleet *f, const char *xsd, char **err)
{
	*err = NULL;
	/* A FIFO would hang the parser, a URL would go to the network. */
	struct stat st;
	if (stat(xsd, &st) < 0) {
		*err = xasprintf("%s: %s", xsd, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", xsd);
		return -1;
	}
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	if (!pc) {
		*err = xasprintf("%s: cannot read the schema", xsd);
		return -1;
	}
	char *msg = NULL;
	xmlSchemaSetParserErrors(pc, schema_error, schema_error, &msg);
	xmlSchemaSetParserStructuredErrors(pc, schema_structured_error, &msg);
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!schema) {
		*err = xasprintf("%s: not a usable schema%s%s", xsd, msg ? ": " : "", msg ? msg : "");
		free(msg);
		return -1;
	}
	free(msg);
	if (f->schema)
		xmlSchemaFree(f->schema);
	free(f->schema_path);
	f->schema = schema;
	f->schema_path = xstrdup(xsd);
	return 0;
}

static void validity_error(void *arg, xmlErrorPtr e)
{
	struct fleet *f = arg;
	if (f->first_error || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	char *raw = xstrdup(e->message);
	strip_trailing(raw);
	char *m = xml_clean_string(raw);
	free(raw);
	f->first_error = e->line > 0 ? xasprintf("line %d: %s", e->line, m) : xstrdup(m);
	free(m);
}

/* The second, validating pass over a file the first pass found to be a
 * well-formed report: libxml2's SAX-streaming validator (no tree). Apart from
 * the first pass because the reader with a schema plugged in leaks inside
 * libxml2 when a document ends early; here the document is known complete. */
static enum fleet_read validate_file(struct fleet *f, const char *path, char **why)
{
	free(f->first_error);
	f->first_error = NULL;
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(f->schema);
	if (!vc) {
		*why = xstrdup("cannot start schema validation");
		return FLEET_READ_BROKEN;
	}
	xmlSchemaSetValidStructuredErrors(vc, validity_error, f);
	int rc = xmlSchemaValidateFile(vc, path, 0);
	xmlSchemaFreeValidCtxt(vc);
	if (rc == 0)
		return FLEET_READ_OK;
	*why = xasprintf("not valid against %s: %s", f->schema_path,
			 f->first_error ? f->first_error : "invalid");
	return FLEET_READ_INVALID;
}

enum fleet_read fleet_add_file(struct fleet *f, const char *path, const char **why)
{
	/* No network, no entity substitution, no DTD loading: reports are data. */
	const int options = XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA;
	scratch_clear(&f->s);
	free(f->first_error);
	f->first_error = NULL;

	char *reason = NULL;
	enum fleet_read result;
	/* Non-blocking, and only a regular file: a FIFO named as a report would
	 * otherwise hang the whole summary. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
		errno = EFTYPE_FLEET;
	}
	if (fd < 0) {
		reason = xasprintf("cannot open: %s", errno == EFTYPE_FLEET ? "not a regular file" : strerror(errno));
		result = FLEET_READ_BROKEN;
	} else {
		int rc = 0;
		if (!f->reader) {
			f->reader = xmlReaderForFd(fd, path, NULL, options);
			rc = f->reader ? 0 : -1;
		} else {
			rc = xmlReaderNewFd(f->reader, fd, path, NULL, options);
		}
		if (rc < 0) {
			reason = xstrdup("cannot start the XML reader");
			result = FLEET_READ_BROKEN;
		} else {
			xmlTextReaderSetErrorHandler(f->reader, reader_error, f);
			result = read_stream(f, f->reader, &reason);
			xmlTextReaderClose(f->reader);
			if (result == FLEET_READ_OK && f->schema)
				result = validate_file(f, path, &reason);
		}
		close(fd);
	}
	if (result == FLEET_READ_OK) {
		merge(f, path);
		free(reason);
	} else {
		skip(f, path, result, reason);
		if (why)
			*why = reason;
	}
	scratch_clear(&f->s);
	return result;
}

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
struct view {
	size_t by_state[HOST_STATES];
	struct fleet_model **models;
	struct fleet_finding **findings;
	size_t n_findings;   /* shown: top N */
	uint32_t *fw_hosts;  /* hosts needing a firmware change, by name */
	size_t n_fw_hosts;
	uint32_t *all_hosts; /* every host, by name */
	const struct fleet_skip **skipped; /* by path */
};

static void view_make(struct view *v, const struct fleet *f, const struct fleet_output *o)
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

static void view_free(struct view *v)
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
	struct view v;
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
	struct view v;
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
struct fw {
	xmlTextWriterPtr w;
	int failed;
};

static void fw_check(struct fw *x, int rc)
{
	if (rc < 0)
		x->failed = 1;
}

static void fw_start(struct fw *x, const char *name)
{
	if (!x->failed)
		fw_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void fw_end(struct fw *x)
{
	if (!x->failed)
		fw_check(x, xmlTextWriterEndElement(x->w));
}

static void fw_attr(struct fw *x, const char *name, const char *value)
{
	if (!value || x->failed)
		return;
	char *c = xml_clean_string(value);
	fw_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST c));
	free(c);
}

static void fw_attr_n(struct fw *x, const char *name, size_t n)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%zu", n);
	fw_attr(x, name, buf);
}

static void fw_host_ref(struct fw *x, const struct fleet *f, uint32_t h)
{
	fw_start(x, "host");
	fw_attr(x, "name", f->hosts[h].name);
	fw_end(x);
}

int fleet_write_xml(FILE *out, const struct fleet *f, const struct fleet_output *o)
{
	struct view v;
	view_make(&v, f, o);
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	struct fw x = {.w = buf ? xmlNewTextWriter(buf) : NULL};
	if (!x.w) {
		if (buf)
			xmlOutputBufferClose(buf);
		view_free(&v);
		return -1;
	}
	fw_check(&x, xmlTextWriterSetIndent(x.w, 1));
	fw_check(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST "  "));
	fw_check(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	fw_check(&x, xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "fleet-summary", BAD_CAST REPORT_XML_NS));
	fw_attr(&x, "schema-version", REPORT_XML_SCHEMA_VERSION);
	fw_attr(&x, "tool", PACKAGE_NAME);
	fw_attr(&x, "tool-version", PACKAGE_VERSION);
	struct tm tm;
	char when[32];
	time_t t = report_xml_time();
	if (gmtime_r(&t, &tm) && strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		fw_attr(&x, "generated", when);
	fw_attr(&x, "hypervisor", hypervisor_name(f->hv));
	fw_attr_n(&x, "reports", f->n_hosts);
	fw_attr_n(&x, "skipped", f->n_skipped);

	fw_start(&x, "hosts-by-verdict");
	for (int s = 0; s < HOST_STATES; s++) {
		fw_start(&x, "count");
		fw_attr(&x, "status", host_state_names[s]);
		fw_attr_n(&x, "hosts", v.by_state[s]);
		fw_end(&x);
	}
	fw_end(&x);

	fw_start(&x, "gpu-models");
	for (size_t i = 0; i < f->n_models; i++) {
		const struct fleet_model *m = v.models[i];
		fw_start(&x, "model");
		fw_attr(&x, "id", m->key);
		fw_attr(&x, "name", m->name);
		fw_attr_n(&x, "total", m->total);
		for (int s = 0; s < 4; s++) {
			fw_start(&x, "count");
			fw_attr(&x, "status", host_state_names[s]);
			fw_attr_n(&x, "gpus", m->count[s]);
			fw_end(&x);
		}
		fw_end(&x);
	}
	fw_end(&x);

	fw_start(&x, "blocking-findings");
	for (size_t i = 0; i < v.n_findings; i++) {
		const struct fleet_finding *ff = v.findings[i];
		fw_start(&x, "finding");
		fw_attr(&x, "id", ff->id);
		fw_attr(&x, "layer", ff->layer[0] ? ff->layer : NULL);
		fw_attr_n(&x, "hosts", ff->n_hosts);
		fw_attr(&x, "title", ff->title);
		for (size_t k = 0; k < ff->n_hosts; k++)
			fw_host_ref(&x, f, ff->hosts[k]);
		fw_end(&x);
	}
	fw_end(&x);

	fw_start(&x, "firmware-changes");
	fw_attr_n(&x, "hosts", v.n_fw_hosts);
	for (size_t i = 0; i < v.n_fw_hosts; i++) {
		const struct fleet_host *h = &f->hosts[v.fw_hosts[i]];
		fw_start(&x, "host");
		fw_attr(&x, "name", h->name);
		fw_attr(&x, "findings", h->firmware_ids);
		fw_end(&x);
	}
	fw_end(&x);

	/* Which hosts can pass through which GPUs: every host with its GPUs. */
	fw_start(&x, "hosts");
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
		fw_start(&x, "host");
		fw_attr(&x, "name", h->name);
		fw_attr(&x, "status", host_state_names[h->state]);
		fw_attr(&x, "file", h->file);
		for (size_t d = first[hi]; d; d = next[d - 1]) {
			const struct fleet_device *dev = &f->devices[d - 1];
			fw_start(&x, "gpu");
			fw_attr(&x, "bdf", dev->bdf);
			fw_attr(&x, "model", f->models[dev->model].key);
			fw_attr(&x, "status", host_state_names[dev->verdict]);
			fw_end(&x);
		}
		fw_end(&x);
	}
	free(first);
	free(next);
	fw_end(&x);

	fw_start(&x, "skipped-files");
	for (size_t i = 0; i < f->n_skipped; i++) {
		fw_start(&x, "file");
		fw_attr(&x, "path", v.skipped[i]->path);
		fw_attr(&x, "kind", skip_kind_name(v.skipped[i]->kind));
		fw_attr(&x, "reason", v.skipped[i]->why);
		fw_end(&x);
	}
	fw_end(&x);

	fw_check(&x, xmlTextWriterEndDocument(x.w));
	xmlFreeTextWriter(x.w);
	view_free(&v);
	return x.failed || ferror(out) ? -1 : 0;
}
