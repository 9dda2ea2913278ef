# 9front: an unknown rfork letter prints a usage message and sets status
rfork z
echo $status
--- stdout
rfork usage
--- stderr
Usage: rfork [fnesFNEm]
