# The test VM (contrib/vm/README.md): Debian's kernel under qemu, pure
# cgroup v2.  Included by the top Makefile.
#
#   make vm-check       jfrun's cgroup tests in the VM (also a suite of `make check`)
#   make vm-kernel      fetch Debian's kernel into $(VM_KERNEL_DIR) (once)
#   make vm-shell       boot the VM with a shell on the console (Ctrl-A X quits)
#   make vm-apparmor    the AppArmor tests (lsm.sh) in the VM booted with AppArmor

VM_DIR ?= build/vm
VM_KERNEL_DIR ?= $(VM_DIR)/kernel
export VM_DIR VM_KERNEL_DIR

vm-kernel:
	@bash contrib/vm/kernel.sh $(VM_KERNEL_DIR)

vm-check: jfrun bundle build/jfcheck
	@bash contrib/vm/check.sh

vm-apparmor: jfrun bundle build/jfcheck
	@VM_NAME=apparmor-vm VM_RUN=contrib/vm/guest-apparmor.sh \
	VM_HOST_BINS=/usr/sbin/apparmor_parser VM_APPEND="apparmor=1 security=apparmor" \
	VM_INTEGRATION=lsm.sh VM_INTEGRATION_NAMED= VM_DIR=build/vm-apparmor \
	bash contrib/vm/check.sh

vm-shell: jfrun bundle build/jfcheck
	@kdir=$$(bash contrib/vm/kernel.sh $(VM_KERNEL_DIR)) && \
	bash contrib/vm/initramfs.sh $(VM_DIR)/shell.cpio.gz contrib/vm/guest-shell.sh && \
	VM_INTERACTIVE=1 bash contrib/vm/boot.sh "$$kdir" $(VM_DIR)/shell.cpio.gz -

.PHONY: vm-kernel vm-check vm-apparmor vm-shell
