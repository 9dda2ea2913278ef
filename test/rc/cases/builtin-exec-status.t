# the exit status of an exec'd program is rc's
exec sh -c 'exit 3'
--- status
3
