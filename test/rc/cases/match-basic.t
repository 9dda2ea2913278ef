# ~ sets status to empty on a match, "no match" otherwise
~ abc abc; echo /$status/
~ abc abd; echo $status
~ abc x y abc; echo /$status/
--- stdout
//
no match
//
