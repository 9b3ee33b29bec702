# jfrun — an OCI container runtime in C.
#
#   make            build ./jfrun (installs build dependencies when missing)
#   make deps       install every Debian package needed to build and test
#   make bundle     build bundles/busybox (rootfs from busybox-static)
#   make check      unit tests, then integration tests on real containers
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, bash completion)
#   make uninstall  the same PREFIX and DESTDIR

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc

BUILD_DEPS := libyajl-dev libseccomp-dev libcap-dev libcgroup-dev pkg-config gcc make scdoc
TEST_DEPS := busybox-static jq file apparmor clang libclang-rt-14-dev util-linux iproute2 procps psmisc \
	podman containerd docker.io qemu-system-x86 xz-utils time bsdutils systemd linux-headers-amd64
BENCH_DEPS := hyperfine crun runc time

# Every include is written from one of these roots, never with "../":
# src/base/ (error, cleanup, arena, io, size, ns_names: below oci/ and src/)
# and oci/ by bare name, the rest of src/ by its path under src/
# ("linux/caps.h"), kmod/'s uapi header by bare name.
INCLUDES := -iquote src/base -iquote oci -iquote src -iquote kmod
WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wformat=2 -Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) -D_GNU_SOURCE $(INCLUDES) $(CFLAGS)
LIBS := -lyajl -lseccomp -lcap -lcgroup
# ./jfrun is linked statically (STATIC=0 for a dynamic one): every command
# reaches main() ~0.5 ms sooner and uses ~1 MB less (README "Performance").
# ld's only warnings are about getpwnam() in libcgroup's rules code, which
# jfrun never calls.
STATIC ?= 1
ifeq ($(STATIC),1)
RELEASE_LDFLAGS := -static-pie -Wl,--no-warnings
RELEASE_LIBS := -lyajl_s -lseccomp -lcap -lcgroup
else
RELEASE_LDFLAGS :=
RELEASE_LIBS := $(LIBS)
endif

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

