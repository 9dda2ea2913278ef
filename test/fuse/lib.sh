# test/fuse/lib.sh: what the FUSE tests share, sourced by them: the check that FUSE is usable
# (else the test is skipped, saying why), TAP output, and checks that cannot hang the suite.
# The sourcing script sets T (its private directory) before calling the checks.

# needfuse: skip the whole test unless /dev/fuse is there and usable by this user.
needfuse() {
	if [ ! -c /dev/fuse ]; then
		echo "1..0 # SKIP no /dev/fuse: FUSE is not available here"
		exit 0
	fi
	if [ ! -r /dev/fuse ] || [ ! -w /dev/fuse ]; then
		echo "1..0 # SKIP /dev/fuse is not readable and writable by $(id -un)" \
			"(desktops make it 0666)"
		exit 0
	fi
}

n=0
ok() {
	n=$((n+1))
	echo "ok $n - $1"
}
notok() {
	local l
	n=$((n+1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | head -c 2000 | sed 's/^/# /'
	done
}
# t cmd...: run cmd with a time limit, so nothing can hang the suite (functions run as they are)
t() {
	if declare -F "$1" >/dev/null; then
		"$@"
	else
		timeout 30 "$@"
	fi
}
# check what cmd...: ok when cmd succeeds; on failure show its output.
check() {
	local what=$1
	shift
	if t "$@" >"$T/out" 2>&1; then
		ok "$what"
	else
		notok "$what" "$(cat "$T/out")"
	fi
}
# same what want cmd...: ok when cmd prints exactly want.
same() {
	local what=$1 want=$2 got
	shift 2
	got=$(t "$@" 2>&1)
	if [ "$got" = "$want" ]; then
		ok "$what"
	else
		notok "$what" "want: $want" "got: $got"
	fi
}
# fails what message cmd...: ok when cmd fails and its error output contains message.
fails() {
	local what=$1 want=$2
	shift 2
	if t "$@" >"$T/out" 2>&1; then
		notok "$what (succeeded)" "$(cat "$T/out")"
	elif grep -qF -- "$want" "$T/out"; then
		ok "$what"
	else
		notok "$what" "want: $want" "got: $(cat "$T/out")"
	fi
}
# waitfor cmd...: retry cmd for up to 5 s.
waitfor() {
	local i
	for i in $(seq 100); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
# exdev from to: rename(2) from to fails with EXDEV
exdev() {
	perl -e 'rename($ARGV[0], $ARGV[1]) and exit 1; exit($!{EXDEV} ? 0 : 2)' "$1" "$2"
}
# fake [-m msize] mode: test/fuse/fakesrv serving in that mode on $T/mode.sock, logging to
# $T/mode.log, its pid in pids
fake() {
	local mode=${*: -1}
	"$top_builddir/test/fuse/fakesrv" "$@" "$T/$mode.sock" 2>"$T/$mode.log" &
	pids+=($!)
	waitfor test -S "$T/$mode.sock"
}

# The 9pfuse tests' private directory and mounts.
# needfusermount: skip unless an ordinary user can mount (fusermount3).
needfusermount() {
	if [ "$(id -u)" != 0 ] && ! command -v fusermount3 >/dev/null; then
		echo "1..0 # SKIP fusermount3 is not installed"
		exit 0
	fi
}
# fuseinit name: a private directory $T with a srv directory ($NAMESPACE), removed at exit
# with the mounts in mounts, the processes in pids and the 9pfuse daemons serving under $T.
fuseinit() {
	T=$(mktemp -d "/tmp/planten-$1.XXXXXX")
	export NAMESPACE=$T/ns
	mkdir -m 700 "$NAMESPACE"
	pids=()
	mounts=()
	trap fusecleanup EXIT
	trap 'exit 1' INT TERM HUP
}
unmount() {
	fusermount3 -u -z "$1" 2>/dev/null || umount -l "$1" 2>/dev/null
}
fusecleanup() {
	local m p
	for m in "${mounts[@]}"; do
		unmount "$m"
	done
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	# 9pfuse serves in the background; its command line names our private directory
	for p in $(daemonpid "$T/.*" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
mounted() {
	grep -q " $1 fuse.9p " /proc/self/mounts
}
# mnt DIR ARGS...: 9pfuse ARGS DIR, remembered for cleanup.
mnt() {
	local d=$1
	shift
	mkdir -p "$d"
	mounts+=("$d")
	timeout 30 9pfuse "$@" "$d"
}
# the pid of the 9pfuse serving mount point $1 in the background
daemonpid() {
	pgrep -f -- "^[^ ]*9pfuse .*$1\$"
}
