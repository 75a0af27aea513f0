#!/bin/sh
# Real-kernel fixtures: every tests/fixtures/hosts/NAME/ with a kernel/groups.txt
# was captured inside a QEMU guest running Debian's kernel (tests/qemu/capture-fixture).
# The kernel is the authority, so for each one:
#   groups     `groups --root` (our reading of the snapshot) = the kernel's groups
#   predict    `groups --predict` = the kernel's groups, as a partition (group
#              numbers may differ); fails while --predict does not exist
#   forecast   where the kernel formed no groups (IOMMU off), `groups --predict`
#              forecasts the groups after the fix (issue 14.2): they must equal,
#              as a partition, the groups the same kernel formed on the twin
#              fixture, the same QEMU topology (identical device lines) booted
#              with the IOMMU on (same iommu line; for "iommu none", the Intel
#              one: the forecast assumes a unit covering every device); and the
#              ACS control the forecast simulates for each port (pci_enable_acs)
#              must equal the control the twin's kernel left in that port
#   acpi       `acpi --fields` of each DMAR/IVRS = `iasl -d` of it, compared by
#              tests/acpi/compare-iasl.py (skipped
#              without iasl or python3)
#   snapshot   the capture completed, as root, with nothing unreadable
#   xml        the guest's report.xml, if any, is valid against the schema
#   report     `check --root` = expected/report.txt, where one exists
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
# The ACPI tests' own comparison (offset, width, value against iasl -d).
COMPARE="$top_srcdir/tests/acpi/compare-iasl.py"
XSD="$top_srcdir/reports/iommu-audit.xsd"

# One group per line, members sorted, lines sorted; with "members" the
# "group KEY:" prefix goes too, leaving the partition.
normalise() { # normalise keys|members FILE
	awk -v how="$1" '
		/^group [^:]*:/ {
			key = $2
			n = 0
			for (i = 3; i <= NF; i++) m[++n] = $i
			for (i = 2; i <= n; i++) { v = m[i]; j = i - 1; while (j > 0 && m[j] > v) { m[j + 1] = m[j]; j-- } m[j + 1] = v }
			line = (how == "keys") ? "group " key : ""
			for (i = 1; i <= n; i++) line = line (line == "" ? "" : " ") m[i]
			print line
		}' "$2" | LC_ALL=C sort
}

have_python=no
command -v python3 >/dev/null 2>&1 && have_python=yes
TOPO="$top_srcdir/tests/qemu/topologies"

