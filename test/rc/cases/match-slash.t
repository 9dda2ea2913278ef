# in ~, * matches / and leading dots
~ /a/b/c /*c && echo slash
~ .x *x && echo dot
--- stdout
slash
dot
