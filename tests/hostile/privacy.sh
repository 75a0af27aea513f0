#!/bin/sh
# Item 5 of issue 15: captures keep no device serial numbers, VPD registers or
# secrets from the kernel command line, and are private (0700). Fails on main
# before the fix (8dcdb29): the DSN and the key were copied verbatim, 0755.
. "$top_srcdir/tests/hostile/lib-hostile.sh"
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || skip_all "python3 not found"
root=$(host root)
cfg="$(devdir "$root" 0000:01:00.0)/config"
# Chain a Device Serial Number capability (ID 0x0003) at 0xf00 onto the end of
# the extended list, serial 0x1122334455667788.
"$PYTHON" - "$cfg" <<'PY' || exit 1
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read().ljust(4096, b"\0"))
pos = 0x100
while True:
    hdr = struct.unpack_from("<I", b, pos)[0]
    nxt = (hdr >> 20) & 0xffc
    if hdr == 0 or nxt == 0:
        break
    pos = nxt
if struct.unpack_from("<I", b, pos)[0] == 0:
    struct.pack_into("<I", b, pos, 0x0003 | (1 << 16))
else:
    struct.pack_into("<I", b, pos, struct.unpack_from("<I", b, pos)[0] | (0xf00 << 20))
    struct.pack_into("<I", b, 0xf00, 0x0003 | (1 << 16))
    pos = 0xf00
struct.pack_into("<Q", b, pos + 4, 0x1122334455667788)
open(sys.argv[1], "wb").write(b)
PY
echo "BOOT_IMAGE=/vmlinuz rd.luks.key=TOPSECRETKEY intel_iommu=on password=\"hunter2 x\" auth_token=TKN123" \
	>"$root/proc/cmdline"
"$A" capture --root "$root" "$scratch/cap" 2>"$scratch/err"
ok $? "capture succeeds"
! grep -rq 'TOPSECRETKEY\|hunter2\|TKN123' "$scratch/cap"
ok $? "no secret-looking parameter value is in the capture"
grep -q 'rd.luks.key=<redacted> intel_iommu=on password=<redacted> auth_token=<redacted>' "$scratch/cap/proc/cmdline"
ok $? "the keys stay, the values are <redacted>"
ccfg="$(devdir "$scratch/cap" 0000:01:00.0)/config"
! od -An -tx1 -v "$ccfg" | tr -d ' \n' | grep -q 8877665544332211
ok $? "the device serial number is zeroed in the captured config space"
[ "$(stat -c %a "$scratch/cap")" = 700 ]
ok $? "OUTDIR is mode 0700"
"$A" check --root "$root" >"$scratch/out" 2>&1
! grep -q 'TOPSECRETKEY\|hunter2\|TKN123' "$scratch/out" && grep -q 'redacted' "$scratch/out"
ok $? "the report redacts too, and says so"
# The committed fixtures carry no serial number either (scrubbed the same way).
"$PYTHON" - "$FIXTURES/hosts" <<'PY'
import os, struct, sys
bad = []
for d, _, files in os.walk(sys.argv[1]):
    if "config" in files:
        b = open(os.path.join(d, "config"), "rb").read()
        pos, steps = 0x100, 0
        while len(b) >= pos + 12 and steps < 1024:
            hdr = struct.unpack_from("<I", b, pos)[0]
            if hdr in (0, 0xffffffff):
                break
            if hdr & 0xffff == 3 and any(b[pos + 4:pos + 12]):
                bad.append(os.path.join(d, "config"))
            pos, steps = (hdr >> 20) & 0xffc, steps + 1
            if pos < 0x100:
                break
for p in bad:
    print("# DSN in", p)
sys.exit(1 if bad else 0)
PY
ok $? "no committed fixture carries a device serial number"
done_testing