# The fixture booted from the same devices with the IOMMU on, or nothing.
twin_of() { # twin_of NAME
	[ -f "$TOPO/$1.topo" ] || return 0
	grep '^device ' "$TOPO/$1.topo" >"$scratch/twin-dev"
	own_iommu=$(grep '^iommu ' "$TOPO/$1.topo")
	best=
	for t in "$TOPO"/*.topo; do
		tn=$(basename "$t" .topo)
		[ "$tn" = "$1" ] && continue
		[ -s "$FIXTURES/hosts/$tn/kernel/groups.txt" ] || continue
		grep '^device ' "$t" | cmp -s - "$scratch/twin-dev" || continue
		ti=$(grep '^iommu ' "$t")
		if [ "$ti" = "$own_iommu" ]; then
			best=$tn
			break
		fi
		[ "$own_iommu" = "iommu none" ] && [ "$ti" = "iommu intel" ] && best=$tn
	done
	echo "$best"
}

# "BDF CTRL" for every function with an ACS capability, from its config file.
acs_controls() { # acs_controls ROOT
	python3 - "$1" <<'PY'
import os, struct, sys
base = os.path.join(sys.argv[1], "sys/bus/pci/devices")
for bdf in sorted(os.listdir(base)):
    try:
        c = open(os.path.join(base, bdf, "config"), "rb").read()
    except OSError:
        continue
    pos, steps = 0x100, 0
    while 0x100 <= pos and pos + 8 <= len(c) and steps < 64:
        hdr = struct.unpack_from("<I", c, pos)[0]
        if hdr & 0xffff == 0x000d:
            print(bdf, "%04x" % struct.unpack_from("<H", c, pos + 6)[0])
            break
        pos, steps = hdr >> 20, steps + 1
PY
}

n=0
for dir in "$FIXTURES"/hosts/*/; do
	dir=${dir%/}
	[ -f "$dir/kernel/groups.txt" ] || continue
	name=$(basename "$dir")
	n=$((n + 1))
	k="$scratch/$name"
	mkdir -p "$k"
	normalise keys "$dir/kernel/groups.txt" >"$k/kernel"
	normalise members "$dir/kernel/groups.txt" >"$k/kernel-partition"
	ngroups=$(grep -c . "$k/kernel")

	# Exit 1 is "no groups", a valid answer for the IOMMU-off fixtures.
	"$A" groups --root "$dir" >"$k/groups" 2>"$k/groups.err"
	rc=$?
	normalise keys "$k/groups" >"$k/ours"
	[ $rc -le 1 ] && diff -u "$k/kernel" "$k/ours" >"$k/diff"
	ok $? "$name: groups read from the snapshot = the kernel's $ngroups groups"
	[ -s "$k/diff" ] && diag "$(head -20 "$k/diff")"
	[ $rc -le 1 ] || diag "$(head -5 "$k/groups.err")"

	"$A" groups --predict --root "$dir" >"$k/predict" 2>"$k/predict.err"
	rc=$?
	normalise members "$k/predict" >"$k/ours-partition"
	if [ "$ngroups" -gt 0 ]; then
		[ $rc -le 1 ] && diff -u "$k/kernel-partition" "$k/ours-partition" >"$k/pdiff"
		ok $? "$name: predicted groups = the kernel's groups (exit $rc)"
	else
		# No kernel groups (IOMMU off): a forecast, named on its first line;
		# its groups are checked against the twin below.
		[ $rc -eq 0 ] && head -1 "$k/predict" | grep -q '^# forecast: ' && [ -s "$k/ours-partition" ]
		ok $? "$name: the kernel formed no groups; --predict forecasts them (exit $rc)"
	fi
	[ -s "$k/pdiff" ] && diag "$(head -20 "$k/pdiff")"
	[ $rc -le 1 ] || diag "$(head -5 "$k/predict.err")"

	twin=
	[ "$ngroups" -eq 0 ] && twin=$(twin_of "$name")
	if [ "$ngroups" -eq 0 ] && [ -z "$twin" ]; then
		skip "$name: forecast = the twin's kernel groups" "no fixture of the same topology with the IOMMU on"
	elif [ -n "$twin" ]; then
		normalise members "$FIXTURES/hosts/$twin/kernel/groups.txt" >"$k/twin-partition"
		"$A" groups --predict --root "$dir" >"$k/forecast" 2>&1
		normalise members "$k/forecast" >"$k/forecast-partition"
		head -1 "$k/forecast" | grep -q '^# forecast: ' &&
			[ -s "$k/twin-partition" ] && diff -u "$k/twin-partition" "$k/forecast-partition" >"$k/fdiff"
		ok $? "$name: forecast = the kernel's groups of $twin (same topology, IOMMU on)"
		[ -s "$k/fdiff" ] && diag "$(head -20 "$k/fdiff")"
		if [ $have_python = yes ]; then
			# The control the simulated enable step leaves in each port (--why)
			# against what the twin's kernel left there after its own.
			acs_controls "$FIXTURES/hosts/$twin" >"$k/twin-acs"
			"$A" groups --predict --why --root "$dir" >"$k/fwhy" 2>&1
			: >"$k/acs-bad"
			while read -r bdf ctrl; do
				grep -q "^# $bdf: ACS control [0-9a-f]* read, $ctrl after the enable step\$" "$k/fwhy" ||
					echo "$bdf: twin's kernel left $ctrl; forecast: $(grep "^# $bdf: ACS control" "$k/fwhy")" >>"$k/acs-bad"
			done <"$k/twin-acs"
			[ -s "$k/twin-acs" ] && [ ! -s "$k/acs-bad" ]
			ok $? "$name: simulated ACS enable = the control $twin's kernel left ($(wc -l <"$k/twin-acs") port(s))"
			[ -s "$k/acs-bad" ] && diag "$(cat "$k/acs-bad")"
		else
			skip "$name: simulated ACS enable = the twin's control" "python3 not found"
		fi
	fi

	for table in "$dir"/sys/firmware/acpi/tables/DMAR* "$dir"/sys/firmware/acpi/tables/IVRS*; do
		[ -f "$table" ] || continue
		t=$(basename "$table")
		if [ -z "${IASL:-}" ]; then
			skip "$name: $t fields = iasl -d" "iasl not found by configure"
			continue
		fi
		if [ $have_python = no ]; then
			skip "$name: $t fields = iasl -d" "python3 not found"
			continue
		fi
		cp "$table" "$k/$t"
		# iasl writes TABLE.dsl next to its input.
		(cd "$k" && "$IASL" -d "$t" >"$t.iasl.log" 2>&1)
		if "$A" acpi --fields "$k/$t" >"$k/$t.fields" 2>"$k/$t.err" &&
			python3 "$COMPARE" "$k/$t.fields" "$k/$t.dsl" >"$k/$t.cmp" 2>&1; then
			ok 0 "$name: $t fields = iasl -d ($(head -1 "$k/$t.cmp"))"
		else
			ok 1 "$name: $t fields = iasl -d"
			diag "$(cat "$k/$t.err" "$k/$t.cmp" 2>/dev/null | head -18)"
		fi
	done

	marker="$dir/IOMMU-AUDIT-SNAPSHOT"
	grep -q 'privileged=yes' "$marker" 2>/dev/null && grep -q 'unreadable=0' "$marker"
	ok $? "$name: complete privileged capture ($(cat "$marker" 2>/dev/null | cut -d ';' -f 2,4))"

	if [ -f "$dir/kernel/report.xml" ]; then
		if [ -n "${XMLLINT:-}" ] && [ -f "$XSD" ]; then
			"$XMLLINT" --noout --schema "$XSD" "$dir/kernel/report.xml" >"$k/xml.log" 2>&1
			ok $? "$name: the guest's report.xml is valid"
			diag "$(grep -v ' validates$' "$k/xml.log" | head -5)"
		else
			skip "$name: the guest's report.xml is valid" "no xmllint or schema"
		fi
	fi

	exp="$dir/expected"
	if [ -f "$exp/report.txt" ]; then
		args=
		[ -f "$exp/args" ] && args=$(cat "$exp/args")
		# shellcheck disable=SC2086
		"$A" check --root "$dir" $args >"$k/report" 2>&1
		diff -u "$exp/report.txt" "$k/report" >"$k/rdiff"
		ok $? "$name: check report = expected/report.txt"
		[ -s "$k/rdiff" ] && diag "$(head -30 "$k/rdiff")"
	fi
done
[ $n -gt 0 ]
ok $? "at least one QEMU fixture ($n)"
done_testing
