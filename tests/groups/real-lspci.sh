#!/bin/sh
# Synthetic hosts rebuilt from a real machine's lspci text (a line
# "#real NAME" names tests/fixtures/real/NAME/lspci.txt, public hardware-probe
# data): until the lspci importer is on main they are written by hand, so this
# checks them against the text itself. For every function: the same vendor and
# device ID, the ACS capability and control words (ACSCap/ACSCtl), and, where
# the host lists the kernel's groups (group=), the "IOMMU group" lspci printed;
# where the host expects a forecast (#expect group lines), its partition must
# be the partition of the real kernel's groups. Nothing is read but the two
# files.
. "$top_srcdir/tests/lib.sh"
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || skip_all "python3 not found"
n=0
for desc in "$top_srcdir"/tests/hosts/groups/*.spec; do
	real=$(sed -n 's/^#real //p' "$desc")
	[ -n "$real" ] || continue
	n=$((n + 1))
	name=$(basename "$desc" .spec)
	"$PYTHON" - "$desc" "$top_srcdir/tests/fixtures/real/$real/lspci.txt" >"$scratch/out" 2>&1 <<'PY'
import re, sys
desc, lspci = sys.argv[1], sys.argv[2]
BITS = ["SrcValid", "TransBlk", "ReqRedir", "CmpltRedir", "UpstreamFwd", "EgressCtrl", "DirectTrans"]
real, cur = {}, None
for line in open(lspci, errors="replace"):
    m = re.match(r"^([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) .*?\[([0-9a-f]{4}:[0-9a-f]{4})\]( \(rev [0-9a-f]+\))?( \(prog-if [^)]*\))?$", line.rstrip())
    if m:
        cur = real.setdefault("0000:" + m.group(1), {"id": m.group(2)})
        continue
    if cur is None:
        continue
    m = re.match(r"^\tIOMMU group: (\d+)", line)
    if m:
        cur["group"] = m.group(1)
    m = re.match(r"^\t\t(ACSCap|ACSCtl):\t(.*)", line)
    if m:
        word = sum(1 << i for i, b in enumerate(BITS) if (b + "+") in m.group(2))
        cur[m.group(1)] = word
ours, expect = {}, []
for line in open(desc):
    if line.startswith("#expect group "):
        expect.append(sorted(line[len("#expect group "):].split(": ", 1)[1].split()))
    line = line.split() if not line.lstrip().startswith("#") else []
    if line[:1] == ["dev"]:
        ours[line[1]] = dict(w.partition("=")[::2] for w in line[2:])
bad = []
if set(ours) != set(real):
    bad.append("functions differ: only in the host %s, only in lspci %s" % (sorted(set(ours) - set(real)), sorted(set(real) - set(ours))))
for bdf in sorted(set(ours) & set(real)):
    o, r = ours[bdf], real[bdf]
    if o.get("id") != r["id"]:
        bad.append("%s: id %s, lspci %s" % (bdf, o.get("id"), r["id"]))
    want = "%02x/%02x" % (r["ACSCap"], r.get("ACSCtl", 0)) if "ACSCap" in r else None
    got = o.get("acs")
    if (got and int(got.split("/")[0], 16)) != (want and r["ACSCap"]) or \
       (got and int(got.split("/")[1], 16)) != (want and r.get("ACSCtl", 0)):
        bad.append("%s: acs=%s, lspci %s" % (bdf, got, want))
    if "group" in o and o["group"] != r.get("group"):
        bad.append("%s: group=%s, lspci IOMMU group %s" % (bdf, o["group"], r.get("group")))
if expect:
    groups = {}
    for bdf, r in real.items():
        groups.setdefault(r.get("group"), []).append(bdf)
    if sorted(sorted(g) for g in groups.values()) != sorted(expect):
        bad.append("expected forecast %s differs from the real kernel's groups %s" % (sorted(expect), sorted(sorted(g) for g in groups.values())))
print("\n".join(bad) if bad else "%d functions agree" % len(ours))
sys.exit(1 if bad else 0)
PY
	r=$?
	ok $r "$name: agrees with tests/fixtures/real/$real/lspci.txt ($(tail -1 "$scratch/out"))"
	[ $r -eq 0 ] || diag "$(cat "$scratch/out")"
done
[ $n -gt 0 ]
ok $? "at least one host rebuilt from a real machine ($n)"
done_testing
