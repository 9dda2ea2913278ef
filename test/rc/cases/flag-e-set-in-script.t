# flag e + takes effect for the commands read after it (compile() looks at flag e as each
# line is compiled); the rest of its own line was compiled before
flag e +; false; echo same line goes on
echo next line
false
echo notreached
--- stdout
same line goes on
next line
--- status
1
