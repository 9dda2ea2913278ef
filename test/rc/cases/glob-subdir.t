# patterns may appear in several path components
mkdir -p p/q r/q
touch p/q/1 r/q/2
echo */q/*
--- stdout
p/q/1 r/q/2
