# a handled signal does not make the end of the input run sigexit
fn sigexit { echo exit handler }
fn sighup { echo hup }
kill -HUP $pid
sleep 0.1
--- stdout
hup
