# globbing happens after substitution and concatenation
mkdir dir
touch dir/f1.c dir/f2.c
x=dir
echo $x/*.c
echo $x^/f?.c
--- stdout
dir/f1.c dir/f2.c
dir/f1.c dir/f2.c
