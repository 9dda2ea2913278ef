# rcmain sets home from $HOME; cd with no argument goes there
~ $home $HOME && echo same
cd /
cd
~ `{pwd} $home && echo home
--- stdout
same
home
