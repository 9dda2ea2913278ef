# . searches $path for a file without a slash
mkdir lib
echo 'echo found' > lib/inc.rc
path=(`{pwd}^/lib /bin /usr/bin)
. inc.rc
--- stdout
found
