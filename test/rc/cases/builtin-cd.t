# cd changes directory; cd alone goes to $home
mkdir sub
cd sub
pwd | sed 's,.*/,,'
cd
~ `{pwd} $home && echo home
--- stdout
sub
home
