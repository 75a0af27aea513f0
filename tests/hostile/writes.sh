#!/bin/sh
# Item 7 of issue 15: no command opens anything for writing outside OUTDIR (and
# only capture has one). Every file-creating or -writing system call of each
# command is traced with strace; any such call on a path outside OUTDIR fails.
. "$top_srcdir/tests/hostile/lib-hostile.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace not installed"
root=$(host root)
mkdir "$scratch/outparent"
# An open made through io_uring is no system call strace sees: the scan reads
# file by file here, so that every open is traced (the batch reader's only
# open flags are O_RDONLY | O_NONBLOCK | O_NOFOLLOW, src/probe/uring-read.c).
export IOMMU_AUDIT_IO_URING=0
calls='trace=open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,symlink,symlinkat,link,linkat,unlink,unlinkat,rmdir,truncate,chmod,fchmodat'
# writes NAME COMMAND...: lists the writing calls outside OUTDIR's parent.
writes() {
	name=$1
	shift
	strace -f -y -qq -e "$calls" -o "$scratch/$name.trace" "$@" >/dev/null 2>&1 </dev/null
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|^[0-9]+ +(creat|mkdir|mkdirat|rename|renameat2?|symlink|symlinkat|link|linkat|unlink|unlinkat|rmdir|truncate|chmod|fchmodat)\(' \
		"$scratch/$name.trace" | grep -v -- '= -1 E' | grep -v "$scratch/outparent/" |
		grep -v '"/dev/null"' >"$scratch/$name.bad"
	[ ! -s "$scratch/$name.bad" ] || diag "$(head -5 "$scratch/$name.bad")"
	[ ! -s "$scratch/$name.bad" ]
}
writes check "$A" check --root "$root" --all-devices -v
ok $? "check writes nothing"
writes xml "$A" check --root "$root" --format xml
ok $? "check --format xml writes nothing"
writes groups "$A" groups --root "$root" --predict --why
ok $? "groups writes nothing"
writes acpi "$A" acpi --root "$root" --fields
ok $? "acpi writes nothing"
"$A" check --root "$root" --format xml >"$scratch/report.xml" 2>/dev/null
writes fleet "$A" fleet --validate --schema "$top_srcdir/reports/iommu-audit.xsd" "$scratch/report.xml"
ok $? "fleet writes nothing"
writes capture "$A" capture --root "$root" "$scratch/outparent/snap"
ok $? "capture writes only inside OUTDIR (and its hidden sibling)"
printf 'quit\n' >"$scratch/keys"
IOMMU_AUDIT_TUI_NO_DISPLAY=1 IOMMU_AUDIT_TUI_SCRIPT="$scratch/keys" TERM=xterm LINES=24 COLUMNS=80 \
	writes browse "$A" browse --root "$root"
ok $? "browse writes nothing"
done_testing
