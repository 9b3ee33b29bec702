#!/bin/bash
# Inside the VM for `make vm-shell`: an interactive shell in /jf on the
# serial console; leaving it powers the VM off.
cd /jf || exit 1
echo "jfrun test VM: pure cgroup v2; the repository's test pieces are in /jf"
exec setsid -c bash -i </dev/console >/dev/console 2>&1
