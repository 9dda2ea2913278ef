# whatis prints variables as rc assignments
a=1
b=(x 'y z' '')
c=''
whatis a b c
--- stdout
a=1
b=(x 'y z' '')
c=''
