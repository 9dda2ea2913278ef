# a deleted function is not exported
fn f { echo f }
fn f
env | grep -ac '^#()fn f'
echo end
--- stdout
0
end
