/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/cgroup/devices/: linux.resources.devices: the rule list (rules.c),
 * written as v1 devices.allow/deny lines (v1.c) or loaded as a v2 eBPF
 * filter (v2.c).
 */
#ifndef JF_CGROUP_DEVICES_H
#define JF_CGROUP_DEVICES_H

#include "cgroup/resources/resources.h"

/* A rule checked and reduced to what both versions need. */
struct cg_dev_rule {
	bool allow;
	char type;	 /* 'a' 'b' 'c' */
	int64_t major;	 /* -1: any */
	int64_t minor;	 /* -1: any */
	unsigned access; /* CG_DEV_R | CG_DEV_W | CG_DEV_M */
	int spec_index;	 /* index in linux.resources.devices, -1: built in */
};
#define CG_DEV_R 2u /* the kernel's BPF_DEVCG_ACC_* values */
#define CG_DEV_W 4u
#define CG_DEV_M 1u

/* deny all, the spec's rules in order, runc's default allow list:
 * *ret malloc'd. */
int cg_dev_rules(const struct oci_device_cgroup *d, size_t n,
		 struct cg_dev_rule **ret, size_t *ret_n, struct jf_error *err);
int cg_v1_devices(struct cg_build *b, const struct cg_dev_rule *rules, size_t n,
		  struct jf_error *err);
/* Load the eBPF device filter and attach it to a cgroup2 directory,
 * replacing a filter attached earlier by jfrun. */
int cg_v2_devices_attach(int dirfd, const struct cg_dev_rule *rules, size_t n,
			 struct jf_error *err);

#endif
