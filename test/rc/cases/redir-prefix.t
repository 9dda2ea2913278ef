# redirections may come before the command
>f echo hi
<f cat
--- stdout
hi
