/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the oci/ parsers: config.json, a process or
 * resources object alone, and state.json.  Besides "no crash, no leak", it
 * checks one property: a state that parses is written and parsed again.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
 *     -D_GNU_SOURCE -Ioci -o build/fuzz_config tests/fuzz/fuzz_config.c \
 *     oci/[a-z]*.c -lyajl
 *   build/fuzz_config -dict=tests/fuzz/config.dict -max_total_time=300 \
 *     /tmp/fuzz-corpus tests/unit/data
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "state.h"

static void state_round_trip(const char *text, size_t len)
{
	struct jf_error err;
	struct oci_state *s = NULL, *back = NULL;
	char *buf = NULL;
	size_t buf_len;

	if (oci_state_parse(text, len, &s, &err) < 0)
		return;
	if (oci_state_to_json(s, true, &buf, &buf_len, &err) < 0)
		__builtin_trap();
	if (oci_state_parse(buf, buf_len, &back, &err) < 0)
		__builtin_trap();
	if (strcmp(s->id, back->id) != 0 || s->pid != back->pid ||
	    s->n_annotations != back->n_annotations)
		__builtin_trap();
	free(buf);
	oci_state_free(back);
	oci_state_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct jf_error err;
	struct oci_config *c = NULL;
	struct oci_process *p = NULL;
	struct oci_resources *r = NULL;

	if (oci_config_parse(text, size, &c, &err) == 0)
		oci_config_free(c);
	if (oci_process_parse(text, size, &p, &err) == 0)
		oci_process_free(p);
	if (oci_resources_parse(text, size, &r, &err) == 0)
		oci_resources_free(r);
	state_round_trip(text, size);
	return 0;
}
