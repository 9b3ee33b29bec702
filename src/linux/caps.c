/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * process.capabilities.  The order follows runc so that a process whose
 * process.user.uid is not 0 ends with exactly the requested sets:
 *   jf_caps_drop_bounding()  as root: shrink the bounding set, KEEPCAPS on
 *   setgroups/setresgid/setresuid (the caller): permitted survives
 *   jf_caps_apply()          capset E/P/I, raise ambient, KEEPCAPS off
 * Apply uses capset(2) on two plain words instead of a cap_t, so that the
 * container init does not allocate.
 */
#include "caps.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "log.h"

#define CAP_NAME(c) [c] = #c
/* Indexed by number; names libcap does not know are left out of
 * jf_caps_known_names() and refused by jf_caps_prepare(). */
static const char *const cap_names[] = {
    CAP_NAME(CAP_CHOWN),
    CAP_NAME(CAP_DAC_OVERRIDE),
    CAP_NAME(CAP_DAC_READ_SEARCH),
    CAP_NAME(CAP_FOWNER),
    CAP_NAME(CAP_FSETID),
    CAP_NAME(CAP_KILL),
    CAP_NAME(CAP_SETGID),
    CAP_NAME(CAP_SETUID),
    CAP_NAME(CAP_SETPCAP),
    CAP_NAME(CAP_LINUX_IMMUTABLE),
    CAP_NAME(CAP_NET_BIND_SERVICE),
    CAP_NAME(CAP_NET_BROADCAST),
    CAP_NAME(CAP_NET_ADMIN),
    CAP_NAME(CAP_NET_RAW),
    CAP_NAME(CAP_IPC_LOCK),
    CAP_NAME(CAP_IPC_OWNER),
    CAP_NAME(CAP_SYS_MODULE),
    CAP_NAME(CAP_SYS_RAWIO),
    CAP_NAME(CAP_SYS_CHROOT),
    CAP_NAME(CAP_SYS_PTRACE),
    CAP_NAME(CAP_SYS_PACCT),
    CAP_NAME(CAP_SYS_ADMIN),
    CAP_NAME(CAP_SYS_BOOT),
    CAP_NAME(CAP_SYS_NICE),
    CAP_NAME(CAP_SYS_RESOURCE),
    CAP_NAME(CAP_SYS_TIME),
    CAP_NAME(CAP_SYS_TTY_CONFIG),
    CAP_NAME(CAP_MKNOD),
    CAP_NAME(CAP_LEASE),
    CAP_NAME(CAP_AUDIT_WRITE),
    CAP_NAME(CAP_AUDIT_CONTROL),
    CAP_NAME(CAP_SETFCAP),
    CAP_NAME(CAP_MAC_OVERRIDE),
    CAP_NAME(CAP_MAC_ADMIN),
    CAP_NAME(CAP_SYSLOG),
    CAP_NAME(CAP_WAKE_ALARM),
    CAP_NAME(CAP_BLOCK_SUSPEND),
    CAP_NAME(CAP_AUDIT_READ),
#ifdef CAP_PERFMON
    CAP_NAME(CAP_PERFMON),
#endif
#ifdef CAP_BPF
    CAP_NAME(CAP_BPF),
#endif
#ifdef CAP_CHECKPOINT_RESTORE
    CAP_NAME(CAP_CHECKPOINT_RESTORE),
#endif
};
#undef CAP_NAME

#define N_CAP_NAMES (sizeof(cap_names) / sizeof(cap_names[0]))

static const char *cap_name(unsigned int cap)
{
	return cap < N_CAP_NAMES && cap_names[cap] ? cap_names[cap] : "?";
}

/* Only "CAP_*": cap_from_name() would also take "12" or "chown". */
static int name_to_cap(const char *name, cap_value_t *ret)
{
	if (name == NULL || strncmp(name, "CAP_", 4) != 0)
		return -1;
	if (cap_from_name(name, ret) < 0 || *ret < 0 || *ret >= 64)
		return -1;
	return 0;
}

/*
 * runtime-spec 1.2 (config.md, process.capabilities): a name unknown to the
 * runtime, or to the kernel, is logged as a warning and ignored, as runc
 * does.  (Only "CAP_*" names: libcap would also take "12" or "chown".)
 */
static uint64_t names_to_mask(const char *set, char *const *names, size_t n,
			      uint64_t kernel_mask)
{
	uint64_t mask = 0;
	cap_value_t cap;

	for (size_t i = 0; i < n; i++) {
		if (name_to_cap(names[i], &cap) < 0)
			jf_log_warning(
			    "process.capabilities.%s[%zu]: unknown capability "
			    "%s: ignored",
			    set, i, names[i] ? names[i] : "");
		else if (!(kernel_mask & (UINT64_C(1) << cap)))
			jf_log_warning(
			    "process.capabilities.%s[%zu]: %s is not known to "
			    "this kernel: ignored",
			    set, i, names[i]);
		else
			mask |= UINT64_C(1) << cap;
	}
	return mask;
}

/* The kernel refuses an effective capability that is not permitted:
 * say which one before anything runs. */
static int check_effective(const struct oci_capabilities *c,
			   const struct jf_caps *caps, struct jf_error *err)
{
	cap_value_t cap;

	if ((caps->effective & ~caps->permitted) == 0)
		return 0;
	for (size_t i = 0; i < c->n_effective; i++) {
		if (name_to_cap(c->effective[i], &cap) < 0)
			continue; /* ignored with a warning */
		if (caps->effective & ~caps->permitted & (UINT64_C(1) << cap))
			return jf_error_set(
			    err, 0,
			    "process.capabilities.effective[%zu]:"
			    " %s is not in "
			    "process.capabilities.permitted",
			    i, c->effective[i]);
	}
	return 0;
}

