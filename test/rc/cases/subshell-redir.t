# a redirection after @{} applies to the subshell
@{ echo a; echo b } >f
wc -l <f
--- stdout
2
