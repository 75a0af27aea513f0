#!/bin/sh
# Real machines: every tests/fixtures/real/NAME/lspci.txt (public hardware-probe
# `lspci -vvnn` text, see that directory's README for sources and licence) is
# imported, and the groups predicted from it must equal, device by device, the
# kernel's own groups printed in the same text ("IOMMU group: N", pciutils 3.7
# and later: the kernel's answer for that boot). dmesg.txt and acpidump.txt
# beside it are imported too when present.
#
# The same text without its "IOMMU group" lines is what the machine shows with
# the IOMMU off: the forecast made from it (groups --predict, the kernel's ACS
# enable step simulated) must equal the same groups.
#
# A machine whose prediction differs for a reason outside the import (a kernel
# rule the prediction does not have yet) is listed in corpus-known-differences
# with the exact devices that differ and why; any other difference, on any
# machine, fails, and so does a listed difference that is gone.
. "$top_srcdir/tests/lib.sh"
real=${IOMMU_AUDIT_REAL_CORPUS:-$FIXTURES/real}
known=$top_srcdir/tests/import/corpus-known-differences
refused=$top_srcdir/tests/import/corpus-refused
peers=$top_srcdir/tests/import/group-peers
# A machine has lspci.txt (the whole text) or lspci-excerpt.txt (lines elided,
# kept lines verbatim: see the corpus README).
set -- "$real"/*/lspci.txt "$real"/*/lspci-excerpt.txt
[ -f "$1" ] || [ -f "$2" ] || [ -f "$3" ] || skip_all "no real-machine corpus under $real"
matched=0 total=0
for lspci; do
	[ -f "$lspci" ] || continue
	dir=$(dirname "$lspci")
	name=$(basename "$dir")
	w=$scratch/$name
	set --
	[ -f "$dir/dmesg.txt" ] && set -- "$@" --dmesg "$dir/dmesg.txt"
	[ -f "$dir/acpidump.txt" ] && set -- "$@" --acpidump "$dir/acpidump.txt"
	if ! "$IOMMU_AUDIT" import --lspci "$lspci" "$@" "$w" 2>"$w.err"; then
		# A text the importer refuses on purpose (it states no device ID) is
		# listed with the message it must give; any other refusal fails.
		want=$(sed -n "s/^$name | //p" "$refused" 2>/dev/null)
		if [ -n "$want" ] && grep -qF -- "$want" "$w.err"; then
			ok 0 "$name: import refused as listed ($want)"
		else
			ok 1 "$name: import"
			diag "$(cat "$w.err")"
		fi
		continue
	fi
	"$IOMMU_AUDIT" groups --root "$w" >"$w.kernel" 2>/dev/null
	if [ ! -s "$w.kernel" ]; then
		diag "$name: the text names no IOMMU group (IOMMU off, or pciutils before 3.7): nothing to compare"
		continue
	fi
	total=$((total + 1))
	"$IOMMU_AUDIT" groups --root "$w" --predict >"$w.predict" 2>/dev/null
	sh "$peers" "$w.kernel" >"$w.kernel.peers"
	sh "$peers" "$w.predict" "$w.kernel" >"$w.predict.peers"
	listed=$(sed -n "s/^$name | \([^|]*\) |.*/\1/p" "$known" 2>/dev/null | tr -s ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')
	# The IOMMU-off text: every line but the group lines, as published.
	grep -v 'IOMMU group:' "$lspci" >"$w.off.txt"
	"$IOMMU_AUDIT" import --lspci "$w.off.txt" "$@" "$w.off" 2>"$w.off.err" || diag "$(cat "$w.off.err")"
	"$IOMMU_AUDIT" groups --root "$w.off" --predict >"$w.forecast" 2>/dev/null
	sh "$peers" "$w.forecast" "$w.kernel" >"$w.forecast.peers"
	for what in predict forecast; do
		differ=$(diff "$w.kernel.peers" "$w.$what.peers" | sed -n 's/^[<>] \([^ ]*\): .*/\1/p' | sort -u | tr '\n' ' ')
		desc="predicted groups equal the kernel's"
		[ $what = forecast ] && desc="the forecast from the text without its group lines equals the kernel's groups"
		if [ -z "$differ" ]; then
			[ $what = predict ] && matched=$((matched + 1))
			[ -z "$listed" ]
			ok $? "$name: $desc"
			[ -n "$listed" ] && diag "$name: listed as a known difference but now matches: update $known"
		elif [ "$differ" = "$listed" ]; then
			ok 0 "$name: $what: known difference on $differ($(sed -n "s/^$name | [^|]* | //p" "$known"))"
		else
			ok 1 "$name: $desc"
			diag "devices that differ: $differ" "listed as known: ${listed:-none}"
			diag "$(diff "$w.kernel.peers" "$w.$what.peers" | head -20)"
		fi
	done
done
diag "$matched of $total machines match the kernel's groups device by device"
done_testing
