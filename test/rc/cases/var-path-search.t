# commands are searched for in $path; an explicit path is used as is
mkdir d
echo '#!/bin/sh
echo from d' >d/mycmd
chmod +x d/mycmd
path=($path `{pwd}^/d)
mycmd
./d/mycmd
path=(/bin)
whatis mycmd
--- stdout
from d
from d
--- stderr
mycmd: not found
--- status
1
