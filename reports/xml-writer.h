/* The few libxml2 writer calls both XML writers use (the report and the ACPI
 * decode), with a sticky error: once one call failed every later one is a
 * no-op, so a walk needs no error check per element. Every attribute and text
 * goes through xml_clean_string. Only reports/ includes this. */
#ifndef IA_XML_WRITER_H
#define IA_XML_WRITER_H

#include <stdbool.h>

#include <libxml/xmlwriter.h>

#include "util.h"

struct xw {
	xmlTextWriterPtr w;
	int failed;
};

/* Folds the status of a writer call made directly (document level). */
void xw_check(struct xw *x, int rc);
void xw_start(struct xw *x, const char *name);
void xw_end(struct xw *x);
/* A NULL value means "not known" and writes nothing. */
void xw_attr(struct xw *x, const char *name, const char *value);
void xw_attrf(struct xw *x, const char *name, const char *fmt, ...) IA_PRINTF(3, 4);
void xw_text(struct xw *x, const char *text);
void xw_text_element(struct xw *x, const char *name, const char *value);

#endif
