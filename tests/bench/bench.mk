# make bench: jfrun side by side with crun and runc (tests/bench/bench.sh).
# Not part of make check: no timing assertions anywhere.  BENCH_OUT names
# the table file; BENCH_RUNS, BENCH_ROUNDS, ... tune it (see bench.sh).
BENCH_OUT ?= bench-results.txt

build/bench/phases: tests/bench/phases.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

# The limit: this config's work alone, static (tests/bench/limit.c).
build/bench/limit: tests/bench/limit.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -static -o $@ $<

bench: deps jfrun bundles/busybox/config.json build/bench/phases build/bench/limit bench-procviews
	bash tests/bench/bench.sh ./jfrun bundles/busybox/rootfs build/bench/phases \
		build/bench/limit $(BENCH_OUT)

# The shim against conmon: memory, log throughput, run -d (tests/bench/shim.sh).
bench-shim: deps jfrun bundles/busybox/config.json
	bash tests/bench/shim.sh ./jfrun bundles/busybox bench-shim.txt

.PHONY: bench bench-shim

# The /proc views against the host's /proc and LXCFS (tests/bench/procviews.sh).
build/bench/readcost: tests/bench/readcost.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -static -o $@ $<

bench-procviews: deps jfrun bundles/busybox/config.json build/bench/readcost
	@command -v lxcfs >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lxcfs
	bash tests/bench/procviews.sh ./jfrun bundles/busybox/rootfs build/bench/readcost bench-procviews.txt

.PHONY: bench-procviews
