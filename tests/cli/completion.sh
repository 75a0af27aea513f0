#!/bin/sh
# Bash completion (issue 17, point 4): contrib/completion/iommu-audit sourced
# in bash completes subcommands, each subcommand's options (from its --help),
# hypervisors and formats, and the -s addresses and -d IDs of the devices under
# the --root on the line (qemu-intel-noacs: its sys/bus/pci/devices, captured
# from QEMU). Once as plain bash, once with bash-completion loaded (colons).
. "$top_srcdir/tests/lib.sh"
command -v bash >/dev/null 2>&1 || skip_all "bash not found"
A=$IOMMU_AUDIT
C="$top_srcdir/contrib/completion/iommu-audit"
R="$FIXTURES/hosts/qemu-intel-noacs"

# complete WORD...: the completions of the last word, one line, sorted.
complete_words() {
	bash --norc --noprofile -c '
		. "$0"
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_iommu_audit
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' "$C" "$@"
}

bash -n "$C"
ok $? "the completion script parses"
got=$(complete_words "$A" "")
[ "$got" = "acpi browse capture check findings fleet graph groups help " ]
ok $? "subcommands ($got)"
got=$(complete_words "$A" help f)
[ "$got" = "findings fleet " ]
ok $? "help completes subcommands ($got)"
got=$(complete_words "$A" check --h)
[ "$got" = "--hand-made-root --help --hypervisor " ]
ok $? "check's options from its --help ($got)"
got=$(complete_words "$A" groups --)
[ "$got" = "--acpidump --cmdline --cpuinfo --dmesg --hand-made-root --help --lspci --predict --root --why " ]
ok $? "groups' options ($got)"
got=$(complete_words "$A" fleet --format "")
[ "$got" = "csv text xml " ]
ok $? "fleet's formats ($got)"
got=$(complete_words "$A" check --hypervisor "")
[ "$got" = "all esxi hyperv kvm xen " ]
ok $? "hypervisors ($got)"
got=$(complete_words "$A" --root "$R" check -s 0000:01)
[ "$got" = "0000:01:00.0 0000:01:00.1 " ]
ok $? "-s: the addresses under --root ($got)"
got=$(complete_words "$A" --root "$R" -d 1b36)
[ "$got" = "1b36:000c 1b36:0010 " ]
ok $? "-d: the IDs under --root, each once ($got)"
got=$(complete_words "$A" --root="$R" check -s 03)
[ "$got" = "03:00.0 " ]
ok $? "-s: short addresses, --root= form ($got)"

# With bash-completion, bash splits 0000:01: at the colons; the completions
# are then what follows the last colon.
bc=
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
	[ -r "$f" ] && bc=$f && break
done
if [ -n "$bc" ]; then
	got=$(bash --norc --noprofile -c '
		. "$0"; . "$1"; shift
		COMP_LINE="$1 --root $2 -s 0000:01:"; COMP_POINT=${#COMP_LINE}
		COMP_WORDS=("$1" --root "$2" -s 0000 : 01 : ""); COMP_CWORD=8
		_iommu_audit
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' "$bc" "$C" "$A" "$R")
	[ "$got" = "00.0 00.1 " ]
	ok $? "with bash-completion: after 0000:01: ($got)"
else
	skip "with bash-completion" "bash-completion not installed"
fi
done_testing
