#!/bin/bash
# corpus-srv.sh: the seeds in lib9p/fuzz/corpus-srv are exactly what mksrvcorpus generates.
# To refresh them after changing mksrvcorpus.c: lib9p/fuzz/mksrvcorpus $srcdir/lib9p/fuzz/corpus-srv
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..2"
if timeout 30 "$builddir/lib9p/fuzz/mksrvcorpus" "$tmp" && [ "$(ls "$tmp" | wc -l)" -ge 12 ]; then
	echo "ok 1 - mksrvcorpus writes the seed sessions"
else
	echo "not ok 1 - mksrvcorpus writes the seed sessions"
fi
if out=$(diff -r "$srcdir/lib9p/fuzz/corpus-srv" "$tmp" 2>&1); then
	echo "ok 2 - committed fuzz-srv corpus is up to date"
else
	echo "not ok 2 - committed fuzz-srv corpus is up to date"
	echo "$out" | sed 's/^/# /'
fi
