# builtin ignores a function of the same name
fn echo { builtin echo never }
fn pwd { echo fn pwd }
fn cd { echo fn cd }
builtin cd /
/bin/pwd
--- stdout
/
