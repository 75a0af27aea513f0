# tests/xml/: the XML contract. Every XML output is validated against
# reports/iommu-audit.xsd twice (xmllint --schema and libxml2's validator in
# xsd-validate), golden hosts have expected XML, hostile strings stay
# well-formed, and fleet reads good, broken and foreign files.
check_PROGRAMS += tests/xml/xsd-validate tests/xml/test-report-xml
tests_xml_xsd_validate_SOURCES = tests/xml/xsd-validate.c
tests_xml_xsd_validate_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tests_xml_xsd_validate_LDADD = $(XML_LIBS)
tests_xml_test_report_xml_SOURCES = tests/xml/test-report-xml.c tests/tap.h
tests_xml_test_report_xml_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tests_xml_test_report_xml_LDADD = $(AUDIT_LIBS)

TESTS += tests/xml/test-report-xml tests/xml/golden-xml.sh tests/xml/fleet.sh tests/xml/fleet-counts.sh tests/xml/xslt.sh \
	tests/xml/acpi-xml.sh tests/xml/fleet-validate.sh
EXTRA_DIST += tests/xml/lib-xml.sh tests/xml/golden-xml.sh tests/xml/fleet.sh tests/xml/fleet-counts.sh tests/xml/fleet-counts.text tests/xml/fleet-counts.csv tests/xml/xslt.sh \
	tests/xml/acpi-xml.sh tests/xml/fleet-validate.sh \
	tests/xml/check-ansible.sh \
	tests/bench/bench-fleet tests/bench/gen-fleet-reports.py tests/bench/gen-server.py tests/bench/lib.sh \
	tests/bench/bench-import

# Optional: runs the Ansible playbook against localhost (skips without ansible).
.PHONY: check-ansible
check-ansible: all
	IOMMU_AUDIT='$(abs_top_builddir)/iommu-audit' top_srcdir='$(abs_top_srcdir)' \
		$(SHELL) $(top_srcdir)/tests/xml/check-ansible.sh

# Optional, not in make check (Chromium is large): the HTML report and the fleet
# page in headless Chromium, screenshots under tests/browser/out/.
EXTRA_DIST += tests/browser/check-browser.sh
.PHONY: check-browser
check-browser: all
	IOMMU_AUDIT='$(abs_top_builddir)/iommu-audit' top_srcdir='$(abs_top_srcdir)' \
		top_builddir='$(abs_top_builddir)' XSLTPROC='$(XSLTPROC)' CHROMIUM='$(CHROMIUM)' \
		LC_ALL=C TZ=UTC NO_COLOR=1 $(SHELL) $(top_srcdir)/tests/browser/check-browser.sh
clean-local: clean-browser
.PHONY: clean-browser
clean-browser:
	rm -rf tests/browser/out
