#!/bin/bash
# codecfree.sh: the 9P codec's core builds freestanding and needs nothing outside string.h.
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
core="convS2M convM2S convD2M convM2D fcallname"
cc=$(sed -n 's/^CC = //p' "$builddir/Makefile" 2>/dev/null)
cc=${cc:-cc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..4"
n=0
res() {
	n=$((n+1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# 1: each core file includes only <planten/fcall.h>, <string.h> and the private bits.h
incs=$(cd "$srcdir/lib9p/fcall" && grep -H '^[[:space:]]*#[[:space:]]*include' \
	$(for f in $core; do echo $f.c; done) bits.h) || incs=
bad=$(echo "$incs" | grep -v -e '<planten/fcall.h>' -e '<string.h>' -e '"bits.h"')
[ -n "$incs" ] && [ -z "$bad" ]; res $? "core includes only fcall.h and string.h${bad:+: $bad}"

# 2: they compile with -ffreestanding -nostdlib
ok=0
for f in $core; do
	timeout 60 $cc -std=gnu11 -Wall -Wextra -Werror -ffreestanding -nostdlib \
		-fno-stack-protector -O2 -I"$srcdir/include" -c "$srcdir/lib9p/fcall/$f.c" \
		-o "$tmp/$f.o" || ok=1
done
res $ok "core compiles with $cc -ffreestanding -nostdlib"

# 3: the only outside symbols they use are string.h's
nm --defined-only "$tmp"/*.o 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/def"
undef=$(nm -u "$tmp"/*.o 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u |
	grep -v -x -f "$tmp/def" |
	grep -v -x -e memmove -e memcpy -e memset -e memchr -e memcmp -e strlen)
[ $ok = 0 ] && [ -z "$undef" ]; res $? "core needs only string.h functions${undef:+, not $undef}"

# 4: and the check itself can fail: a core file that calls malloc is caught
cat >"$tmp/bad.c" <<'EOT'
#include <planten/fcall.h>
#include <string.h>
void *malloc(size_t);
void *npbad(void) { return malloc(1); }
EOT
timeout 60 $cc -std=gnu11 -ffreestanding -nostdlib -I"$srcdir/include" -c "$tmp/bad.c" \
	-o "$tmp/bad.o" &&
	nm -u "$tmp/bad.o" | awk 'NF == 2 { print $2 }' | grep -q -x malloc
res $? "the symbol check sees a call to malloc"
