#!/bin/sh
# One synthetic host per grouping rule (tests/hosts/groups/*.spec, built with
# tests/tools/mkhost). Each spec carries its expectations in comments:
#   #expect group KEY: BDF ...   the exact `groups --predict` output (all lines)
#   #expect-kernel               the predicted partition equals the kernel's (group=)
#   #why REGEX                   a line of `groups --predict --why` matches (grep -E)
#   #finding ID SUBJECT          `--why` reports finding ID about SUBJECT
#   #note REGEX                  a "# " line of `groups --predict --why` matches (grep -E):
#                                the forecast header, the ACS control used, now/after lines
#   #no-finding ID SUBJECT       `--why` does not report finding ID about SUBJECT
#   #select SEL                  `check -s SEL --all-devices` finds a device (exit 0 or 1, not 2)
. "$top_srcdir/tests/lib.sh"
MKHOST="$top_builddir/tests/tools/mkhost"
[ -x "$MKHOST" ] || skip_all "mkhost not built"

# The partition of a groups listing: members of each group, groups sorted.
partition() { sed -n 's/^group [^ ]* //p' | sort; }

for desc in "$top_srcdir"/tests/hosts/groups/*.spec; do
	name=$(basename "$desc" .spec)
	root="$scratch/$name"
	if ! "$MKHOST" "$desc" "$root" 2>"$scratch/err"; then
		ok 1 "$name: mkhost builds the host"
		diag "$(cat "$scratch/err")"
		continue
	fi
	"$IOMMU_AUDIT" groups --hand-made-root --root "$root" --predict >"$scratch/predict" 2>"$scratch/err"
	r=$?
	ok $r "$name: groups --predict runs cleanly"
	[ $r -eq 0 ] || diag "$(cat "$scratch/err")"
	"$IOMMU_AUDIT" groups --hand-made-root --root "$root" --predict --why >"$scratch/why" 2>&1
	if grep -q '^#expect group' "$desc"; then
		sed -n 's/^#expect //p' "$desc" >"$scratch/want"
		cmp -s "$scratch/want" "$scratch/predict"
		r=$?
		ok $r "$name: predicted groups"
		[ $r -eq 0 ] || diag "$(diff "$scratch/want" "$scratch/predict")"
	fi
	if grep -q '^#expect-kernel' "$desc"; then
		"$IOMMU_AUDIT" groups --hand-made-root --root "$root" >"$scratch/actual" 2>/dev/null
		partition <"$scratch/actual" >"$scratch/pa"
		partition <"$scratch/predict" >"$scratch/pp"
		[ -s "$scratch/pa" ] && cmp -s "$scratch/pa" "$scratch/pp"
		r=$?
		ok $r "$name: predicted groups equal the kernel's"
		[ $r -eq 0 ] || diag "$(diff "$scratch/pa" "$scratch/pp")"
		! grep -q '^# GROUP_PREDICTION_MISMATCH' "$scratch/why"
		ok $? "$name: no mismatch finding"
	fi
	grep '^#why ' "$desc" | sed 's/^#why //' | while IFS= read -r re; do
		grep -Eq "^  $re" "$scratch/why" && echo 0 || echo 1
	done >"$scratch/whyres"
	n=0
	while read -r r; do
		n=$((n + 1))
		ok "$r" "$name: --why explanation $n"
		[ "$r" -eq 0 ] || diag "$(grep '^  ' "$scratch/why")"
	done <"$scratch/whyres"
	grep '^#note ' "$desc" | sed 's/^#note //' | while IFS= read -r re; do
		grep -Eq "^# $re" "$scratch/why" && echo 0 || echo 1
	done >"$scratch/noteres"
	n=0
	while read -r r; do
		n=$((n + 1))
		ok "$r" "$name: --why note $n"
		[ "$r" -eq 0 ] || diag "$(grep '^# ' "$scratch/why")"
	done <"$scratch/noteres"
	grep '^#finding ' "$desc" | while read -r _ id subject; do
		grep -q "^# $id $subject:" "$scratch/why" && echo "0 $id $subject" || echo "1 $id $subject"
	done >"$scratch/findres"
	while read -r r id subject; do
		ok "$r" "$name: finding $id on $subject"
		[ "$r" -eq 0 ] || diag "$(grep '^# ' "$scratch/why")"
	done <"$scratch/findres"
	grep '^#no-finding ' "$desc" | while read -r _ id subject; do
		grep -q "^# $id $subject:" "$scratch/why" && echo "1 $id $subject" || echo "0 $id $subject"
	done >"$scratch/findres"
	while read -r r id subject; do
		ok "$r" "$name: no finding $id on $subject"
		[ "$r" -eq 0 ] || diag "$(grep "^# $id" "$scratch/why")"
	done <"$scratch/findres"
	grep '^#select ' "$desc" | while read -r _ sel; do
		"$IOMMU_AUDIT" check --hand-made-root --root "$root" --all-devices -s "$sel" >"$scratch/sel" 2>&1
		r=$?
		{ [ $r -le 1 ] && grep -q "^$sel " "$scratch/sel"; } && echo "0 $sel" || echo "1 $sel"
	done >"$scratch/selres"
	while read -r r sel; do
		ok "$r" "$name: -s $sel selects it"
		[ "$r" -eq 0 ] || diag "$(head -5 "$scratch/sel")"
	done <"$scratch/selres"
done
done_testing
