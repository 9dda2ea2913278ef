# quoted pattern characters match literally
~ 'a*' 'a*' && echo literal
~ ab 'a*' || echo notglob
--- stdout
literal
notglob
