/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runc's `update` flags (--memory, --cpu-quota, ...) with runc's value
 * forms (sizes such as 64m or 1g, -1 for unlimited; zero leaves a value
 * unchanged), and the linux.resources they ask for.  Pure parsing: no
 * container, no cgroup.
 */
#ifndef JF_UPDATE_FLAGS_H
#define JF_UPDATE_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

enum jf_update_flag {
	JF_UPDATE_MEMORY,
	JF_UPDATE_MEMORY_RESERVATION,
	JF_UPDATE_MEMORY_SWAP,
	JF_UPDATE_KERNEL_MEMORY,
	JF_UPDATE_KERNEL_MEMORY_TCP,
	JF_UPDATE_CPU_SHARES,
	JF_UPDATE_CPU_QUOTA,
	JF_UPDATE_CPU_PERIOD,
	JF_UPDATE_CPU_BURST,
	JF_UPDATE_CPU_IDLE,
	JF_UPDATE_CPU_RT_RUNTIME,
	JF_UPDATE_CPU_RT_PERIOD,
	JF_UPDATE_CPUSET_CPUS,
	JF_UPDATE_CPUSET_MEMS,
	JF_UPDATE_PIDS_LIMIT,
	JF_UPDATE_BLKIO_WEIGHT,
	JF_UPDATE_L3_CACHE_SCHEMA,
	JF_UPDATE_MEM_BW_SCHEMA,
	JF_UPDATE_N_FLAGS,
};

/* One flag's value as parsed (s: the text itself, not copied). */
struct jf_update_value {
	bool set;
	int64_t i;
	uint64_t u;
	const char *s;
};

struct jf_update_flags {
	struct jf_update_value v[JF_UPDATE_N_FLAGS];
};

/* The flag's name without "--" ("memory", "cpu-shares", ...). */
const char *jf_update_flag_name(enum jf_update_flag flag);

/* Parse one flag's value into f (the last one given wins); errors name
 * the flag.  The kernel memory flags are accepted with a warning and
 * ignored, as runc does; the Intel RDT ones are refused. */
int jf_update_flag_parse(struct jf_update_flags *f, enum jf_update_flag flag,
			 const char *text, struct jf_error *err);

/* Whether any flag that means something was given. */
bool jf_update_flags_any(const struct jf_update_flags *f);

/* The resources the flags ask for (sections only for what was given). */
int jf_update_flags_resources(const struct jf_update_flags *f,
			      struct oci_resources **ret, struct jf_error *err);

#endif
