# keywords are ordinary words after the first position
echo for in while if not switch fn
--- stdout
for in while if not switch fn
