# sigexit also runs after a handled signal's handler when the script ends
fn sigexit { echo exit handler }
fn sighup { echo hup }
kill -HUP $pid
sleep 0.1
--- stdout
hup
exit handler
