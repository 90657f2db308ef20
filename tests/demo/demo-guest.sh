#!/bin/sh
# The demo, inside the guest: a server and a client talk through the
# module; /proc/m3ipc is shown while the server waits.
set -e
show() { echo "\$ cat $1"; cat "$1"; echo; }
echo "\$ m3demo setup"
m3demo setup
echo "\$ m3demo server &"
m3demo server &
srv=$!
while ! grep -q receiving /proc/m3ipc/vm1/procs 2>/dev/null; do sleep 0.1; done
show /proc/m3ipc/info
show /proc/m3ipc/vms
show /proc/m3ipc/vm1/procs
echo "\$ m3demo client 3"
m3demo client 3
wait $srv
show /proc/m3ipc/vm1/stats
echo "demo: done"
