# flag reports the flags rc was started with
flag e && echo e set
flag x || echo x clear
--- flags
-e
--- stdout
e set
x clear
