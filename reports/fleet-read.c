/* Reading reports: libxml2's streaming reader over one file at a time, the
 * optional schema pass, and skipping what cannot be read. */
#include "config.h"

#include "fleet.h"
#include "report-xml.h"
#include "fleet-internal.h"
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

const char *const host_state_names[HOST_STATES] = {"ready", "warn", "unknown", "blocked", "none"};

struct fleet *fleet_new(enum hypervisor hv)
{
	struct fleet *f = xcalloc(1, sizeof(*f));
	f->hv = hv;
	return f;
}

void scratch_clear(struct scratch *s)
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
	sf->applies = !hvs || list_has_word(hvs, hypervisor_name(f->hv), " ");
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

int fleet_set_schema(struct fleet *f, const char *xsd, char **err)
{
	*err = NULL;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	if (!pc) {
		*err = xasprintf("%s: cannot read the schema", xsd);
		return -1;
	}
	char *msg = NULL;
	xmlSchemaSetParserErrors(pc, schema_error, schema_error, &msg);
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
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		reason = xasprintf("cannot open: %s", strerror(errno));
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

