#!/bin/bash
# test/fuse/9pfuse.sh: TAP tests of 9pfuse: ramfs mounted as the user running the tests, host
# programs on it, several at once, and servers that die, hang or send garbage.

: "${top_builddir:=.}" "${top_srcdir:=$(dirname "$0")/../..}"
PATH="$top_builddir/bin:$PATH"
fakesrv=$top_builddir/test/fuse/fakesrv
. "$top_srcdir/test/fuse/lib.sh"

needfuse	# usable by this user, as on a desktop
needfusermount
fuseinit fuse

# --- ramfs through 9pfuse ---
ramfs -f -s ram &
pids+=($!)
waitfor test -S "$NAMESPACE/ram"
M=$T/m
check "9pfuse mounts a ramfs posted by name" mnt "$M" ram
check "the mount is in the mount table as fuse.9p" mounted "$M"
fpid=$(daemonpid "$M")
check "9pfuse returns with the mount ready and serves in the background" test -n "$fpid"

echo hello >"$M/hello" 2>"$T/err"
same "write and read back a file" "hello" cat "$M/hello"
same "stat shows the size and the user as owner" "6 $(id -un)" stat -c '%s %U' "$M/hello"
mkdir -p "$M/d/e/f" 2>"$T/err"
check "mkdir -p of nested directories" test -d "$M/d/e/f"
same "ls of the root" "$(printf 'd\nhello')" ls "$M"

src=$top_srcdir/lib9
check "cp -a of a source tree" cp -a "$src" "$M/lib9"
check "the copy is identical (diff -r)" diff -r "$src" "$M/lib9"
same "find sees every file" "$(cd "$src" && find . | sort)" \
	bash -c "cd '$M/lib9' && find . | sort"
check "du works" du -s "$M/lib9"
check "tar of the mount" tar -C "$M" -cf "$T/t.tar" lib9
mkdir "$T/x"
check "tar extracts to the same tree" \
	bash -c "tar -C '$T/x' -xf '$T/t.tar' && diff -r '$src' '$T/x/lib9'"
check "tar extracts onto the mount" \
	bash -c "mkdir '$M/x' && tar -C '$M/x' -xf '$T/t.tar' && diff -r '$src' '$M/x/lib9'"
check "ls -l of a directory" bash -c "ls -l '$M/lib9' | grep -q ' dial.c$'"

head -c 3000000 /dev/urandom >"$T/big"
check "cp of 3 MB in" cp "$T/big" "$M/big"
check "and out, the same" cmp "$T/big" "$M/big"
check "dd with 1 MiB blocks" \
	bash -c "dd if='$T/big' of='$M/big2' bs=1M 2>/dev/null && cmp '$T/big' '$M/big2'"
printf 'abc' >"$M/app"
printf 'def' >>"$M/app"
same "O_APPEND writes append" "abcdef" cat "$M/app"
check "truncate" bash -c "truncate -s 2 '$M/app' && [ \"\$(cat '$M/app')\" = ab ]"
check "chmod" bash -c "chmod 600 '$M/app' && [ \"\$(stat -c %a '$M/app')\" = 600 ]"
check "touch -d sets mtime" \
	bash -c "touch -d @1000000000 '$M/app' && [ \"\$(stat -c %Y '$M/app')\" = 1000000000 ]"

check "rename within a directory" \
	bash -c "mv '$M/app' '$M/app2' && test -f '$M/app2' && ! test -e '$M/app'"
echo old >"$M/tgt"
echo new >"$M/src"
check "rename onto an existing file replaces it" \
	bash -c "mv -f '$M/src' '$M/tgt' && [ \"\$(cat '$M/tgt')\" = new ] && ! test -e '$M/src'"
check "rename across directories (mv copies)" bash -c "mv '$M/tgt' '$M/d/tgt' && test -f '$M/d/tgt'"
check "rename(2) across directories fails with EXDEV" exdev "$M/d/tgt" "$M/tgt2"

fails "a missing file: ENOENT" "No such file or directory" cat "$M/nonexistent"
fails "rmdir of a non-empty directory: ENOTEMPTY" "Directory not empty" rmdir "$M/d"
fails "mkdir of an existing name: EEXIST" "File exists" mkdir "$M/d"
fails "no symbolic links on 9P" "Operation not permitted" ln -s x "$M/sym"
fails "no hard links on 9P" "Operation not permitted" ln "$M/hello" "$M/hl"
check "rm -r" bash -c "rm -r '$M/x' && ! test -e '$M/x'"

