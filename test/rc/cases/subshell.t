# @{} runs in a subshell: variable changes and cd do not escape
x=1
@{ x=2; cd /; echo in $x }
echo out $x
~ `{pwd} $home && echo samedir
--- stdout
in 2
out 1
samedir
