# a subshell's exit string is seen by the parent as its exit code (0 or 1 on Unix)
@{ exit '' }
echo $status
@{ exit 'some error' }
echo $status
--- stdout
0
1
