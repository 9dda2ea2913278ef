#!/bin/bash
# authpak.sh: libauth's dp9ik PAK (Ed448 on OpenSSL BIGNUM) against OpenSSL's own X448, the
# nearest thing on this machine: the same curve size, the same OpenSSL, but fixed-width
# constant-time field code. One side of a PAK (authpaknew + authpakfinish) costs two scalar
# multiplications, like an X448 key generation plus derivation; `openssl speed ecdhx448`
# times one derivation, so the baseline for a side is twice its time.
#
# Usage: bench/authpak.sh [builddir]	(default: the current directory)
# Environment: BENCH_N (PAK exchanges per figure, default 200).
# Each figure is taken unpinned and pinned to CPU 0 (taskset -c 0), best of three runs; the
# table gives microseconds per side and the ratio PAK / X448 (above 1: the PAK is slower).
set -u
build=${1:-.}
pb=$build/bench/authpakbench
[ -x "$pb" ] || { echo "authpak.sh: no $pb (build first: make)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "authpak.sh: no openssl command" >&2; exit 1; }
n=${BENCH_N:-200}

# pak PIN: ns per side, best of three
pak() {
	local i v b=
	for i in 1 2 3; do
		if [ "$1" = pin ]; then v=$(taskset -c 0 "$pb" "$n" | awk '{print $2}')
		else v=$("$pb" "$n" | awk '{print $2}'); fi
		if [ -z "$b" ] || [ "$(echo "$v < $b" | bc)" = 1 ]; then b=$v; fi
	done
	echo "$b"
}

# x448 PIN: ns per side (two derivations), best of three
x448() {
	local i v b=
	for i in 1 2 3; do
		if [ "$1" = pin ]; then
			v=$(taskset -c 0 openssl speed -seconds 1 ecdhx448 2>/dev/null)
		else
			v=$(openssl speed -seconds 1 ecdhx448 2>/dev/null)
		fi
		v=$(echo "$v" | awk '/ecdh \(X448\)/ {printf "%.0f", 2e9 / $NF}')
		if [ -z "$b" ] || [ "$(echo "$v < $b" | bc)" = 1 ]; then b=$v; fi
	done
	echo "$b"
}

printf '%-10s %14s %14s %8s\n' "" "PAK side (us)" "X448 x2 (us)" "ratio"
for pin in unpinned pin; do
	p=$(pak $pin)
	x=$(x448 $pin)
	printf '%-10s %14.1f %14.1f %8.2f\n' "$pin" "$(echo "$p/1000" | bc -l)" \
		"$(echo "$x/1000" | bc -l)" "$(echo "$p/$x" | bc -l)"
done
