/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runc's `update` flags: value forms, and the resources they ask for. */
#include <string.h>

#include "update_flags.h"
#include "unit.h"

/* The flag's value as the resources carry it, or the error's message. */
static const char *parse(struct jf_update_flags *f, enum jf_update_flag flag,
			 const char *text)
{
	static struct jf_error err;

	memset(&err, 0, sizeof(err));
	return jf_update_flag_parse(f, flag, text, &err) == 0 ? "(ok)"
							      : err.msg;
}

static int64_t memory_limit_of(const char *text)
{
	struct jf_update_flags f = {0};
	struct oci_resources *r = NULL;
	struct jf_error err;
	int64_t v = -2;

	if (jf_update_flag_parse(&f, JF_UPDATE_MEMORY, text, &err) == 0 &&
	    jf_update_flags_resources(&f, &r, &err) == 0 && r->memory != NULL &&
	    r->memory->has_limit)
		v = r->memory->limit;
	oci_resources_free(r);
	return v;
}

static void test_sizes_take_runc_units(const char *name)
{
	CHECK(memory_limit_of("4096") == 4096);
	CHECK(memory_limit_of("64m") == 64 << 20);
	CHECK(memory_limit_of("64M") == 64 << 20);
	CHECK(memory_limit_of("512kb") == 512 << 10);
	CHECK(memory_limit_of("1.5GiB") == 3LL << 29);
	CHECK(memory_limit_of("2 g") == 2LL << 30);
	CHECK(memory_limit_of("-1") == -1);
}

static void test_bad_values_name_the_flag(const char *name)
{
	struct jf_update_flags f = {0};

	CHECK_STR(parse(&f, JF_UPDATE_MEMORY, "lots"),
		  "update: --memory: invalid value \"lots\" (expected bytes, "
		  "or a size such as 64m or 1g, or -1)");
	CHECK_STR(parse(&f, JF_UPDATE_MEMORY, "1e9"),
		  "update: --memory: invalid value \"1e9\" (expected bytes, "
		  "or a size such as 64m or 1g, or -1)");
	CHECK_STR(parse(&f, JF_UPDATE_CPU_SHARES, "-5"),
		  "update: --cpu-shares: invalid value \"-5\" (expected a "
		  "number of 0 or more)");
	CHECK_STR(parse(&f, JF_UPDATE_CPU_QUOTA, "99999999999999999999"),
		  "update: --cpu-quota: 99999999999999999999 is out of range");
	CHECK_STR(parse(&f, JF_UPDATE_CPUSET_CPUS, "0-2;4"),
		  "update: --cpuset-cpus: invalid value \"0-2;4\" (expected a "
		  "list such as 0-2,4)");
	CHECK_STR(parse(&f, JF_UPDATE_L3_CACHE_SCHEMA, "L3:0=f"),
		  "update: --l3-cache-schema: Intel RDT is not supported by "
		  "jfrun");
}

/* Only the sections of the flags given: the rest of the cgroup stays. */
static void test_resources_have_only_what_was_given(const char *name)
{
	struct jf_update_flags f = {0};
	struct oci_resources *r = NULL;
	struct jf_error err;

	CHECK_STR(parse(&f, JF_UPDATE_CPU_QUOTA, "50000"), "(ok)");
	CHECK_STR(parse(&f, JF_UPDATE_CPUSET_CPUS, "0"), "(ok)");
	CHECK(jf_update_flags_any(&f));
	CHECK(jf_update_flags_resources(&f, &r, &err) == 0);
	CHECK(r->memory == NULL && r->pids == NULL && r->block_io == NULL);
	CHECK(r->cpu != NULL && r->cpu->has_quota && r->cpu->quota == 50000);
	CHECK(!r->cpu->has_period && !r->cpu->has_shares);
	CHECK(r->cpu->cpus != NULL && strcmp(r->cpu->cpus, "0") == 0);
	CHECK(r->cpu->mems == NULL);
	oci_resources_free(r);
}

/* runc: a zero pids limit or blkio weight leaves the value as it is. */
static void test_zero_leaves_pids_and_weight_unchanged(const char *name)
{
	struct jf_update_flags f = {0};
	struct oci_resources *r = NULL;
	struct jf_error err;

	CHECK_STR(parse(&f, JF_UPDATE_PIDS_LIMIT, "0"), "(ok)");
	CHECK_STR(parse(&f, JF_UPDATE_BLKIO_WEIGHT, "0"), "(ok)");
	CHECK(jf_update_flags_resources(&f, &r, &err) == 0);
	CHECK(r->pids == NULL && r->block_io == NULL);
	oci_resources_free(r);
	r = NULL;
	CHECK_STR(parse(&f, JF_UPDATE_PIDS_LIMIT, "20"), "(ok)");
	CHECK_STR(parse(&f, JF_UPDATE_BLKIO_WEIGHT, "5"), "(ok)");
	CHECK(jf_update_flags_resources(&f, &r, &err) < 0);
	CHECK_STR(err.msg, "update: --blkio-weight: invalid value \"5\" "
			   "(expected 10 to 1000)");
	CHECK_STR(parse(&f, JF_UPDATE_BLKIO_WEIGHT, "500"), "(ok)");
	CHECK(jf_update_flags_resources(&f, &r, &err) == 0);
	CHECK(r->pids != NULL && r->pids->limit == 20);
	CHECK(r->block_io != NULL && r->block_io->weight == 500);
	oci_resources_free(r);
}

/* Kernels since 5.16 have no kernel memory limit: warned about, ignored. */
static void test_kernel_memory_is_ignored(const char *name)
{
	struct jf_update_flags f = {0};

	CHECK_STR(parse(&f, JF_UPDATE_KERNEL_MEMORY, "64m"), "(ok)");
	CHECK(!jf_update_flags_any(&f));
}

static void test_flag_names_are_runcs(const char *name)
{
	CHECK_STR(jf_update_flag_name(JF_UPDATE_MEMORY_SWAP), "memory-swap");
	CHECK_STR(jf_update_flag_name(JF_UPDATE_CPU_RT_RUNTIME),
		  "cpu-rt-runtime");
	CHECK_STR(jf_update_flag_name(JF_UPDATE_PIDS_LIMIT), "pids-limit");
	for (int i = 0; i < JF_UPDATE_N_FLAGS; i++)
		CHECK(jf_update_flag_name(i) != NULL);
}

int main(void)
{
	RUN(test_sizes_take_runc_units);
	RUN(test_bad_values_name_the_flag);
	RUN(test_resources_have_only_what_was_given);
	RUN(test_zero_leaves_pids_and_weight_unchanged);
	RUN(test_kernel_memory_is_ignored);
	RUN(test_flag_names_are_runcs);
	UNIT_EXIT();
}
