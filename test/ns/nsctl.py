# test/ns/nsctl.py: a hostile client of nsd's control socket, run inside 9 ns.
#	python3 nsctl.py garbage	requests nsd must refuse with an error
#	python3 nsctl.py flood N	hold N idle connections, check nsd stays idle and answers
#	python3 nsctl.py idle		one silent connection: nsd hangs it up
# Prints one line per check: "ok what" or "bad what: why".
import array
import os
import random
import socket
import sys
import time

NAME = '\0planten-nsd.%d.%d' % (os.getuid(), os.stat('/proc/self/ns/user').st_ino)


def conn(block=True):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.setblocking(block)
    s.connect(NAME)
    return s


def mntns():
    return os.open('/proc/self/ns/mnt', os.O_RDONLY)


def req(msg, fds=None):
    s = conn()
    own = fds is None
    if own:
        fds = [mntns()]
    anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds))] if fds else []
    s.sendmsg([msg], anc)
    s.settimeout(10)
    try:
        r = s.recv(70000)
    except OSError as e:
        r = ('no answer: %s' % e).encode()
    s.close()
    if own:
        os.close(fds[0])
    return r.decode('latin-1')


def check(what, got, want):
    if got.startswith(want):
        print('ok', what)
    else:
        print('bad %s: want %r, got %r' % (what, want, got[:200]))


def cputicks(pid):
    f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return int(f[11]) + int(f[12])


def garbage():
    random.seed(8)
    answers = set()
    for _ in range(200):
        b = bytes(random.getrandbits(8) for _ in range(random.randint(0, 400)))
        answers.add(req(b).split(' ')[0])
    check('random bytes get errors', ' '.join(sorted(answers)), 'error')
    check('an empty message is a hangup', req(b''), '')
    for m in [b'bind', b'bind 7 a b c', b'mount 0 x /n y 0', b'unmount', b'rfork',
              b"bind 0 '/tmp /n 0", b'\0\0\0', b'x' * 65536]:
        check('refused: %r' % m[:20], req(m), 'error ')
    check('a request too long for one message', req(b'x' * 70000), 'error message too long')
    r, w = os.pipe()
    ns = mntns()
    check('too many descriptors', req(b'ping', [ns] + [r] * 8), 'error message too long')
    check('no descriptors', req(b'ns', []), 'error bad request')
    check('a pipe for the mount namespace', req(b'ns', [r]), 'error not a mount namespace')
    check('a pipe for a directory', req(b'bind 2 /tmp /n/zz 0', [ns, r, w]), 'error ')
    check('a pipe for a 9P server', req(b'mount 0 x /n/zz "" 0', [ns, w, r]), 'error ')
    check('bad flags', req(b'bind 9999 /tmp /n 0', [ns, r]), 'error ')
    check('nsd still answers', req(b'ping'), 'ok')


def flood(n):
    nsd = os.getppid()
    held = []
    kids = []
    # several processes, so the flood is bounded by nsd's descriptors, not ours
    for _ in range(3):
        rd, wr = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(rd)
            mine = []
            try:
                for _ in range(n // 3):
                    mine.append(conn(False))
            except OSError:
                pass
            os.write(wr, b'x')
            time.sleep(1.5)
            os._exit(0)
        os.close(wr)
        os.read(rd, 1)
        os.close(rd)
        kids.append(pid)
    t0 = cputicks(nsd)
    time.sleep(0.5)
    busy = cputicks(nsd) - t0
    if busy <= 10:
        print('ok nsd does not spin while out of descriptors')
    else:
        print('bad nsd spins: %d ticks in 0.5 s' % busy)
    for pid in kids:
        os.waitpid(pid, 0)
    start = time.time()
    check('nsd answers once they are gone', req(b'ping'), 'ok')
    if time.time() - start < 3:
        print('ok and soon')
    else:
        print('bad it took %.1f s' % (time.time() - start))
    del held


def idle():
    s = conn()
    s.settimeout(15)
    start = time.time()
    try:
        got = s.recv(100)
    except OSError as e:
        got = str(e).encode()
    took = time.time() - start
    if got == b'' and took < 10:
        print('ok a silent connection is hung up (after %.1f s)' % took)
    else:
        print('bad silent connection: %r after %.1f s' % (got, took))


if sys.argv[1] == 'garbage':
    garbage()
elif sys.argv[1] == 'flood':
    flood(int(sys.argv[2]))
elif sys.argv[1] == 'idle':
    idle()
