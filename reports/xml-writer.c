#include "config.h"

#include "xml-writer.h"
#include "report-xml.h"

#include <stdarg.h>
#include <stdlib.h>

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
