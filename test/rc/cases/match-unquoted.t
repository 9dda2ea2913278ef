# patterns given to ~ are not globbed against files even unquoted
touch abc abd
~ xyz a*
echo $status
~ abd a*
echo /$status/
--- stdout
no match
//
