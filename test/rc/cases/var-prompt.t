# rcmain gives $prompt two elements, '% ' and a tab
echo $#prompt
~ $prompt(1) '% ' && echo ok
--- stdout
2
ok
