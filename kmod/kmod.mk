# The monitor kernel module (kmod/, README "RSS limits").  Included by the
# top Makefile.
#
#   make kmod [KDIR=...]   build build/kmod/<release>/jfrun_monitor.ko
#                          (default KDIR: the running kernel's headers)
#   make check-kmod        the module's tests in a qemu VM booting Debian's
#                          kernel (also a suite of `make check`)
#   make dkms-src [DESTDIR=]   the DKMS source tree /usr/src/jfrun-monitor-1/
#                          (then: dkms install jfrun-monitor/1)

KDIR ?= /lib/modules/$(shell uname -r)/build

kmod:
	@bash kmod/build.sh "$(KDIR)"

# The module's test program: static, it also runs inside busybox containers.
MONITOR_TEST_SRC := tests/helpers/monitor_test.c src/monitor/monitor_request.c \
	src/monitor/monitor_device.c src/base/error.c
build/tests/monitor_test: $(MONITOR_TEST_SRC) src/monitor/monitor.h kmod/jfrun_monitor_uapi.h
	@mkdir -p $(dir $@)
	$(CC) -static -std=gnu11 $(WARN) -D_GNU_SOURCE $(INCLUDES) -O2 \
		-o $@ $(MONITOR_TEST_SRC) -pthread

check-kmod: jfrun bundle build/jfcheck build/tests/monitor_test
	@bash contrib/vm/kmod-check.sh

DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' contrib/dkms/dkms.conf)
dkms-src:
	install -d $(DESTDIR)/usr/src/jfrun-monitor-$(DKMS_VERSION)
	install -m 0644 kmod/Kbuild kmod/jfrun_monitor.c kmod/jfrun_monitor_uapi.h \
		contrib/dkms/dkms.conf $(DESTDIR)/usr/src/jfrun-monitor-$(DKMS_VERSION)/

.PHONY: kmod check-kmod dkms-src
