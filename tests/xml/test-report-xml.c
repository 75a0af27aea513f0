/* The XML writer under hostile strings: a report model whose every string holds
 * control bytes, invalid UTF-8, XML metacharacters and non-characters must still
 * give a well-formed document that validates against the schema, with the
 * valid parts of each string kept. Needs top_srcdir (for the schema). */
#include "config.h"

#include "audit.h"
#include "report-xml.h"
#include "util.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* Each: raw bytes, and what a reader must get back. */
static const char hostile_name[] = "host\x01\x1b[31m\xff\xfe-\xc3\xa9";
static const char hostile_name_clean[] = "host?" "?[31m?" "?-\xc3\xa9"; /* split: no trigraphs */
static const char meta[] = "]]> & <tag attr=\"x\"> 'q'\x7f\t";
static const char meta_clean[] = "]]> & <tag attr=\"x\"> 'q'?\t";
static const char nonchar[] = "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\xed\xa0\x80" "d\xc0\xaf";
static const char nonchar_clean[] = "a?" "?" "?b?" "?" "?c?" "?" "?d?" "?";

static char *xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "ia", BAD_CAST REPORT_XML_NS);
	xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *s = NULL;
	if (obj) {
		xmlChar *v = xmlXPathCastToString(obj);
		s = xstrdup((const char *)v);
		xmlFree(v);
		xmlXPathFreeObject(obj);
	}
	xmlXPathFreeContext(ctx);
	return s;
}

static void is_xpath(xmlDocPtr doc, const char *expr, const char *want, const char *what)
{
	char *got = doc ? xpath_string(doc, expr) : NULL;
	tap_is_str(got, want, "%s", what);
	free(got);
}

