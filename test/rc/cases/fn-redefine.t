# a later definition replaces an earlier one
fn f { echo one }
fn f { echo two }
f
--- stdout
two