/* A capability outside jfrun's own bounding set can never be granted
 * (this VM lacks CAP_SYS_RESOURCE, for one): refuse it at create, naming
 * it, rather than fail in the init after `start`. */
static int check_available(const struct jf_caps *caps, struct jf_error *err)
{
	/* (In the bounding set it is harmless: already dropped.) */
	static const char *const sets[] = {"effective", "permitted", "inheritable"};
	const uint64_t masks[] = {caps->effective, caps->permitted, caps->inheritable};

	for (unsigned int cap = 0; cap < 64; cap++) {
		uint64_t bit = UINT64_C(1) << cap;
		bool wanted = false;

		for (size_t i = 0; i < 3; i++)
			wanted |= (masks[i] & bit) != 0;
		if (!wanted || prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 0)
			continue;
		for (size_t i = 0; i < 3; i++)
			if (masks[i] & bit)
				return jf_error_set(err, 0,
						    "process.capabilities.%s: %s is not in jfrun's own bounding set, so it cannot be granted",
						    sets[i], cap_name(cap));
	}
	return 0;
}

int jf_caps_prepare(const struct oci_capabilities *c, struct jf_caps *ret,
		    struct jf_error *err)
{
	return jf_caps_prepare_for_kernel(c, cap_max_bits(), ret, err);
}

int jf_caps_prepare_for_kernel(const struct oci_capabilities *c,
			       unsigned int kernel_caps, struct jf_caps *ret,
			       struct jf_error *err)
{
	uint64_t kmask =
	    kernel_caps >= 64 ? UINT64_MAX : (UINT64_C(1) << kernel_caps) - 1;
	/* Absent process.capabilities means no capabilities at all, as in
	 * runc and crun: every set empty, the bounding set too. */
	struct jf_caps caps = {.present = true};

	memset(ret, 0, sizeof(*ret));
	if (c == NULL) {
		*ret = caps;
		return 0;
	}
	caps.bounding =
	    names_to_mask("bounding", c->bounding, c->n_bounding, kmask);
	caps.effective =
	    names_to_mask("effective", c->effective, c->n_effective, kmask);
	caps.inheritable = names_to_mask("inheritable", c->inheritable,
					 c->n_inheritable, kmask);
	caps.permitted =
	    names_to_mask("permitted", c->permitted, c->n_permitted, kmask);
	caps.ambient =
	    names_to_mask("ambient", c->ambient, c->n_ambient, kmask);
	if (check_effective(c, &caps, err) < 0 ||
	    check_available(&caps, err) < 0)
		return -1;
	/* The kernel raises an ambient capability only if it is permitted
	 * and inheritable; runc and crun skip the others (podman sends
	 * ambient sets with an empty inheritable set), so do we. */
	caps.ambient &= caps.permitted & caps.inheritable;
	*ret = caps;
	return 0;
}

int jf_caps_drop_bounding(const struct jf_caps *c, struct jf_error *err)
{
	unsigned int bits = cap_max_bits();

	if (!c->present)
		return 0;
	for (unsigned int cap = 0; cap < bits && cap < 64; cap++) {
		if (c->bounding & (UINT64_C(1) << cap))
			continue;
		if (cap_drop_bound(cap) < 0)
			return jf_error_errno(err,
					      "process.capabilities.bounding: "
					      "dropping %s",
					      cap_name(cap));
	}
	/* Keep the permitted set across the caller's setresuid(). */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return jf_error_errno(err, "process.capabilities: "
					   "prctl(PR_SET_KEEPCAPS)");
	return 0;
}

static int set_epi(const struct jf_caps *c, struct jf_error *err)
{
	struct __user_cap_header_struct hdr = {
	    .version = _LINUX_CAPABILITY_VERSION_3,
	    .pid = 0,
	};
	struct __user_cap_data_struct data[2];

	for (int i = 0; i < 2; i++) {
		data[i].effective = (uint32_t)(c->effective >> (32 * i));
		data[i].permitted = (uint32_t)(c->permitted >> (32 * i));
		data[i].inheritable = (uint32_t)(c->inheritable >> (32 * i));
	}
	if (capset(&hdr, data) < 0)
		return jf_error_errno(err,
				      "process.capabilities: setting effective "
				      "%#" PRIx64 ", permitted %#" PRIx64
				      ", inheritable %#" PRIx64,
				      c->effective, c->permitted,
				      c->inheritable);
	return 0;
}

static int set_ambient(const struct jf_caps *c, struct jf_error *err)
{
	/* An exec'd process may inherit ambient bits from the runtime.
	 * (prctl, not cap_reset_ambient(): that one reads every bit first.) */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		return jf_error_errno(err, "process.capabilities.ambient: "
					   "clearing");
	for (unsigned int cap = 0; cap < 64; cap++) {
		if (!(c->ambient & (UINT64_C(1) << cap)))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return jf_error_errno(err,
					      "process.capabilities.ambient: "
					      "raising %s",
					      cap_name(cap));
	}
	return 0;
}

int jf_caps_apply(const struct jf_caps *c, struct jf_error *err)
{
	if (!c->present)
		return 0;
	if (set_epi(c, err) < 0 || set_ambient(c, err) < 0)
		return -1;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return jf_error_errno(err, "process.capabilities: "
					   "prctl(PR_SET_KEEPCAPS)");
	return 0;
}

const char **jf_caps_known_names(void)
{
	const char **names = calloc(N_CAP_NAMES + 1, sizeof(*names));
	cap_value_t cap;
	size_t n = 0;

	if (names == NULL)
		return NULL;
	for (size_t i = 0; i < N_CAP_NAMES; i++) {
		if (cap_names[i] != NULL &&
		    cap_from_name(cap_names[i], &cap) == 0)
			names[n++] = cap_names[i];
	}
	return names;
}
