# rcmain reads standard input through ". /dev/fd/0", which is 9front's #d/0: the descriptor
# itself. A socket on standard input cannot be opened again by name (ENXIO on Linux).
--- driver
perl -MSocket -e '
	socketpair(my $x, my $y, AF_UNIX, SOCK_STREAM, 0) or die "socketpair: $!";
	if(fork() == 0){ close $x; open(STDIN, "<&", $y) or die; exec @ARGV; die "exec: $!" }
	close $y; print $x "echo from a socket\n"; close $x; wait; exit($? >> 8)' $RC
--- stdout
from a socket
