#!/usr/bin/env bash
# test/install.sh BUILDDIR DESTDIR: `make install DESTDIR=...` from a configured build tree, then
# check what landed (libraries with SONAMEs, headers, pkg-config files, programs, manual pages)
# and build and run a program against the installed libraries through pkg-config. Prints TAP.
set -u
build=$1 dest=$2
n=0 bad=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
no() { n=$((n+1)); bad=1; echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@" >/dev/null 2>&1; then ok "$desc"; else no "$desc"; fi; }

prefix=$(sed -n 's/^prefix = //p' "$build/Makefile")
make -C "$build" -s install DESTDIR="$dest" >"$dest.install.log" 2>&1
check "make install DESTDIR" test $? -eq 0
root=$dest$prefix
for lib in lib9 lib9p libthread libregexp lib9pfuse libns libauth; do
	check "$lib shared library has SONAME $lib.so.0" \
		sh -c "readelf -d '$root/lib/$lib.so' | grep -q 'SONAME.*\[$lib.so.0\]'"
	check "$lib static library installed" test -f "$root/lib/$lib.a"
	check "$lib.pc installed" test -f "$root/lib/pkgconfig/$lib.pc"
done
for h in p9types.h lib9.h fcall.h 9p.h 9pclient.h thread.h regexp.h 9pfuse.h srv9.h ns.h authsrv.h; do
	check "header planten/$h installed" test -f "$root/include/planten/$h"
done
for p in ramfs 9p 9pcon srv listen1 rc 9pfuse 9c 9 nsd devfs; do
	check "program $p installed" test -x "$root/bin/$p"
	check "manual page for $p installed" sh -c "ls '$root'/share/man/man*/$p.* >/dev/null"
done
src=$(sed -n 's/^abs_top_srcdir = //p' "$build/Makefile")
missing=""
for m in "$src"/man/man*/*.[0-9]; do
	rel=${m#"$src"/man/}
	[ -f "$root/share/man/$rel" ] || missing="$missing $rel"
done
check "every manual page in man/ is installed under its own name${missing:+ (missing:$missing)}" \
	test -z "$missing"
check "man 5 intro finds planten's page" test -f "$root/share/man/man5/intro.5"

for p in bind mount unmount ns; do
	check "program $p installed apart (libexec/planten/bin)" test -x "$root/libexec/planten/bin/$p"
	check "manual page for $p installed" test -f "$root/share/man/man1/$p.1"
done

cat > "$dest/prog.c" <<'PROG'
#include <planten/lib9.h>
#include <planten/fcall.h>
int
main(void)
{
	uchar buf[64];
	Fcall f = {.type = Tversion, .tag = NOTAG, .msize = 8192, .version = VERSION9P};
	uint n = npconvS2M(&f, buf, sizeof buf);
	p9print("%ud %s\n", n, npfcallname(buf[4]));
	return n == 19 ? 0 : 1;
}
PROG
export PKG_CONFIG_PATH=$root/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
flags=$(pkg-config --cflags --libs lib9p 2>/dev/null)
check "pkg-config lib9p resolves" test -n "$flags"
check "a program builds against the installed lib9p" \
	cc -std=gnu11 -o "$dest/prog" "$dest/prog.c" $flags
out=$(LD_LIBRARY_PATH=$root/lib "$dest/prog" 2>&1)
check "it runs with the installed shared libraries" test "$out" = "19 Tversion"
# a Plan 9-style threaded program (threadmain from libthreadmain) using libregexp
check "libthreadmain static library installed" test -f "$root/lib/libthreadmain.a"
cat > "$dest/tprog.c" <<'PROG'
#include <planten/thread.h>
#include <planten/regexp.h>
#include <stdlib.h>
static void
worker(void *v)
{
	Reprog *p = r9regcomp("t(h)r+e*ad");
	t9sendul(v, p != nil && r9regexec(p, "a thread", nil, 0));
	free(p);
}
void
threadmain(int argc, char **argv)
{
	Channel *c = t9chancreate(sizeof(ulong), 0);
	t9proccreate(worker, c, 0);
	p9print("%lud\n", t9recvul(c));
	t9threadexitsall(nil);
}
PROG
flags=$(pkg-config --cflags --libs thread-main libregexp 2>/dev/null)
check "pkg-config thread-main libregexp resolves" test -n "$flags"
check "a threadmain program builds against the installed libthread" \
	cc -std=gnu11 -o "$dest/tprog" "$dest/tprog.c" $flags
out=$(LD_LIBRARY_PATH=$root/lib "$dest/tprog" 2>&1)
check "it runs with the installed libthread and libregexp" test "$out" = "1"
cat > "$dest/fuseprog.c" <<'PROG'
#include <errno.h>
#include <planten/9pfuse.h>
int
main(void)
{
	return nferrno("file does not exist") == ENOENT ? 0 : 1;
}
PROG
flags=$(pkg-config --cflags --libs lib9pfuse 2>/dev/null)
check "pkg-config lib9pfuse resolves" test -n "$flags"
check "a program builds against the installed lib9pfuse" \
	cc -std=gnu11 -o "$dest/fuseprog" "$dest/fuseprog.c" $flags
check "and runs" env LD_LIBRARY_PATH="$root/lib" "$dest/fuseprog"
cat > "$dest/authprog.c" <<'PROG'
#include <planten/lib9.h>
#include <planten/authsrv.h>
int
main(void)
{
	Authkey k;
	return authpasstokey(&k, "secret") == 0 && k.des[0] == 0xf3 && k.aes[0] == 0x49 ? 0 : 1;
}
PROG
flags=$(pkg-config --cflags --libs libauth 2>/dev/null)
check "pkg-config libauth resolves" test -n "$flags"
check "a program builds against the installed libauth" \
	cc -std=gnu11 -o "$dest/authprog" "$dest/authprog.c" $flags
check "and runs" env LD_LIBRARY_PATH="$root/lib" "$dest/authprog"
check "manual page authsrv(3) installed" test -f "$root/share/man/man3/authsrv.3"
# a Plan 9 program, through the installed 9c and 9l and through pkg-config planten-compat
for h in u.h libc.h bio.h fcall.h 9p.h thread.h regexp.h; do
	check "compatibility header $h installed" test -f "$root/include/planten/compat/$h"
done
check "libp9main installed" test -f "$root/lib/libp9main.a"
cat > "$dest/p9prog.c" <<'PROG'
#include <u.h>
#include <libc.h>
#include <bio.h>
#include <regexp.h>
void
main(int argc, char *argv[])
{
	Biobuf bout;
	Binit(&bout, 1, OWRITE);
	Bprint(&bout, "%d %s\n", argc, regexec(regcomp("^a+$"), "aaa", nil, 0) ? "match" : "no");
}
PROG
export PLANTEN_INCLUDE=$root/include PLANTEN_LIB=$root/lib
check "9c compiles a Plan 9 program" sh -c "cd '$dest' && '$root/bin/9c' p9prog.c"
check "9l links it" sh -c "cd '$dest' && '$root/bin/9l' -o p9prog p9prog.o"
out=$("$dest/p9prog" x 2>&1)
check "it runs (main returns: status 0, bio flushed at exit)" test "$out" = "2 match"
flags=$(pkg-config --cflags planten-compat 2>/dev/null)
libs=$(pkg-config --libs planten-compat 2>/dev/null)
check "pkg-config planten-compat resolves" test -n "$flags" -a -n "$libs"
check "the same program builds with pkg-config planten-compat" \
	sh -c "cc -std=gnu11 $flags -c -o '$dest/p9prog2.o' '$dest/p9prog.c' &&
		cc -o '$dest/p9prog2' '$dest/p9prog2.o' $libs"
out=$(LD_LIBRARY_PATH=$root/lib "$dest/p9prog2" 2>&1)
check "and runs" test "$out" = "1 match"
echo "1..$n"
rm -f "$dest.install.log"
exit $bad
