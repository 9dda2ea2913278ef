# a 200 000-character command line
--- driver
python3 -c 'print("echo " + " ".join(["w"] * 100000))' >long.rc 2>/dev/null ||
	{ echo no python3; exit 77; }
$RC ./long.rc | wc -c
--- stdout
200000
