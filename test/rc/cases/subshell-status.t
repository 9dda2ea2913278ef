# a subshell's exit status becomes $status
@{ sh -c 'exit 3' }
echo $status
@{ exit 4 }
echo $status
--- stdout
3
1
