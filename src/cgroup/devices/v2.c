/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device rules on cgroup v2: an eBPF program of type CGROUP_DEVICE attached
 * to the container's cgroup directory (v2 has no devices files; libcgroup
 * does not do eBPF).  The program checks the rules from the last to the
 * first and returns the first match's verdict, which is the v1 semantics
 * where a later rule wins; nothing matching means deny.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"
#include "cleanup.h"

#define RWM	(CG_DEV_R | CG_DEV_W | CG_DEV_M)
#define MAX_OLD 64

struct prog {
	struct bpf_insn *insn;
	size_t n;
};

static void emit(struct prog *p, uint8_t code, uint8_t dst, uint8_t src,
		 int16_t off, int32_t imm)
{
	p->insn[p->n++] = (struct bpf_insn){.code = code,
					    .dst_reg = dst,
					    .src_reg = src,
					    .off = off,
					    .imm = imm};
}

/* r2 = device type, r3 = access requested, r4 = major, r5 = minor
 * (struct bpf_cgroup_dev_ctx: access_type = access << 16 | type). */
static void emit_prologue(struct prog *p)
{
	emit(p, BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0);
	emit(p, BPF_ALU | BPF_MOV | BPF_X, 3, 2, 0, 0);
	emit(p, BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff);
	emit(p, BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, 4, 1, 4, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, 5, 1, 8, 0);
}

static size_t rule_checks(const struct cg_dev_rule *r)
{
	return (r->type != 'a') + 3 * (r->access != RWM) + (r->major >= 0) +
	       (r->minor >= 0);
}

/* Each check jumps over the rest of the block when it does not match. */
static void emit_rule(struct prog *p, const struct cg_dev_rule *r)
{
	int16_t left = (int16_t)(rule_checks(r) + 2);

	if (r->type != 'a')
		emit(p, BPF_JMP | BPF_JNE | BPF_K, 2, 0, --left,
		     r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
	if (r->access != RWM) {
		/* the request must be within the rule's access */
		emit(p, BPF_ALU | BPF_MOV | BPF_X, 1, 3, 0, 0);
		left--;
		emit(p, BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, (int32_t)r->access);
		left--;
		emit(p, BPF_JMP | BPF_JNE | BPF_X, 1, 3, --left, 0);
	}
	if (r->major >= 0)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, 4, 0, --left,
		     (int32_t)r->major);
	if (r->minor >= 0)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, 5, 0, --left,
		     (int32_t)r->minor);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, r->allow ? 1 : 0);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static int build(const struct cg_dev_rule *rules, size_t n, struct prog *p,
		 struct jf_error *err)
{
	p->n = 0;
	p->insn = calloc(6 + n * 9 + 2, sizeof(*p->insn));
	if (p->insn == NULL)
		return jf_error_errno(err, "linux.resources.devices");
	emit_prologue(p);
	for (size_t i = n; i-- > 0;) {
		emit_rule(p, &rules[i]);
		if (rule_checks(&rules[i]) == 0)
			return 0; /* matches everything: earlier rules are dead
				   */
	}
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return 0;
}

static int bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int load(const struct prog *p, struct jf_error *err)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)p->insn;
	attr.insn_cnt = (uint32_t)p->n;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	fd = bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		return jf_error_errno(err, "linux.resources.devices: loading "
					   "the eBPF device filter");
	return fd;
}

/* Ids of the device programs attached to this very cgroup. */
static int query(int dirfd, uint32_t *ids, uint32_t *n)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.query.target_fd = (uint32_t)dirfd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
	attr.query.prog_cnt = *n;
	if (bpf(BPF_PROG_QUERY, &attr) < 0)
		return -1;
	*n = attr.query.prog_cnt;
	return 0;
}

static void detach_old(int dirfd, const uint32_t *ids, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		union bpf_attr attr;
		cleanup_close int fd = -1;

		memset(&attr, 0, sizeof(attr));
		attr.prog_id = ids[i];
		fd = bpf(BPF_PROG_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue;
		memset(&attr, 0, sizeof(attr));
		attr.target_fd = (uint32_t)dirfd;
		attr.attach_bpf_fd = (uint32_t)fd;
		attr.attach_type = BPF_CGROUP_DEVICE;
		bpf(BPF_PROG_DETACH, &attr);
	}
}

int cg_v2_devices_attach(int dirfd, const struct cg_dev_rule *rules, size_t n,
			 struct jf_error *err)
{
	struct prog p = {0};
	uint32_t old[MAX_OLD], n_old = MAX_OLD;
	cleanup_close int fd = -1;
	union bpf_attr attr;

	if (build(rules, n, &p, err) < 0)
		return -1;
	fd = load(&p, err);
	free(p.insn);
	if (fd < 0)
		return -1;
	if (query(dirfd, old, &n_old) < 0)
		n_old = 0;
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)dirfd;
	attr.attach_bpf_fd = (uint32_t)fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (bpf(BPF_PROG_ATTACH, &attr) < 0)
		return jf_error_errno(err, "linux.resources.devices: attaching "
					   "the eBPF device filter");
	/* The new filter is in force before the old ones go: no gap. */
	detach_old(dirfd, old, n_old > MAX_OLD ? MAX_OLD : n_old);
	return 0;
}
