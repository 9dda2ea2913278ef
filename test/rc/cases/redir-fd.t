# >[2] redirects fd 2; >[2=1] makes fd 2 a copy of fd 1
sh -c 'echo out; echo err >&2' >[2]e >o
cat o e
sh -c 'echo err2 >&2' >[2=1] >/dev/null
sh -c 'echo err3 >&2' >/dev/null >[2=1]
echo end
--- stdout
out
err
err2
end
