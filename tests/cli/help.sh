#!/bin/sh
# The command line as lspci/ip/systemctl users expect it (issue 17, point 4):
# every subcommand's --help lists each option it takes with a one-line
# description; `help [COMMAND]`; global options before the subcommand; one
# `fix:` label with and without -v; host-wide findings blocking first.
. "$top_srcdir/tests/lib.sh"
A=$IOMMU_AUDIT
noacs="$FIXTURES/hosts/qemu-intel-noacs"
noiommu="$FIXTURES/hosts/firecracker-noiommu"

# Each subcommand's long options, read from its source (the getopt table), must
# each appear in its --help with a description on the same line.
for cmd in check groups acpi capture browse fleet findings graph; do
	src="$top_srcdir/src/cli/cmd-$cmd.c"
	"$A" "$cmd" --help >"$scratch/h" 2>&1
	ok $? "$cmd --help exits 0"
	"$A" help "$cmd" >"$scratch/h2" 2>&1
	cmp -s "$scratch/h" "$scratch/h2"
	ok $? "help $cmd prints what $cmd --help prints"
	grep -q '^Options:$' "$scratch/h"
	ok $? "$cmd --help has an Options list"
	# (an installed path, on a line of its own, is as long as the prefix makes it)
	awk 'length > 80 && !/^  \// { bad = 1 } END { exit bad }' "$scratch/h"
	ok $? "$cmd --help fits in 80 columns"
	for opt in $(sed -n 's/^[[:space:]]*{"\([a-z][a-z-]*\)", *\(no\|required\)_argument.*/\1/p' "$src"); do
		[ "$opt" = colour ] && continue # the British spelling of --color, an alias
		# The option's line, or the line after it when the option is long, has words.
		awk -v o="--$opt" '
			found { if ($0 ~ /^  +[a-z]/) ok = 1; exit }
			index($0, o) && $0 ~ /^  -/ { n = split($0, w, "  +"); if (n >= 3 && w[3] != "") { ok = 1; exit } found = 1 }
			END { exit !ok }' "$scratch/h"
		ok $? "$cmd --help describes --$opt"
	done
done
"$A" help >"$scratch/h" 2>&1
[ $? -eq 0 ] && grep -q '^  fleet ' "$scratch/h" && grep -q -- '--root DIR' "$scratch/h"
ok $? "help alone lists the subcommands and the global options"
exit_is 2 "help of an unknown subcommand" "$A" help frobnicate

# Global options before the subcommand act as after it.
"$A" groups --root "$noacs" >"$scratch/after" 2>&1
"$A" --root "$noacs" groups >"$scratch/before" 2>&1
cmp -s "$scratch/after" "$scratch/before" && [ -s "$scratch/before" ]
ok $? "--root before the subcommand"
"$A" --root="$noacs" --format xml check >"$scratch/x1" 2>/dev/null
"$A" check --root "$noacs" --format=xml >"$scratch/x2" 2>/dev/null
sed 's/ generated="[^"]*"//' "$scratch/x1" >"$scratch/x1n"
sed 's/ generated="[^"]*"//' "$scratch/x2" >"$scratch/x2n"
cmp -s "$scratch/x1n" "$scratch/x2n" && grep -q '<report ' "$scratch/x1"
ok $? "--root= and --format before check"
"$A" -v --root "$noacs" >"$scratch/v1" 2>&1
"$A" check -v --root "$noacs" >"$scratch/v2" 2>&1
cmp -s "$scratch/v1" "$scratch/v2" && grep -q '  why:  ' "$scratch/v1"
ok $? "-v before an implied check"

# One label for the concrete action: fix:, with and without -v. The action of
# DEVICE_DRIVER_BOUND on 0000:01:00.0 names driverctl with the address
# (qemu-intel-noacs has two GPUs with one ID, so the fix binds by address).
for v in "" -v; do
	# shellcheck disable=SC2086
	"$A" check $v --root "$noacs" >"$scratch/out" 2>&1
	grep -q '^ *fix:  driverctl set-override 0000:01:00.0 vfio-pci' "$scratch/out"
	ok $? "check ${v:-without -v}: the concrete action is labelled fix:"
	! grep -q '^ *do: ' "$scratch/out"
	ok $? "check ${v:-without -v}: no other label for an action"
done
"$A" check -v --root "$noacs" | grep -q '^ *note: Bind it to vfio-pci at boot'
ok $? "check -v: the general remedy follows as note:"

# Host-wide findings, blocking first: firecracker-noiommu has CPU_HOST_IS_GUEST
# (warn) and FIRMWARE_NO_IOMMU_TABLE (block) for any device; the block comes first.
"$A" check --root "$noiommu" >"$scratch/out" 2>&1
sevs=$(sed -n 's/^ *[0-9]*\. \[\([a-z]*\)\].*/\1/p' "$scratch/out" | tr '\n' ' ')
case $sevs in *block*warn*) ;; *) false ;; esac && ! (echo "$sevs" | grep -q 'warn.*block')
ok $? "host-wide findings: blocking first ($sevs)"
done_testing
