# test/ns/lib.sh: what the name space tests share: run as an unprivileged user (planten-test
# when started as root), a private directory and srv directory, TAP helpers, cleanup.
set -u

if [ "$(id -u)" = 0 ]; then
	id planten-test >/dev/null 2>&1 || useradd -r -M -s /bin/sh planten-test 2>/dev/null
	exec su planten-test -s /bin/bash -c "$(printf '%q ' env PATH="$PATH" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
		top_srcdir="${top_srcdir:-}" top_builddir="${top_builddir:-}" bash "$0")"
fi

T=$(mktemp -d /tmp/planten-nstest.XXXXXX)
# sanitizer reports of daemons (whose standard error is /dev/null) land here, checked last
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$T/asan"
[ -n "${UBSAN_OPTIONS:-}" ] && export UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$T/ubsan"
export NAMESPACE=$T/srv
mkdir -p "$NAMESPACE"
chmod 700 "$NAMESPACE"
cd "$T" || exit 1
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	cd /
	# whatever is still mounted in $T went with its name space; only files remain
	rm -rf "$T" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
notok() {
	local l
	n=$((n+1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | head -c 2000 | sed -e 's/^/# /' -e '$a\'
	done
}
# t cmd...: with a time limit, so nothing hangs the suite
t() { timeout -k 5 "${tlimit:-30}" "$@"; }
# same what want cmd...: ok when cmd succeeds printing exactly want (stderr included)
same() {
	local what=$1 want=$2 got
	shift 2
	got=$(t "$@" 2>&1)
	if [ $? = 0 ] && [ "$got" = "$want" ]; then
		ok "$what"
	else
		notok "$what" "want: $want" "got: $got"
	fi
}
# fails what status message cmd...: ok when cmd exits with status, its stderr holding message
fails() {
	local what=$1 st=$2 msg=$3 got err
	shift 3
	err=$(t "$@" 2>&1 >/dev/null)
	got=$?
	if [ "$got" = "$st" ] && [[ $err == *"$msg"* ]]; then
		ok "$what"
	else
		notok "$what" "want status $st and: $msg" "got status $got and: $err"
	fi
}
# ns9 script: run the rc script in a new name space
mkdir -p bin
printf '#!/bin/sh\nexec 9 ns rc -c "$1"\n' > bin/ns9
chmod +x bin/ns9
PATH=$T/bin:$PATH
# alive pid: the process is there and not a zombie
alive() { [ -r /proc/$1/stat ] && ! grep -q '^[0-9]* ([^)]*) Z' /proc/$1/stat; }
# waitfile f: wait (in rc) until file f exists
waitfile='fn waitfile { while(! test -e $1) sleep 0.05 }'

# needfuse: skip the whole file when nsd has no FUSE bridge
needfuse() {
	if [[ $(t 9 ns rc -c 'bind -a /tmp /n' 2>&1) == *"FUSE bridge"* ]]; then
		echo "1..0 # SKIP nsd was built without the FUSE bridge"
		exit 0
	fi
}

# postramfs name: a ramfs serving on \$NAMESPACE/name (in the foreground: killed at the end)
postramfs() {
	command ramfs -a "unix!$NAMESPACE/$1" </dev/null >/dev/null 2>&1 &
	pids+=($!)
	for i in $(seq 50); do [ -S "$NAMESPACE/$1" ] && return 0; sleep 0.1; done
	notok "ramfs $1 did not start"
	return 1
}

# finish: the sanitizers' verdict on every process, and the plan
finish() {
	local reports
	reports=$(cat "$T"/asan.* "$T"/ubsan.* 2>/dev/null)
	[ -z "$reports" ] && ok "no sanitizer reports from any process" ||
		notok "sanitizer reports" "$reports"
	echo "1..$n"
}