if command -v git >/dev/null; then
	export GIT_CONFIG_NOSYSTEM=1 HOME=$T
	git config --global user.email t@example.com
	git config --global user.name test
	git config --global init.defaultBranch main
	check "git init and commit" bash -c "cd '$M' && git init -q g && cd g && echo one >f &&
		git add f && git commit -qm first && echo two >>f && git commit -qam second"
	same "git log" "$(printf 'second\nfirst')" git -C "$M/g" log --format=%s
	check "git clone on the mount" git clone -q "$M/g" "$M/g2"
	same "the clone has the file" "$(printf 'one\ntwo')" cat "$M/g2/f"
	check "git fsck" git -C "$M/g2" fsck --no-progress
fi
if command -v cc >/dev/null; then
	printf '#include <stdio.h>\nint main(void){ puts("%s"); return 0; }\n' \
		"ran from the mount" >"$M/prog.c"
	check "cc compiles on the mount" cc -o "$M/prog" "$M/prog.c"
	same "and the binary runs from it" "ran from the mount" "$M/prog"
fi

# a dial string: ramfs on TCP
ramfs -a 'tcp!127.0.0.1!0' >"$T/tcpaddr" 2>&1 &
pids+=($!)
waitfor grep -q '^tcp!' "$T/tcpaddr"
check "9pfuse of a tcp!host!port dial string" mnt "$T/tcp" "$(head -1 "$T/tcpaddr")"
check "works" bash -c "echo overtcp >'$T/tcp/f' && [ \"\$(cat '$T/tcp/f')\" = overtcp ]"
check "unmount it" fusermount3 -u "$T/tcp"

# the daemon's /dev/fuse is close-on-exec (a child holding it could hang its own exit)
devfd=$(for f in /proc/$fpid/fd/*; do [ "$(readlink "$f")" = /dev/fuse ] && echo "${f##*/}"; done)
check "9pfuse's /dev/fuse descriptor is close-on-exec" \
	bash -c "[ -n '$devfd' ] &&
		(( 0\$(sed -n 's/^flags:[[:space:]]*//p' /proc/$fpid/fdinfo/$devfd) & 02000000 ))"

# several processes at once on one mount
writers=()
for i in 1 2 3 4; do
	(for j in $(seq 30); do echo "$i $j" >"$M/p$i.$j"; cat "$M/p$i.$j" >/dev/null; done;
	 head -c 500000 "$T/big" >"$M/par$i") &
	writers+=($!)
done
waitall() { local p; for p in "$@"; do wait "$p" || return 1; done; }
check "four processes writing at once" waitall "${writers[@]}"
same "all their files are there" "120" bash -c "ls '$M' | grep -c '^p[1-4]\.'"
check "with the right contents" \
	bash -c "for i in 1 2 3 4; do cmp <(head -c 500000 '$T/big') '$M/par'\$i || exit 1; done"
check "readers and a writer of one file at once" bash -c "
	for k in 1 2 3; do (for j in \$(seq 20); do cat '$M/big' >/dev/null || exit 1; done) & done
	(for j in \$(seq 20); do echo \$j >'$M/w'; done) &
	for p in \$(jobs -p); do wait \$p || exit 1; done"

# hostile input
fails "a write at a huge offset fails cleanly" "" \
	dd if=/dev/zero of="$M/huge" bs=1 count=1 seek=$((1<<62)) conv=notrunc status=none
same "a read at a huge offset returns nothing" "0" \
	bash -c "dd if='$M/hello' bs=1 count=1 skip=$((1<<40)) status=none | wc -c"
check "the mount still works after them" cat "$M/hello"
mkdir "$T/m2"
fails "9pfuse to a service nobody offers" "9pfuse: dial nosuch" 9pfuse nosuch "$T/m2"
touch "$T/file"
fails "9pfuse onto a file" "not a directory" 9pfuse ram "$T/file"

# -C: the page cache, kept while qid.vers stays, and attributes and failed lookups for 1 s
C=$T/c
check "mount with -C" mnt "$C" -C ram
printf 'first version\n' >"$C/cached"
same "read through the cache" "first version" cat "$C/cached"
printf 'second version, longer\n' | 9p write ram/cached
same "a change made elsewhere shows at the next open (qid.vers changed)" \
	"second version, longer" bash -c "sleep 1.1; cat '$C/cached'"
fails "a missing name" "No such file" cat "$C/later"
9p create ram/later
same "a name made elsewhere shows once the failed lookup expires" "later" \
	bash -c "sleep 1.1; ls '$C' | grep -x later"
check "unmount it" fusermount3 -u "$C"

# the server dies: EIO at once, and the mount can still be unmounted
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null
start=$(date +%s)
fails "after the server died, ls fails with EIO" "Input/output error" ls "$M/d"
fails "and so does cat" "Input/output error" cat "$M/hello"
check "within 5 seconds" test $(( $(date +%s) - start )) -le 5
check "fusermount3 -u unmounts it" fusermount3 -u "$M"
# gone, or a zombie its new parent has not reaped yet (it was reparented when it detached)
check "and 9pfuse exits" waitfor bash -c \
	"! kill -0 $fpid 2>/dev/null || grep -q '^State:.*Z' /proc/$fpid/status 2>/dev/null"

