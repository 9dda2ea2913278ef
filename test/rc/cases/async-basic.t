# & runs in the background; rc continues at once
{ sleep 0.5; echo late } &
echo early
wait
--- stdout
early
late
