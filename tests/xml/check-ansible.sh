#!/bin/sh
# make check-ansible: runs contrib/ansible/iommu-audit.yml against localhost
# with a local connection, on a fixture host (--root), and checks the fetched
# report and the summary. Skips (says so, exit 0) without ansible-playbook.
: "${IOMMU_AUDIT:?}" "${top_srcdir:?}"
command -v ansible-playbook >/dev/null 2>&1 || { echo "SKIP: ansible-playbook not found (Debian: ansible-core)"; exit 0; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/iommu-audit-ansible.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
host="$top_srcdir/tests/fixtures/hosts/xml-qemu-3gpu"
ANSIBLE_LOCAL_TEMP="$scratch/tmp" ANSIBLE_REMOTE_TEMP="$scratch/tmp" \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
	ansible-playbook -i localhost, -c local "$top_srcdir/contrib/ansible/iommu-audit.yml" \
	-e "iommu_audit_controller_bin=$IOMMU_AUDIT" \
	-e "iommu_audit_bin=$IOMMU_AUDIT" -e "iommu_audit_args='--root $host'" \
	-e iommu_audit_become=false -e "iommu_audit_dest=$scratch/reports" \
	-e "iommu_audit_remote_dir=$scratch" -e iommu_audit_summarise=true >"$scratch/play.log" 2>&1
rc=$?
fail=0
if [ $rc -ne 0 ]; then
	echo "FAIL: ansible-playbook exited $rc"; tail -30 "$scratch/play.log"; exit 1
fi
echo "ok: the playbook ran"
if [ -s "$scratch/reports/localhost.xml" ]; then echo "ok: report fetched"; else echo "FAIL: no report fetched"; fail=1; fi
if [ -e "$scratch/iommu-audit-localhost.xml" ]; then echo "FAIL: the remote copy was left behind"; fail=1; fi
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout --nonet --schema "$top_srcdir/reports/iommu-audit.xsd" "$scratch/reports/localhost.xml" 2>/dev/null; then
		echo "ok: the fetched report validates"
	else
		echo "FAIL: the fetched report does not validate"; fail=1
	fi
fi
if grep -q 'Fleet: 1 report read, 0 skipped' "$scratch/play.log"; then echo "ok: summary shown"; else echo "FAIL: no summary"; fail=1; fi

# A host whose audit fails (a root that is no snapshot: exit 2) leaves no
# report behind, on the host or on the controller.
mkdir -p "$scratch/bad-root" "$scratch/bad"
ANSIBLE_LOCAL_TEMP="$scratch/tmp" ANSIBLE_REMOTE_TEMP="$scratch/tmp" \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
	ansible-playbook -i localhost, -c local "$top_srcdir/contrib/ansible/iommu-audit.yml" \
	-e "iommu_audit_controller_bin=$IOMMU_AUDIT" \
	-e "iommu_audit_bin=$IOMMU_AUDIT" -e "iommu_audit_args='--root $scratch/bad-root'" \
	-e iommu_audit_become=false -e "iommu_audit_dest=$scratch/bad/reports" \
	-e "iommu_audit_remote_dir=$scratch/bad" >"$scratch/bad.log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then echo "ok: a failed audit fails the play ($rc)"; else echo "FAIL: a failed audit passed"; fail=1; fi
if ls "$scratch/bad" | grep -q 'iommu-audit-localhost'; then echo "FAIL: a report was left on the host"; fail=1; else echo "ok: nothing left on the host"; fi
if [ -e "$scratch/bad/reports/localhost.xml" ]; then echo "FAIL: an empty report was fetched"; fail=1; else echo "ok: no report fetched"; fi
exit $fail
