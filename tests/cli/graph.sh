#!/bin/sh
# iommu-audit graph (issue 17, point 3): the DOT the tool writes is checked
# against the kernel's own facts of a captured QEMU host (qemu-intel-noacs: its
# sys/kernel/iommu_groups and sys/bus/pci/devices), and Graphviz's dot must
# accept it (make check runs this part when dot is installed: scripts/install-deps
# --test installs graphviz).
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
H="$FIXTURES/hosts/qemu-intel-noacs"

"$A" graph --root "$H" >"$scratch/g.dot" 2>"$scratch/err"
ok $? "graph writes DOT (exit 0)"
head -1 "$scratch/g.dot" | grep -q '^digraph "iommu-audit" {$'
ok $? "a directed graph"

# Every PCI function of the host is a node.
for d in "$H"/sys/bus/pci/devices/*; do
	bdf=$(basename "$d")
	grep -q "^ *\"$bdf\" \[label=" "$scratch/g.dot"
	ok $? "node for $bdf"
done

# Each cluster holds exactly one kernel group's members: the group's links
# under sys/kernel/iommu_groups/N/devices are the truth.
for g in "$H"/sys/kernel/iommu_groups/*; do
	n=$(basename "$g")
	want=$(ls "$g/devices" | sort | tr '\n' ' ')
	got=$(awk -v c="\"cluster_group_$n\"" '
		$1 == "subgraph" && $2 == c { on = 1; next }
		on && /^  }/ { exit }
		on && /\[label=/ { gsub(/^ *"|".*/, ""); print }' "$scratch/g.dot" | sort | tr '\n' ' ')
	[ "$got" = "$want" ]
	ok $? "cluster of IOMMU group $n: $want"
done

# Each bridge's children hang under it: the tree edges are the bus ranges'.
grep -q '^  "0000:00:1c.0" -> "0000:01:00.0"' "$scratch/g.dot" &&
	grep -q '^  "0000:00:1c.1" -> "0000:02:00.0"' "$scratch/g.dot" &&
	grep -q '^  "0000:00:1d.0" -> "0000:03:00.0"' "$scratch/g.dot"
ok $? "functions under their root ports"

# The GPU at 01:00.0 shares group 1 with the NVMe drive because its root port
# 00:1c.0 has no ACS capability (the kernel put them in one group; see README):
# that edge and port are red, and the GPU is filled with the blocked colour.
grep -q '^  "0000:00:1c.0" -> "0000:01:00.0" \[color="#dd3333"' "$scratch/g.dot"
ok $? "the path that breaks isolation is highlighted"
grep -q '"0000:00:1c.0" \[label="[^"]*ACS none: no ACS capability", color="#dd3333"' "$scratch/g.dot"
ok $? "the root port without ACS is marked, with its ACS state"
st=$("$A" check --root "$H" | sed -n 's/^  0000:01:00.0 .* \([a-z]*\)$/\1/p')
grep -q "\"0000:01:00.0\" \[label=\"[^\"]*kvm: $st\", fillcolor=\"#fde0e0\"" "$scratch/g.dot" && [ "$st" = blocked ]
ok $? "the GPU carries check's verdict ($st) and its colour"
[ "$(grep -c 'dd3333' "$scratch/g.dot")" -eq 2 ]
ok $? "nothing else is red (03:00.0 shares its group with its port only)"

exit_is 2 "an unknown format" "$A" graph --format png --root "$H"
IOMMU_AUDIT_DOT=/nonexistent/dot "$A" graph --format svg --root "$H" >"$scratch/o" 2>"$scratch/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'graphviz' "$scratch/err" && [ ! -s "$scratch/o" ] && [ "$(wc -l <"$scratch/err")" -eq 1 ]
ok $? "svg without Graphviz: one line naming the package, exit 2, no output"

if [ -n "${DOT:-}" ]; then
	for h in qemu-intel-noacs qemu-amd-switch xml-qemu-3gpu firecracker-noiommu; do
		"$A" graph --root "$FIXTURES/hosts/$h" | "$DOT" -Tsvg >"$scratch/$h.svg" 2>"$scratch/dot.err"
		[ $? -eq 0 ] && [ ! -s "$scratch/dot.err" ]
		ok $? "Graphviz takes the graph of $h without a warning"
	done
	IOMMU_AUDIT_DOT=$DOT "$A" graph --format svg --root "$H" >"$scratch/g.svg" 2>"$scratch/err"
	ok $? "graph --format svg runs dot"
	if [ -n "${XMLLINT:-}" ]; then
		"$XMLLINT" --noout --nonet "$scratch/g.svg" 2>/dev/null
		ok $? "the SVG is well-formed XML"
		n=$("$XMLLINT" --nonet --xpath "count(//*[local-name()='g'][@class='cluster'])" "$scratch/g.svg" 2>/dev/null)
		want=$(ls "$H/sys/kernel/iommu_groups" | wc -l)
		[ "$n" = "$want" ]
		ok $? "the SVG draws one cluster per IOMMU group ($n, want $want)"
	fi
else
	skip "Graphviz" "dot not found (Debian package graphviz)"
fi
done_testing
