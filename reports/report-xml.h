/* The XML report: the whole report model, written with libxml2's xmlTextWriter
 * so that no escaping is done by hand, in the namespace REPORT_XML_NS and
 * following reports/iommu-audit.xsd.
 *
 * Compatibility rule (the contract readers rely on):
 *  - The namespace carries the major version (urn:iommu-audit:report:1). Within
 *    one major version, releases only ADD optional elements and attributes, and
 *    new values of enumerations that are documented as open (finding ids,
 *    layers). schema-version="1.MINOR" says which additions a document may hold.
 *  - Readers (fleet, the XSLT views, scripts) ignore elements and attributes they
 *    do not know, and accept any 1.x document.
 *  - A change that would make an old reader misread a document (a renamed or
 *    removed element, a changed meaning) moves to a new namespace, report:2.
 *  - A document validates against the schema installed with the tool that
 *    wrote it (PKGDATADIR/iommu-audit.xsd).
 *
 * Every string that reaches the writer goes through one sanitizer
 * (xml_clean_string), so firmware and hardware strings with control bytes or
 * invalid UTF-8 still give well-formed XML. */
#ifndef IA_REPORT_XML_H
#define IA_REPORT_XML_H

#include <stdio.h>
#include <time.h>

#include "model.h"

#define REPORT_XML_NS "urn:iommu-audit:report:1"
/* Bump the minor on every addition to the schema (see the rule above). */
#define REPORT_XML_SCHEMA_VERSION "1.2"
#define REPORT_XML_SCHEMA_FILE "iommu-audit.xsd"

struct xml_options {
	time_t generated; /* the time the report says it was made */
};

/* Writes the report to out. Returns 0, or -1 if writing failed. */
int report_xml(FILE *out, const struct audit_report *r, const struct xml_options *opt);

/* report_xml_time() and xml_clean_string() are in xml-writer.h. */
#include "xml-writer.h"

/* Releases libxml2's global state; call once before exit. */
void report_xml_cleanup(void);

#endif