int main(void)
{
	const char *srcdir = getenv("top_srcdir");
	if (!srcdir)
		srcdir = ".";

	/* A model built by hand: every string field the writer reads is hostile. */
	static struct finding host_findings[1], dev_findings[2];
	host_findings[0] = (struct finding){.id = FIND_KERNEL_ACS_OVERRIDE, .severity = SEV_WARN,
					    .subject = (char *)nonchar, .detail = (char *)meta};
	dev_findings[0] = (struct finding){.id = FIND_DEVICE_NO_IOMMU_GROUP, .severity = SEV_BLOCK,
					   .subject = (char *)hostile_name, .detail = (char *)meta};
	dev_findings[1] = (struct finding){.id = FIND_KERNEL_ACS_OVERRIDE, .severity = SEV_WARN,
					   .detail = (char *)nonchar};
	static char *members[] = {(char *)"0000:00:02.0", (char *)hostile_name};
	static char *log_lines[] = {(char *)meta, (char *)nonchar};
	static struct kernel_iommu_unit units[1];
	units[0] = (struct kernel_iommu_unit){.name = (char *)hostile_name, .kind = (char *)"intel-iommu",
					      .cap = (char *)meta, .n_devices = 1};
	static struct kernel_group groups[1];
	groups[0] = (struct kernel_group){.name = (char *)"7", .type = (char *)nonchar, .members = members,
					  .n_members = 2};
	static struct pci_device devs[1];
	devs[0] = (struct pci_device){.bdf = "0000:00:02.0", .vendor_id = 0x10de, .device_id = 0x2204,
				      .class_code = 0x030000, .vendor_name = (char *)hostile_name,
				      .device_name = (char *)meta, .class_name = (char *)nonchar,
				      .driver = (char *)meta, .iommu_group = (char *)"7", .numa_node = -1,
				      .parent = -1, .boot_vga = TRI_YES};
	static struct judged_device judged[1];
	judged[0] = (struct judged_device){.pci_index = 0, .findings = {dev_findings, 2},
					   .verdict = {VERDICT_BLOCKED, VERDICT_WARN, VERDICT_READY, VERDICT_UNKNOWN}};
	struct audit_report r = {
		.root = (char *)meta,
		.host = {.hostname = (char *)hostile_name, .kernel_release = (char *)nonchar,
			 .dmi_sys_vendor = (char *)meta, .dmi_product_name = (char *)hostile_name,
			 .dmi_bios_version = (char *)nonchar, .snapshot = true, .snapshot_note = (char *)meta},
		.cpu = {.readable = true, .vendor = CPU_VENDOR_INTEL, .vendor_id = (char *)hostile_name,
			.model_name = (char *)meta, .virt = TRI_YES, .virt_name = "VT-x"},
		.kernel = {.cmdline_readable = true, .cmdline = (char *)meta,
			   .params = {.pcie_acs_override = (char *)nonchar, .video = (char *)meta},
			   .class_iommu_readable = true, .units = units, .n_units = 1,
			   .groups_readable = true, .groups = groups, .n_groups = 1,
			   .log_readable = true, .log = log_lines, .n_log = 2,
			   .iommu_active = TRI_YES, .intr_remap = TRI_NO},
		.firmware = {.tables_readable = true, .has_dmar = true},
		.pci_readable = true, .devices = devs, .n_devices = 1,
		.findings = {host_findings, 1}, .judged = judged, .n_judged = 1,
	};

	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct xml_options opt = {.generated = 0};
	int rc = report_xml(mem, &r, &opt);
	fclose(mem);
	tap_ok(rc == 0, "report_xml writes the hostile report");

	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "hostile.xml", NULL, XML_PARSE_NONET);
	tap_ok(doc != NULL, "the output is well-formed XML");

	char *xsd = xasprintf("%s/reports/iommu-audit.xsd", srcdir);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaFreeParserCtxt(pc);
	tap_ok(schema != NULL, "the schema %s compiles", xsd);
	if (schema && doc) {
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
		tap_ok(xmlSchemaValidateDoc(vc, doc) == 0, "the output validates against the schema");
		xmlSchemaFreeValidCtxt(vc);
	} else {
		tap_ok(0, "the output validates against the schema");
	}

	is_xpath(doc, "string(/ia:report/ia:host/@hostname)", hostile_name_clean,
		 "control bytes and invalid UTF-8 become '?', valid UTF-8 stays");
	is_xpath(doc, "string(/ia:report/ia:host/ia:dmi/@sys-vendor)", meta_clean,
		 "XML metacharacters in an attribute read back unchanged");
	is_xpath(doc, "string(/ia:report/ia:kernel/ia:cmdline)", meta_clean,
		 "XML metacharacters in text read back unchanged");
	is_xpath(doc, "string(/ia:report/ia:kernel/ia:log/ia:line[2])", nonchar_clean,
		 "U+FFFE, U+FFFF, surrogates and overlong forms become '?'");
	is_xpath(doc, "string(/ia:report/ia:iommu-groups/ia:group/ia:member[2]/@device)", hostile_name_clean,
		 "group member names are sanitized");
	is_xpath(doc, "string(/ia:report/ia:devices/ia:device/ia:finding[1]/@subject)", hostile_name_clean,
		 "finding subjects are sanitized");
	is_xpath(doc, "string(/ia:report/ia:devices/ia:device/ia:verdict[@hypervisor='esxi']/@status)", "ready",
		 "a verdict per hypervisor");
	is_xpath(doc, "string(/ia:report/ia:devices/ia:device/ia:finding[2]/@hypervisors)", "kvm",
		 "a kernel finding names the hypervisor it applies to");
	is_xpath(doc, "string(/ia:report/@generated)", "1970-01-01T00:00:00Z", "the time is UTC, ISO 8601");
	is_xpath(doc, "count(/ia:report/ia:finding-catalogue/ia:entry)", "2",
		 "the catalogue explains each finding id once");

	/* The device's configuration space was never read (all-zero caps): every
	 * fact about it is "unknown", never "no". */
	is_xpath(doc, "string(//ia:pci-device/@port-type)", "unknown", "unread config: port type unknown");
	is_xpath(doc, "string(//ia:pci-device/ia:capabilities/ia:acs/@present)", "unknown",
		 "unread config: ACS presence unknown, not no");
	is_xpath(doc, "count(//ia:pci-device/ia:capabilities/*[@present='no'])", "0",
		 "unread config: no capability is said absent");
	is_xpath(doc, "count(//ia:pci-device/ia:capabilities/*[@offset])", "0",
		 "unread config: no capability offset");
	is_xpath(doc, "string(//ia:pci-device/ia:bars/@known)", "unknown", "unread resource: BARs unknown");
	is_xpath(doc, "string(//ia:pci-device/ia:iommu-coverage/@covered)", "unknown",
		 "no DMAR/IVRS decode: coverage unknown");
	is_xpath(doc, "string(/ia:report/ia:iommu-groups[@source='predicted']/@readable)", "no",
		 "no prediction: the predicted groups say so");

	char *clean = xml_clean_string(hostile_name);
	tap_is_str(clean, hostile_name_clean, "xml_clean_string");
	free(clean);
	tap_ok(xml_clean_string(NULL) == NULL, "xml_clean_string(NULL) is NULL");

	if (schema)
		xmlSchemaFree(schema);
	if (doc)
		xmlFreeDoc(doc);
	free(xsd);
	free(buf);
	report_xml_cleanup();
	return tap_done();
}
