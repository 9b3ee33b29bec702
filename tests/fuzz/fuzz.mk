# make fuzz FUZZ_SECONDS=N: libFuzzer on the config.json parser (clang,
# ASan+UBSan), seeded from the repo's bundles and unit-test configs.
FUZZ_SECONDS ?= 60
FUZZ_CC := clang

build/fuzz/fuzz_config: tests/fuzz/fuzz_config.c $(BASE_SRC) $(OCI_SRC) | .deps-stamp
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE \
	    $(INCLUDES) -o $@ tests/fuzz/fuzz_config.c $(BASE_SRC) $(OCI_SRC) -lyajl

fuzz: build/fuzz/fuzz_config
	@mkdir -p build/fuzz/corpus build/fuzz/artifacts
	@cp tests/unit/data/*.json build/fuzz/corpus/ 2>/dev/null || true
	@test ! -f bundles/busybox/config.json || cp bundles/busybox/config.json build/fuzz/corpus/busybox.json
	build/fuzz/fuzz_config -dict=tests/fuzz/config.dict -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build/fuzz/artifacts/ build/fuzz/corpus

.PHONY: fuzz

# make fuzz-dbus FUZZ_SECONDS=N: libFuzzer on the parser of the replies
# systemd's bus sends (src/systemd/dbus_reply.c), seeded with a method
# return carrying a job path and an error reply.
build/fuzz/fuzz_dbus_reply: tests/fuzz/fuzz_dbus_reply.c src/systemd/dbus_reply.c src/base/error.c | .deps-stamp
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE \
	    $(INCLUDES) -o $@ $^

fuzz-dbus: build/fuzz/fuzz_dbus_reply
	@mkdir -p build/fuzz/dbus-corpus build/fuzz/artifacts
	@bash tests/fuzz/dbus_seeds.sh build/fuzz/dbus-corpus
	build/fuzz/fuzz_dbus_reply -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -artifact_prefix=build/fuzz/artifacts/ build/fuzz/dbus-corpus

.PHONY: fuzz-dbus
