# fn a b {} defines several functions at once
fn a b { echo $0 body }
a
b
--- stdout
./t.rc body
./t.rc body
