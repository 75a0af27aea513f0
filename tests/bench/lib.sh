# Shared by the benchmark scripts (sourced): interleaved timing with medians, and
# peak memory. Figures only; nothing here passes or fails.
: "${BENCH_RUNS:=7}"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# median FILE: the median of the numbers in FILE, one per line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# interleave NAME_A "CMD A" NAME_B "CMD B": runs A and B in turn BENCH_RUNS
# times each (A B A B ...: both see the same machine state), then sets
# med_a and med_b to the median wall times in milliseconds.
interleave() {
	_ta=$(mktemp) _tb=$(mktemp)
	_i=0
	sh -c "$2" >/dev/null 2>&1; sh -c "$4" >/dev/null 2>&1 # warm the page cache
	while [ $_i -lt "$BENCH_RUNS" ]; do
		_t0=$(now_ms); sh -c "$2" >/dev/null 2>&1; _t1=$(now_ms)
		echo $((_t1 - _t0)) >>"$_ta"
		_t0=$(now_ms); sh -c "$4" >/dev/null 2>&1; _t1=$(now_ms)
		echo $((_t1 - _t0)) >>"$_tb"
		_i=$((_i + 1))
	done
	med_a=$(median "$_ta") med_b=$(median "$_tb")
	rm -f "$_ta" "$_tb"
	printf '   %-28s %8s ms (median of %s)\n' "$1" "$med_a" "$BENCH_RUNS"
	printf '   %-28s %8s ms (median of %s)\n' "$3" "$med_b" "$BENCH_RUNS"
}

# ratio LABEL A B TARGET: prints A / B with the target it is measured against.
ratio() {
	awk -v l="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN { if (b > 0) printf "   %s: %.2f (target %s)\n", l, a / b, t; else printf "   %s: n/a\n", l }'
}

# peak CMD...: runs CMD once (GNU time adds a line when CMD exits non-zero) and prints its wall time (s) and peak resident
# memory (MiB), with GNU time; "n/a" without it.
peak() {
	if [ -x /usr/bin/time ]; then
		_pt=$(mktemp)
		/usr/bin/time -f '%e %M' -o "$_pt" "$@" >/dev/null 2>&1
		tail -n 1 "$_pt" | awk '{ printf "%.2f s, %.1f MiB peak", $1, $2 / 1024 }'
		rm -f "$_pt"
	else
		echo "n/a (no /usr/bin/time)"
	fi
}
