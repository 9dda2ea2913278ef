#!/bin/bash
# ramfs.sh: runs the 9P conformance suite against ramfs over a Unix socket and over TCP loopback.
# One TAP stream: each run's results are renumbered and prefixed "unix:" or "tcp:".
# CONFORM_FLAGS adds options for conform (e.g. -k or -r walk).

set -u
builddir=${top_builddir:-.}
conform=$builddir/test/9p/conform
ramfs=$(command -v ramfs || echo "$builddir/bin/ramfs")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/conform.XXXXXX")
pids=()
n=0

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		timeout 5 tail --pid="$p" -f /dev/null 2>/dev/null
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

result() {	# ok|not-ok description [diagnostic]
	n=$((n+1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ $# -gt 2 ] && echo "# $3"
	fi
}

# run conform on address $2, renumbering its results under label $1
run() {
	local label=$1 addr=$2 st out planned got
	out=$tmp/$label.tap
	timeout -k 5 240 "$conform" -t 5 -a "$addr" ${CONFORM_FLAGS:-} >"$out" 2>"$tmp/$label.err"
	st=$?
	planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out" | head -1)
	got=$(grep -c -E '^(not )?ok ' "$out")
	while IFS= read -r line; do
		case $line in
		"ok "*|"not ok "*)
			n=$((n+1))
			echo "$line" | sed -E "s/^(not )?ok [0-9]+ - /\\1ok $n - $label: /"
			;;
		"#"*)
			echo "$line"
			;;
		"Bail out!"*)
			result not-ok "$label: suite could not start" "${line#Bail out! }"
			;;
		esac
	done <"$out"
	sed 's/^/# stderr: /' "$tmp/$label.err" | head -20
	if [ -z "$planned" ] || [ "$got" != "$planned" ]; then
		result not-ok "$label: conform finished all its cases" \
			"planned ${planned:-none}, reported $got, exit status $st"
	elif [ "$st" -ne 0 ] && ! grep -q '^not ok' "$out"; then
		result not-ok "$label: conform exit status" "status $st with no failed case"
	fi
}

# wait until the command in $@ succeeds or the server pid $1... dies; at most 10 s
waitfor() {
	local pid=$1 i
	shift
	for i in $(seq 100); do
		"$@" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

if [ ! -x "$conform" ] || [ ! -x "$ramfs" ]; then
	result not-ok "conform and ramfs are built" "missing $conform or $ramfs"
	echo "1..$n"
	exit 0
fi

# Unix socket: a srv name in a private srv directory
export NAMESPACE=$tmp/ns
mkdir -m 700 "$NAMESPACE"
"$ramfs" -f -s conform 2>"$tmp/ramfs-unix.err" &
pids+=($!)
if waitfor $! test -S "$NAMESPACE/conform"; then
	run unix conform
	if kill -0 "${pids[0]}" 2>/dev/null; then
		result ok "unix: ramfs still running after the suite"
	else
		result not-ok "unix: ramfs still running after the suite" \
			"$(head -3 "$tmp/ramfs-unix.err")"
	fi
else
	result not-ok "unix: ramfs posts $NAMESPACE/conform" "$(head -3 "$tmp/ramfs-unix.err")"
fi

# TCP loopback: on a port the kernel chooses, which ramfs prints
"$ramfs" -a 'tcp!127.0.0.1!0' >"$tmp/tcp.addr" 2>"$tmp/ramfs-tcp.err" &
pids+=($!)
started=
addr=
if waitfor $! test -s "$tmp/tcp.addr"; then
	started=${pids[-1]}
	addr=$(cat "$tmp/tcp.addr")
fi
if [ -n "$started" ]; then
	run tcp "$addr"
	if kill -0 "$started" 2>/dev/null; then
		result ok "tcp: ramfs still running after the suite"
	else
		result not-ok "tcp: ramfs still running after the suite" \
			"$(head -3 "$tmp/ramfs-tcp.err")"
	fi
else
	result not-ok "tcp: ramfs listens on 127.0.0.1" "$(head -3 "$tmp/ramfs-tcp.err")"
fi

echo "1..$n"
