# reports/: renderers of the report model (text, XML) and the published schema.
libaudit_a_SOURCES += reports/report-text.c reports/report-text.h
libaudit_a_SOURCES += reports/report-xml.c reports/report-xml.h reports/xml-writer.c reports/xml-writer.h \
	reports/fleet.c reports/fleet.h
iommu_audit_SOURCES += src/cmd-fleet.c
# The schema and the HTML views are installed for validators and browsers.
dist_pkgdata_DATA += reports/iommu-audit.xsd reports/iommu-audit-acpi.xsd reports/report.xsl reports/fleet.xsl
