# >[2=] closes fd 2 for the command
sh -c 'echo x >&2 || echo closed' >[2=]
sh -c 'echo y >&2' >[2=] >[2]/dev/null
--- stdout
closed
