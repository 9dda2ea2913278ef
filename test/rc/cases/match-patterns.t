# *, ?, [...] ranges and [~...] complements
fn r { if(~ $status '') echo yes; if not echo no }
~ abc a*; r
~ abc a?c; r
~ abc a?; r
~ a1 a[0-9]; r
~ ax a[0-9]; r
~ ax a[~0-9]; r
~ a5 a[~0-9]; r
~ b [abc]; r
~ '' *; r
~ abc *b*; r
--- stdout
yes
yes
no
yes
no
yes
no
yes
yes
yes
