# sigexit runs on exit too, and the exit status is kept
fn sigexit { echo bye $status }
exit failed
--- stdout
bye failed
--- status
1
