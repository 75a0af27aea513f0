# reports/: renderers of the report model (text, XML) and the published schema, and
# the fleet reader and writers. The only code with libxml2.
REPORTS_CPPFLAGS = $(ANALYSIS_CPPFLAGS) -I$(top_srcdir)/reports
noinst_LIBRARIES += libreports.a
libreports_a_CPPFLAGS = $(REPORTS_CPPFLAGS)
libreports_a_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
libreports_a_SOURCES = \
	reports/report-text.c reports/report-text.h \
	reports/report-groups.c reports/report-groups.h \
	reports/xml-writer.c reports/xml-writer.h \
	reports/report-xml.c reports/report-xml.h \
	reports/xml-acpi.c reports/xml-acpi.h \
	reports/acpi-text.c reports/acpi-text.h \
	reports/report-dot.c reports/report-dot.h \
	reports/fleet.h reports/fleet-internal.h reports/fleet-read.c reports/fleet-batch.c \
	reports/fleet-aggregate.c reports/fleet-write.c
# The schema and the HTML views are installed for validators and browsers.
dist_pkgdata_DATA += reports/iommu-audit.xsd reports/iommu-audit-acpi.xsd reports/report.xsl reports/fleet.xsl