# a server sending garbage
fake garbage
check "9pfuse -A passes the attach name" mnt "$T/an" -A main "$T/garbage.sock"
check "as the server saw it" grep -qx "attach $(id -un) main" "$T/garbage.log"
check "unmount it" fusermount3 -u "$T/an"
G=$T/g
check "mount a server that will send garbage" mnt "$G" "$T/garbage.sock"
fails "reading a file it answers with garbage: EIO" "Input/output error" cat "$G/f"
fails "then everything fails with EIO, nothing hangs" "Input/output error" ls "$G"
check "and it unmounts" fusermount3 -u "$G"

fake baddir
B=$T/b
check "mount a server whose directory reads are malformed" mnt "$B" "$T/baddir.sock"
fails "ls of it fails with EIO" "Input/output error" ls "$B"
same "its files still read" "hello" cat "$B/f"
check "and it unmounts" fusermount3 -u "$B"

# large reads from a server with 8 KiB messages go out many at a time
fake -m 8216 big
L=$T/l
check "mount a server with 8 KiB messages" mnt "$L" "$T/big.sock"
"$fakesrv" -p >"$T/pattern"
check "a 4 MiB file reads right in 1 MiB reads" \
	bash -c "dd if='$L/f' bs=1M iflag=fullblock status=none | cmp - '$T/pattern'"
batch=$(sed -n 's/^batch //p' "$T/big.log" | tail -1)
check "its Treads were in flight together (largest batch ${batch:-0})" test "${batch:-0}" -ge 8
check "and it unmounts" fusermount3 -u "$L"

# a server that answers writes with a count of 0: write(2) fails, it never returns 0
# (stdio and many programs retry a write that returned 0 for ever)
fake zerowrite
Z=$T/z
check "mount a server that writes nothing" mnt "$Z" "$T/zerowrite.sock"
fails "a write it takes none of fails with EIO" "Input/output error" \
	timeout 10 bash -c "echo data >'$Z/f'"
check "and it unmounts" fusermount3 -u "$Z"

# a server that stops answering after the attach: with -t 1 the first call it leaves
# unanswered for 1 s makes 9pfuse ask it something cheap (a Tstat of the root); that gets
# no answer in 1 s either, so 9pfuse hangs up: everything fails with EIO, nothing hangs
fake hang
H=$T/h
check "mount a server that will never answer again, with -t 1" mnt "$H" -t 1 "$T/hang.sock"
start=$(date +%s)
fails "ls of it fails with EIO" "Input/output error" ls "$H"
fails "so does a lookup, at once" "Input/output error" cat "$H/f"
check "within a bounded time" test $(( $(date +%s) - start )) -le 10
check "after probing it" grep -q "hold Tstat" "$T/hang.log"
check "and it unmounts" fusermount3 -u "$H"

# more servers that lie or fail
fake toolong
check "mount a server whose reads return more than asked" mnt "$T/tl" "$T/toolong.sock"
fails "such a read fails with EIO" "Input/output error" dd if="$T/tl/f" bs=1000 count=1 status=none
check "and it unmounts" fusermount3 -u "$T/tl"
fake liar
check "mount a server whose qids and stats disagree and whose sizes are huge" \
	mnt "$T/li" "$T/liar.sock"
same "ls -l believes the stat, size clamped to 2^63-1" "9223372036854775807" \
	stat -c %s "$T/li/f"
same "the file reads" "hello" cat "$T/li/f"
check "and it unmounts" fusermount3 -u "$T/li"
fake die
check "mount a server that will hang up in the middle of a read" mnt "$T/di" "$T/die.sock"
fails "the read fails with EIO" "Input/output error" cat "$T/di/f"
fails "and then ls" "Input/output error" ls "$T/di"
check "and it unmounts" fusermount3 -u "$T/di"
fake closever
mkdir "$T/cv"
fails "9pfuse of a server that hangs up after Rversion says so" "attach: i/o on hungup channel" \
	9pfuse "$T/closever.sock" "$T/cv"
check "and mounts nothing" bash -c "! grep -q ' $T/cv fuse' /proc/self/mounts"

# an interrupted read is flushed
fake slow
S=$T/s
check "mount a server that never answers reads" mnt "$S" "$T/slow.sock"
cat "$S/f" >/dev/null 2>&1 &
reader=$!
waitfor grep -q "read held" "$T/slow.log"	# the read is out, and held
kill -TERM $reader
check "a reader blocked on it can be interrupted" waitfor bash -c "! kill -0 $reader 2>/dev/null"
check "which flushes the Tread" waitfor grep -q flush "$T/slow.log"
same "the mount still answers" "f" ls "$S"
check "and it unmounts" fusermount3 -u "$S"

echo "1..$n"
