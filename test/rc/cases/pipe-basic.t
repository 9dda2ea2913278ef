# | connects stdout to stdin; pipelines chain
echo hello | tr a-z A-Z | rev
--- stdout
OLLEH
