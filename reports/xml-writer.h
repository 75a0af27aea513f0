/* The few libxml2 writer calls both XML writers use (the report and the ACPI
 * decode), with a sticky error: once one call failed every later one is a
 * no-op, so a walk needs no error check per element. Every attribute and text
 * goes through xml_clean_string. Only reports/ includes this. */
#ifndef IA_XML_WRITER_H
#define IA_XML_WRITER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "util.h"

struct xw {
	xmlTextWriterPtr w;
	int failed;
};

/* The time a report should carry: SOURCE_DATE_EPOCH when set (reproducible
 * builds and golden tests), else now. */
time_t report_xml_time(void);

/* A copy of s that is valid XML 1.0 character data: invalid UTF-8, control bytes
 * and the non-characters U+FFFE/U+FFFF become '?'. NULL stays NULL. Free it. */
char *xml_clean_string(const char *s);

/* Starts a document on OUT: the XML declaration and the root element ROOT in
 * namespace NS, indented by two spaces. Returns 0, or -1 (nothing written). */
int xw_document_start(struct xw *x, FILE *out, const char *root, const char *ns);
/* The root attributes every document of this tool carries: schema version, tool,
 * its version and when it was generated. */
void xw_tool_attrs(struct xw *x, const char *schema_version, time_t generated);
/* Closes every open element and the writer. Returns 0, or -1 if anything failed. */
int xw_document_end(struct xw *x, FILE *out);

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
