# fn sigexit runs when rc is about to exit
fn sigexit { echo bye }
echo hello
--- stdout
hello
bye
