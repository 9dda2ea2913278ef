#!/bin/bash
# corpus.sh: the fuzz seeds in lib9p/fuzz/corpus are exactly what mkcorpus generates.
# To refresh them after a codec change: lib9p/fuzz/mkcorpus $srcdir/lib9p/fuzz/corpus
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..2"
if timeout 30 "$builddir/lib9p/fuzz/mkcorpus" "$tmp" && [ "$(ls "$tmp" | wc -l)" -ge 27 ]; then
	echo "ok 1 - mkcorpus writes a seed for every message type"
else
	echo "not ok 1 - mkcorpus writes a seed for every message type"
fi
if out=$(diff -r "$srcdir/lib9p/fuzz/corpus" "$tmp" 2>&1); then
	echo "ok 2 - committed corpus is up to date"
else
	echo "not ok 2 - committed corpus is up to date"
	echo "$out" | sed 's/^/# /'
fi
