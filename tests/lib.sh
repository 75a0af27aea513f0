# Shared helpers for the shell tests: TAP output and the paths of the build.
# Each test sources it, calls ok/check/skip/skip_all, and ends with done_testing.
: "${IOMMU_AUDIT:?run through make check (IOMMU_AUDIT unset)}"
: "${top_srcdir:?}"
FIXTURES="$top_srcdir/tests/fixtures"
tap_n=0
tap_failed=0

ok() { # ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# check DESCRIPTION COMMAND...: ok if the command succeeds.
check() {
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then ok 0 "$desc"; else ok 1 "$desc"; fi
}

# exit_is WANT DESCRIPTION COMMAND...: ok if the command exits with WANT.
exit_is() {
	want=$1 desc=$2
	shift 2
	"$@" >/dev/null 2>&1
	got=$?
	[ "$got" -eq "$want" ]
	ok $? "$desc (exit $got, want $want)"
}

# skip DESCRIPTION REASON: a check that cannot run here (a missing tool).
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/iommu-audit-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
