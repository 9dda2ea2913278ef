# a function may define another function
fn outer { fn inner { echo inner $1 } }
outer
inner x
--- stdout
inner x