BASE_SRC := $(sort $(wildcard src/base/*.c))
OCI_SRC := $(sort $(wildcard oci/*.c))
SRC := $(sort $(wildcard src/*.c src/linux/*.c src/cgroup/*/*.c src/commands/*.c src/systemd/*.c src/shim/*.c src/procvirt/*.c))
ALL_SRC := $(BASE_SRC) $(OCI_SRC) $(SRC)
# The client of the kernel module's device (kmod/), no caller yet but tests.
ALL_SRC += $(sort $(wildcard src/monitor/*.c))

OBJ := $(ALL_SRC:%.c=build/release/%.o)
SAN_OBJ := $(ALL_SRC:%.c=build/san/%.o)

# Unit tests: tests/unit/test_*.c, each linked with everything but main.
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/unit/%)
LIB_SAN_OBJ := $(filter-out build/san/src/main.o,$(SAN_OBJ))

all: jfrun

# A missing header means a fresh machine: install what the build needs.
.deps-stamp:
	@if ! echo '#include <yajl/yajl_tree.h>\n#include <seccomp.h>\n#include <sys/capability.h>\n#include <libcgroup.h>' \
	    | $(CC) -E -x c - >/dev/null 2>&1; then $(MAKE) deps; fi
	@touch $@

deps:
	@missing=""; for p in $(BUILD_DEPS) $(TEST_DEPS) $(BENCH_DEPS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all packages present"; fi

jfrun: .deps-stamp $(OBJ)
	$(CC) $(ALL_CFLAGS) $(RELEASE_LDFLAGS) -o $@ $(OBJ) $(RELEASE_LIBS)

jfrun-san: .deps-stamp $(SAN_OBJ)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $(SAN_OBJ) $(LIBS)

build/release/%.o: %.c | .deps-stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/san/%.o: %.c | .deps-stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

build/unit/%: tests/unit/%.c tests/unit/unit.h $(LIB_SAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -iquote tests/unit -o $@ $< $(LIB_SAN_OBJ) $(LIBS)

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d)

# `jfrun --version`: the commit (git describe; "unknown" outside git) and the
# versions of the libraries whose headers do not say.  build/version.txt
# changes only when they do, so only main.o is rebuilt then.
VERSION_DEFS = -DJF_COMMIT='"$(shell git describe --always --dirty 2>/dev/null || echo unknown)"' \
	-DJF_LIBCAP_VERSION='"$(shell pkg-config --modversion libcap 2>/dev/null || echo unknown)"' \
	-DJF_LIBCGROUP_VERSION='"$(shell pkg-config --modversion libcgroup 2>/dev/null || echo unknown)"'
build/version.txt: FORCE
	@mkdir -p build
	@echo '$(VERSION_DEFS)' | cmp -s - $@ || echo '$(VERSION_DEFS)' >$@
build/release/src/main.o build/san/src/main.o: build/version.txt
build/release/src/main.o build/san/src/main.o: ALL_CFLAGS += $(VERSION_DEFS)
FORCE:

bundle: bundles/busybox/config.json bundles/hello/config.json

bundles/busybox/config.json: bundles/make-busybox.sh | jfrun
	bash bundles/make-busybox.sh bundles/busybox ./jfrun

# The demo bundle: the busybox rootfs, a process that says hello.
bundles/hello/config.json: bundles/busybox/config.json
	@mkdir -p bundles/hello
	jq '.root = {"path": "../busybox/rootfs", "readonly": true} | .process.terminal = false | .process.args = ["sh", "-c", "echo Hello from a jfrun container: $$(hostname), pid $$$$, $$(id)"]' \
	    bundles/busybox/config.json >$@

build/tests/recvtty: tests/helpers/recvtty.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

build/tests/seccomp_budget: tests/helpers/seccomp_budget.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

build/tests/mntns_mounts: tests/helpers/mntns_mounts.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

# Runs inside busybox containers: static.
build/tests/exe_attack: tests/helpers/exe_attack.c
	@mkdir -p $(dir $@)
	$(CC) -static -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

build/tests/procviews_probe: tests/helpers/procviews_probe.c
	@mkdir -p $(dir $@)
	$(CC) -static -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

unit: $(UNIT_BIN)
	@bash tests/run-unit.sh $(UNIT_BIN)

# Integration tests run real containers as root; JFRUN selects the binary.
check: deps jfrun jfrun-san bundle $(UNIT_BIN) build/tests/recvtty build/tests/exe_attack \
	build/tests/seccomp_budget build/tests/procviews_probe build/tests/mntns_mounts
	@bash tests/check.sh

demo: deps jfrun bundle
	./jfrun run --bundle bundles/hello demo-$$$$

# The scheduling experiment (a few minutes; not part of check): CPU shares
# of two containers against what CFS predicts from their weights.
demo-sched: deps jfrun bundle
	@command -v gnuplot >/dev/null || apt-get install -y gnuplot-nox
	bash contrib/sched/demo.sh ./jfrun

# jfrun(8), from its scdoc source.
man: build/jfrun.8
build/jfrun.8: contrib/man/jfrun.8.scd
	@command -v scdoc >/dev/null || $(MAKE) deps
	@mkdir -p build
	scdoc <$< >$@

install: jfrun build/jfrun.8
	install -D -m 0755 jfrun $(DESTDIR)$(BINDIR)/jfrun
	install -D -m 0644 build/jfrun.8 $(DESTDIR)$(MANDIR)/man8/jfrun.8
	install -D -m 0644 contrib/completion/jfrun.bash $(DESTDIR)$(BASHCOMPDIR)/jfrun

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jfrun $(DESTDIR)$(MANDIR)/man8/jfrun.8 \
	    $(DESTDIR)$(BASHCOMPDIR)/jfrun

format:
	clang-format -i $(ALL_SRC) $(wildcard oci/*.h src/*.h src/*/*.h src/cgroup/*/*.h tests/unit/*.c)

clean:
	rm -rf build jfrun jfrun-san .deps-stamp

# Pieces owned by their own directories.
include tests/fuzz/fuzz.mk
-include tests/bench/bench.mk
-include contrib/vm/vm.mk
-include kmod/kmod.mk

build/jfcheck: conformance/checker/jfcheck.c
	@mkdir -p build
	$(CC) -static -O2 -std=gnu11 $(WARN) -D_GNU_SOURCE -o $@ $<

# The external OCI runtime-tools suite, built by hand outside the repo.
conformance: jfrun bundle build/jfcheck
	@test -n "$(RUNTIME_TOOLS)" || { echo "usage: make conformance RUNTIME_TOOLS=/path/to/built/runtime-tools"; exit 2; }
	RUNTIME_TOOLS=$(RUNTIME_TOOLS) bash conformance/run-runtime-tools.sh ./jfrun

.PHONY: all deps bundle unit check demo demo-sched install uninstall man format clean conformance FORCE
