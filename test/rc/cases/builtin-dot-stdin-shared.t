# . /dev/fd/0 shares the descriptor's offset, as 9front's #d/0 does: a program run from a
# script read on standard input reads on from where rc's reading stopped, never the script
# again from its start; and a standard input rc may not open by name (a terminal after su,
# here a file made unreadable once open) still works
--- driver
printf 'echo one\nexec cat\n' >s
{ chmod 000 s; $RC; } <s
--- stdout
one
