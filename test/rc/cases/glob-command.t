# a pattern may be the command word
mkdir bin
echo '#!/bin/sh
echo ran' > bin/prog
chmod +x bin/prog
./bin/pr*
--- stdout
ran
