#!/bin/sh
echo BEFORE-BROWSE
"/work/wt-tui/iommu-audit" browse --root "/work/wt-tui/tests/fixtures/hosts/tui-q35" 2>"/work/wt-tui/tests/tui/tmp/tmux/stderr"
echo "BROWSE-EXITED status=$?"
stty -a >"/work/wt-tui/tests/tui/tmp/tmux/stty-after" 2>&1
# Again, to be killed by a signal: the pid is known because exec keeps it.
sh -c 'echo $$ >"/work/wt-tui/tests/tui/tmp/tmux/pid"; exec "/work/wt-tui/iommu-audit" browse --root "/work/wt-tui/tests/fixtures/hosts/tui-noiommu"'
echo "BROWSE-KILLED status=$?"
stty -a >"/work/wt-tui/tests/tui/tmp/tmux/stty-killed" 2>&1
sleep 30
