#!/bin/bash
# corpus.sh [GENERATOR DIR MIN]: the committed fuzz seeds in lib9p/fuzz/DIR are exactly what the
# check program lib9p/fuzz/GENERATOR writes (default: mkcorpus into corpus, at least 27 seeds,
# one per message type). To refresh them: lib9p/fuzz/GENERATOR $srcdir/lib9p/fuzz/DIR
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
gen=${1:-mkcorpus} dir=${2:-corpus} min=${3:-27}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..2"
if timeout 30 "$builddir/lib9p/fuzz/$gen" "$tmp" && [ "$(ls "$tmp" | wc -l)" -ge "$min" ]; then
	echo "ok 1 - $gen writes at least $min seeds"
else
	echo "not ok 1 - $gen writes at least $min seeds"
fi
if out=$(diff -r "$srcdir/lib9p/fuzz/$dir" "$tmp" 2>&1); then
	echo "ok 2 - committed $dir is what $gen writes"
else
	echo "not ok 2 - committed $dir is what $gen writes"
	echo "$out" | sed 's/^/# /'
fi
