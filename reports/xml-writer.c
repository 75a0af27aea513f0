#include "config.h"

#include "xml-writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *xml_clean_string(const char *s)
{
	if (!s)
		return NULL;
	char *c = sanitize_utf8(xstrdup(s));
	/* sanitize_utf8 keeps tab and valid UTF-8; XML 1.0 also forbids U+FFFE and
	 * U+FFFF (EF BF BE / EF BF BF), which are valid UTF-8. */
	for (unsigned char *p = (unsigned char *)c; *p; p++)
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			p[0] = p[1] = p[2] = '?';
			p += 2;
		}
	return c;
}


time_t report_xml_time(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}


int xw_document_start(struct xw *x, FILE *out, const char *root, const char *ns)
{
	memset(x, 0, sizeof(*x));
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	if (!buf)
		return -1;
	x->w = xmlNewTextWriter(buf);
	if (!x->w) {
		xmlOutputBufferClose(buf);
		return -1;
	}
	xw_check(x, xmlTextWriterSetIndent(x->w, 1));
	xw_check(x, xmlTextWriterSetIndentString(x->w, BAD_CAST "  "));
	xw_check(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
	xw_check(x, xmlTextWriterStartElementNS(x->w, NULL, BAD_CAST root, BAD_CAST ns));
	return 0;
}

void xw_tool_attrs(struct xw *x, const char *schema_version, time_t generated)
{
	xw_attr(x, "schema-version", schema_version);
	xw_attr(x, "tool", PACKAGE_NAME);
	xw_attr(x, "tool-version", PACKAGE_VERSION);
	struct tm tm;
	char when[32];
	if (gmtime_r(&generated, &tm) && strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		xw_attr(x, "generated", when);
}

int xw_document_end(struct xw *x, FILE *out)
{
	xw_check(x, xmlTextWriterEndDocument(x->w)); /* closes every open element */
	xmlFreeTextWriter(x->w);                    /* flushes and closes the buffer */
	x->w = NULL;
	return x->failed || ferror(out) ? -1 : 0;
}

void xw_check(struct xw *x, int rc)
{
	if (rc < 0)
		x->failed = 1;
}

void xw_start(struct xw *x, const char *name)
{
	if (!x->failed)
		xw_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void xw_end(struct xw *x)
{
	if (!x->failed)
		xw_check(x, xmlTextWriterEndElement(x->w));
}

void xw_attr(struct xw *x, const char *name, const char *value)
{
	if (!value || x->failed)
		return;
	char *c = xml_clean_string(value);
	xw_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST c));
	free(c);
}

void xw_attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = xvasprintf(fmt, ap);
	va_end(ap);
	xw_attr(x, name, v);
	free(v);
}

void xw_text(struct xw *x, const char *text)
{
	if (!text || x->failed)
		return;
	char *c = xml_clean_string(text);
	xw_check(x, xmlTextWriterWriteString(x->w, BAD_CAST c));
	free(c);
}

void xw_text_element(struct xw *x, const char *name, const char *value)
{
	if (!value || x->failed)
		return;
	char *c = xml_clean_string(value);
	xw_check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST c));
	free(c);
}
