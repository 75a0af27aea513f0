#!/bin/sh
# The browser in a real terminal: tmux runs it in a detached session of fixed
# size, keys go in with send-keys, the screen comes back with capture-pane, and
# after 'q' the shell's screen is back (the alternate screen is left).
. "$top_srcdir/tests/tui/lib.sh"
tui_init
command -v tmux >/dev/null 2>&1 || skip_all "no tmux"
# The size must come from the pty, which tmux sets, not from the environment.
unset IOMMU_AUDIT_TUI_NO_DISPLAY IOMMU_AUDIT_TUI_SCRIPT LINES COLUMNS

sock=$work/tmux.sock
session=ia-tui-$$
tm() { tmux -S "$sock" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1 || :; }
trap cleanup EXIT
# The server goes before tui_done removes its socket's directory.
tmux_done() {
	cleanup
	tui_done
}

# Waits (up to 10 s) until the pane shows a pattern; saves the pane to $work/$1.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t "$session" >"$work/$1.pane" 2>/dev/null || :
		if grep -q -- "$2" "$work/$1.pane"; then
			tap ok "$1: pane shows '$2'"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	tap not-ok "$1: pane never showed '$2'"
	sed 's/^/# /' "$work/$1.pane"
	return 1
}

# The pane runs a shell that prints a marker, runs browse, then reports.
cat >"$work/run.sh" <<X
#!/bin/sh
echo BEFORE-BROWSE
"$IOMMU_AUDIT" browse --root "$hosts_dir/tui-q35" 2>"$work/stderr"
echo "BROWSE-EXITED status=\$?"
stty -a >"$work/stty-after" 2>&1
# The test looks at this screen before the second run starts.
while [ ! -f "$work/go" ]; do sleep 0.1; done
# Again, to be killed by a signal: the pid is known because exec keeps it.
sh -c 'echo \$\$ >"$work/pid"; exec "$IOMMU_AUDIT" browse --root "$hosts_dir/tui-noiommu"'
echo "BROWSE-KILLED status=\$?"
stty -a >"$work/stty-killed" 2>&1
sleep 30
X
chmod +x "$work/run.sh"
tm new-session -d -s "$session" -x 80 -y 24 \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color HOME=$HOME LSAN_OPTIONS=$LSAN_OPTIONS sh $work/run.sh" ||
	skip_all "tmux cannot start a session here"

wait_for summary 'NVIDIA GA102'
tm send-keys -t "$session" 2
wait_for tree 'BDF     Group kvm'
tm send-keys -t "$session" /GP104 Enter
wait_for search '8/10'
tm send-keys -t "$session" Enter
wait_for device 'Verdicts'
tm send-keys -t "$session" F1
wait_for help 'Move up one line'
# A resize while the browser runs: it lays the screen out again and goes on.
tm resize-window -t "$session" -x 100 -y 30 2>/dev/null || :
wait_for resized 'Show this help'
if awk 'NR == 30 && /\[Help\]/ && length($0) == 100 { found = 1 } END { exit !found }' "$work/resized.pane"; then
	tap ok "status line at the bottom of 100x30"
else
	tap not-ok "status line not at the bottom of 100x30"
fi
# q closes help, the device, the tree, and quits from the summary.
tm send-keys -t "$session" q q q q
wait_for exited 'BROWSE-EXITED status=0'
# The browser's screen is gone: the shell's earlier output is back in view.
if grep -q BEFORE-BROWSE "$work/exited.pane" && ! grep -q 'Summary' "$work/exited.pane"; then
	tap ok "the terminal is restored after q"
else
	tap not-ok "the terminal still shows the browser after q"
	sed 's/^/# /' "$work/exited.pane"
fi
# Echo and canonical input are back on.
if grep -q ' icanon' "$work/stty-after" && grep -q ' echo ' "$work/stty-after"; then
	tap ok "tty modes restored (icanon, echo)"
else
	tap not-ok "tty modes not restored"
	sed 's/^/# /' "$work/stty-after"
fi
touch "$work/go"

# SIGTERM while the browser runs: the handler restores the terminal, then the
# process dies of the signal (128 + 15).
wait_for second 'tui-noiommu'
kill -TERM "$(cat "$work/pid")"
wait_for killed 'BROWSE-KILLED status=143'
if grep -q ' icanon' "$work/stty-killed" && grep -q ' echo ' "$work/stty-killed" &&
	! grep -q 'tui-noiommu' "$work/killed.pane"; then
	tap ok "the terminal is restored after SIGTERM"
else
	tap not-ok "the terminal is not restored after SIGTERM"
	sed 's/^/# /' "$work/killed.pane" "$work/stty-killed"
fi
tmux_done
