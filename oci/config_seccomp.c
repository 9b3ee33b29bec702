/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.json "linux.seccomp" (config-linux.md: Seccomp).  Names (actions,
 * architectures, operators, flags, syscalls) are kept as strings: src/
 * checks them against libseccomp.
 */
#include "config_internal.h"

static int read_arg(const struct json_reader *r, const struct json_value *v,
		    void *out)
{
	static const char *const required[] = {"index", "value", "op", NULL};
	struct oci_seccomp_arg *a = out;

	if (jr_require(r, v, required) ||
	    jr_u32(r, v, "index", &a->index, NULL) ||
	    jr_u64(r, v, "value", &a->value, NULL) ||
	    jr_u64(r, v, "valueTwo", &a->value_two, NULL) ||
	    jr_string(r, v, "op", &a->op))
		return -1;
	return 0;
}

static int read_syscall(const struct json_reader *r, const struct json_value *v,
			void *out)
{
	static const char *const required[] = {"names", "action", NULL};
	struct oci_seccomp_syscall *s = out;

	if (jr_require(r, v, required) ||
	    jr_strings(r, v, "names", &s->names, &s->n_names))
		return -1;
	if (s->n_names == 0)
		return jr_fail_member(r, v, "names",
				      "must have at least one element");
	if (jr_string(r, v, "action", &s->action) ||
	    jr_u32(r, v, "errnoRet", &s->errno_ret, &s->has_errno_ret) ||
	    jr_array(r, v, "args", read_arg, &s->args, &s->n_args))
		return -1;
	return 0;
}

int oci_read_seccomp(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	static const char *const required[] = {"defaultAction", NULL};
	struct oci_seccomp *s = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "defaultAction", &s->default_action) ||
	    jr_u32(r, v, "defaultErrnoRet", &s->default_errno_ret,
		   &s->has_default_errno_ret) ||
	    jr_strings(r, v, "architectures", &s->architectures,
		       &s->n_architectures) ||
	    jr_strings(r, v, "flags", &s->flags, &s->n_flags) ||
	    jr_string(r, v, "listenerPath", &s->listener_path) ||
	    jr_string(r, v, "listenerMetadata", &s->listener_metadata) ||
	    jr_array(r, v, "syscalls", read_syscall, &s->syscalls,
		     &s->n_syscalls))
		return -1;
	return 0;
}
