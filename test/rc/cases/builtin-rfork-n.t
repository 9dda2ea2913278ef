# rfork n gives a private mount namespace (skipped where unshare is refused)
--- driver
if ! unshare -U -m true 2>/dev/null; then echo unshare not permitted; exit 77; fi
$RC -c 'rfork n; echo $status; echo in-ns'
--- stdout

in-ns
