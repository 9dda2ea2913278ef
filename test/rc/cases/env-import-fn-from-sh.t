# a function definition in the environment is imported (9front Xrdfn: "#()fn name body")
--- driver
command -v python3 >/dev/null || { echo no python3; exit 77; }
python3 - <<'PY'
import ctypes, os, shutil
# execve's dict interfaces need name=value; this entry has no "=", so call libc directly
libc = ctypes.CDLL(None, use_errno=True)
envp = [b'PATH=' + os.environb[b'PATH'], b'HOME=' + os.environb[b'HOME'],
	b'#()fn hello {echo imported $*}']
cmd = os.environ['RC'].split() + ['-c', 'hello there']
argv = [c.encode() for c in cmd]
path = argv[0] if b'/' in argv[0] else shutil.which(cmd[0]).encode()
A = ctypes.c_char_p * (len(argv) + 1)
E = ctypes.c_char_p * (len(envp) + 1)
libc.execve(path, A(*argv, None), E(*envp, None))
raise SystemExit('execve failed')
PY
--- stdout
imported there
