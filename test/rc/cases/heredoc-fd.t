# <<[3] puts the here document on fd 3
sh -c 'cat <&3' <<[3]END
on three
END
--- stdout
on three
