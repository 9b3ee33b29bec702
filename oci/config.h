/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The OCI runtime-spec 1.3 configuration (config.md, config-linux.md) as C
 * structs.  oci/ knows JSON and the spec, nothing about Linux: values are
 * kept as the spec writes them (strings for namespace types, capability and
 * rlimit names, seccomp actions, ...); src/ maps them to kernel values.
 *
 * Conventions:
 *  - every string is a malloc'd NUL-terminated copy, NULL when absent;
 *  - every array is a pointer plus a `n_...` count; arrays of strings
 *    also end with a NULL element (args and env go to execve as they are);
 *  - optional numbers have a `has_...` flag beside them;
 *  - oci_config_free() releases everything and accepts NULL and
 *    half-filled structs.
 */
#ifndef JF_OCI_CONFIG_H
#define JF_OCI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Resource bounds on the input (documented in README, enforced by the parser). */
#define OCI_CONFIG_MAX_BYTES (16u * 1024 * 1024) /* config.json size */
#define OCI_CONFIG_MAX_DEPTH 64                  /* JSON nesting */
#define OCI_CONFIG_MAX_ARRAY 65536               /* elements of any array */

struct oci_kv {
	char *key;
	char *value;
};

/* The largest uid or gid taken (runc's range, 0 to 2^31-1): (uid_t)-1
 * means "unchanged" to setresuid(2), and the ids above wrap in many tools. */
#define OCI_ID_MAX 2147483647u

struct oci_user {
	uint32_t uid; /* uid, gid, additional_gids: at most OCI_ID_MAX */
	uint32_t gid;
	bool has_umask;
	uint32_t umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	char *username; /* Windows only in the spec; kept for completeness */
};

struct oci_rlimit {
	char *type; /* "RLIMIT_NOFILE", ... */
	uint64_t hard;
	uint64_t soft;
};

struct oci_capabilities {
	/* Each set is NULL/0 when absent; names as written ("CAP_CHOWN"). */
	char **bounding;
	size_t n_bounding;
	char **effective;
	size_t n_effective;
	char **inheritable;
	size_t n_inheritable;
	char **permitted;
	size_t n_permitted;
	char **ambient;
	size_t n_ambient;
};

struct oci_console_size {
	uint32_t height;
	uint32_t width;
};

struct oci_scheduler {
	char *policy; /* "SCHED_OTHER", ... (required when scheduler present) */
	bool has_nice;
	int32_t nice;
	bool has_priority;
	int32_t priority;
	char **flags; /* "SCHED_FLAG_RESET_ON_FORK", ... */
	size_t n_flags;
	bool has_runtime;
	uint64_t runtime;
	bool has_deadline;
	uint64_t deadline;
	bool has_period;
	uint64_t period;
};

struct oci_io_priority {
	char *class_; /* "IOPRIO_CLASS_RT" | "IOPRIO_CLASS_BE" | "IOPRIO_CLASS_IDLE" */
	int32_t priority;
};

struct oci_exec_cpu_affinity {
	char *initial;
	char *final;
};

struct oci_process {
	bool terminal;
	bool has_console_size;
	struct oci_console_size console_size;
	struct oci_user user;
	char **args; /* required on create, at least one element */
	size_t n_args;
	char *command_line; /* Windows */
	char **env;         /* "KEY=VALUE" */
	size_t n_env;
	char *cwd; /* required, absolute */
	struct oci_capabilities *capabilities; /* NULL when absent */
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	char *apparmor_profile;
	bool has_oom_score_adj;
	int32_t oom_score_adj;
	char *selinux_label;
	struct oci_scheduler *scheduler;       /* NULL when absent */
	struct oci_io_priority *io_priority;   /* NULL when absent */
	struct oci_exec_cpu_affinity *exec_cpu_affinity; /* NULL when absent */
};

struct oci_root {
	char *path; /* required */
	bool readonly;
};

struct oci_mount {
	char *destination; /* required */
	char *type;
	char *source;
	char **options;
	size_t n_options;
	struct oci_id_mapping *uid_mappings;
	size_t n_uid_mappings;
	struct oci_id_mapping *gid_mappings;
	size_t n_gid_mappings;
};

struct oci_id_mapping {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;
};

struct oci_hook {
	char *path; /* required, absolute */
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	bool has_timeout;
	int32_t timeout; /* seconds, > 0 */
};

struct oci_hook_list {
	struct oci_hook *hooks;
	size_t n_hooks;
};

struct oci_hooks {
	struct oci_hook_list prestart; /* deprecated, still honoured */
	struct oci_hook_list create_runtime;
	struct oci_hook_list create_container;
	struct oci_hook_list start_container;
	struct oci_hook_list poststart;
	struct oci_hook_list poststop;
};

struct oci_namespace {
	char *type; /* "pid" "network" "mount" "ipc" "uts" "user" "cgroup" "time" */
	char *path; /* NULL: create a new one */
};

struct oci_time_offset {
	char *clock; /* "monotonic" | "boottime" (the JSON object's key) */
	int64_t secs;
	uint32_t nanosecs;
};

struct oci_device {
	char *type; /* "c" "b" "u" "p" */
	char *path; /* required, absolute */
	bool has_major;
	int64_t major;
	bool has_minor;
	int64_t minor;
	bool has_file_mode;
	uint32_t file_mode;
	bool has_uid;
	uint32_t uid;
	bool has_gid;
	uint32_t gid;
};

struct oci_device_cgroup {
	bool allow; /* required */
	char *type; /* "a" "c" "b"; NULL = "a" */
	bool has_major;
	int64_t major; /* absent = wildcard */
	bool has_minor;
	int64_t minor;
	char *access; /* "rwm" subset; NULL = "rwm" */
};

struct oci_memory {
	bool has_limit;
	int64_t limit;
	bool has_reservation;
	int64_t reservation;
	bool has_swap;
	int64_t swap;
	bool has_kernel;
	int64_t kernel;
	bool has_kernel_tcp;
	int64_t kernel_tcp;
	bool has_swappiness;
	uint64_t swappiness;
	bool has_disable_oom_killer;
	bool disable_oom_killer;
	bool has_use_hierarchy;
	bool use_hierarchy;
	bool has_check_before_update;
	bool check_before_update;
};

struct oci_cpu {
	bool has_shares;
	uint64_t shares;
	bool has_quota;
	int64_t quota;
	bool has_burst;
	uint64_t burst;
	bool has_period;
	uint64_t period;
	bool has_realtime_runtime;
	int64_t realtime_runtime;
	bool has_realtime_period;
	uint64_t realtime_period;
	char *cpus;
	char *mems;
	bool has_idle;
	int64_t idle;
};

struct oci_weight_device {
	int64_t major;
	int64_t minor;
	bool has_weight;
	uint16_t weight;
	bool has_leaf_weight;
	uint16_t leaf_weight;
};

struct oci_throttle_device {
	int64_t major;
	int64_t minor;
	uint64_t rate;
};

struct oci_block_io {
	bool has_weight;
	uint16_t weight;
	bool has_leaf_weight;
	uint16_t leaf_weight;
	struct oci_weight_device *weight_device;
	size_t n_weight_device;
	struct oci_throttle_device *throttle_read_bps_device;
	size_t n_throttle_read_bps_device;
	struct oci_throttle_device *throttle_write_bps_device;
	size_t n_throttle_write_bps_device;
	struct oci_throttle_device *throttle_read_iops_device;
	size_t n_throttle_read_iops_device;
	struct oci_throttle_device *throttle_write_iops_device;
	size_t n_throttle_write_iops_device;
};

struct oci_hugepage_limit {
	char *page_size; /* "2MB", "1GB", ... */
	uint64_t limit;
};

struct oci_net_priority {
	char *name;
	uint32_t priority;
};

struct oci_network {
	bool has_class_id;
	uint32_t class_id;
	struct oci_net_priority *priorities;
	size_t n_priorities;
};

struct oci_pids {
	int64_t limit; /* required when pids present; <= 0 means unlimited */
};

struct oci_rdma {
	char *device; /* the object's key */
	bool has_hca_handles;
	uint32_t hca_handles;
	bool has_hca_objects;
	uint32_t hca_objects;
};

struct oci_resources {
	struct oci_device_cgroup *devices;
	size_t n_devices;
	struct oci_memory *memory;     /* NULL when absent */
	struct oci_cpu *cpu;           /* NULL when absent */
	struct oci_block_io *block_io; /* NULL when absent */
	struct oci_hugepage_limit *hugepage_limits;
	size_t n_hugepage_limits;
	struct oci_network *network; /* NULL when absent */
	struct oci_pids *pids;       /* NULL when absent */
	struct oci_rdma *rdma;
	size_t n_rdma;
	struct oci_kv *unified; /* cgroup v2 file -> value */
	size_t n_unified;
};

struct oci_seccomp_arg {
	uint32_t index;
	uint64_t value;
	uint64_t value_two;
	char *op; /* "SCMP_CMP_EQ", ... */
};

struct oci_seccomp_syscall {
	char **names; /* at least one */
	size_t n_names;
	char *action; /* "SCMP_ACT_ERRNO", ... */
	bool has_errno_ret;
	uint32_t errno_ret;
	struct oci_seccomp_arg *args;
	size_t n_args;
};

struct oci_seccomp {
	char *default_action; /* required */
	bool has_default_errno_ret;
	uint32_t default_errno_ret;
	char **architectures; /* "SCMP_ARCH_X86_64", ... */
	size_t n_architectures;
	char **flags; /* "SECCOMP_FILTER_FLAG_LOG", ... */
	size_t n_flags;
	char *listener_path;
	char *listener_metadata;
	struct oci_seccomp_syscall *syscalls;
	size_t n_syscalls;
};

struct oci_intel_rdt {
	char *clos_id;
	char *l3_cache_schema;
	char *mem_bw_schema;
	char **schemata; /* 1.3: one line of the schemata file each */
	size_t n_schemata;
	bool enable_monitoring; /* 1.3 */
	bool enable_cmt;	/* 1.1-1.2, replaced by enableMonitoring */
	bool enable_mbm;
};

/* linux.memoryPolicy (1.3): set_mempolicy(2). */
struct oci_memory_policy {
	char *mode;   /* "MPOL_BIND", ... (required) */
	char *nodes;  /* "0-3,7"; NULL when absent */
	char **flags; /* "MPOL_F_STATIC_NODES", ... */
	size_t n_flags;
};

/* linux.netDevices (1.3): one entry per host device to move in. */
struct oci_net_device {
	char *host_name; /* the object's key */
	char *name;	 /* the name inside; NULL: the host name */
};

struct oci_personality {
	char *domain; /* "LINUX" | "LINUX32" */
	char **flags;
	size_t n_flags;
};

struct oci_linux {
	struct oci_namespace *namespaces;
	size_t n_namespaces;
	struct oci_id_mapping *uid_mappings;
	size_t n_uid_mappings;
	struct oci_id_mapping *gid_mappings;
	size_t n_gid_mappings;
	struct oci_time_offset *time_offsets;
	size_t n_time_offsets;
	struct oci_device *devices;
	size_t n_devices;
	char *cgroups_path;
	struct oci_resources *resources; /* NULL when absent */
	char *rootfs_propagation; /* "shared" "slave" "private" "unbindable" (r- forms too) */
	struct oci_seccomp *seccomp; /* NULL when absent */
	struct oci_kv *sysctl;
	size_t n_sysctl;
	char **masked_paths;
	size_t n_masked_paths;
	char **readonly_paths;
	size_t n_readonly_paths;
	char *mount_label;
	struct oci_intel_rdt *intel_rdt;     /* NULL when absent */
	struct oci_personality *personality; /* NULL when absent */
	struct oci_memory_policy *memory_policy; /* NULL when absent */
	struct oci_net_device *net_devices;
	size_t n_net_devices;
};

struct oci_config {
	char *oci_version; /* required */
	struct oci_root *root; /* required on Linux */
	struct oci_mount *mounts;
	size_t n_mounts;
	struct oci_process *process; /* required for create */
	char *hostname;
	char *domainname;
	struct oci_hooks *hooks; /* NULL when absent */
	struct oci_kv *annotations;
	size_t n_annotations;
	struct oci_linux *linux_; /* NULL when absent */
};

/*
 * Parse config.json text (`len` bytes, need not be NUL-terminated).
 * On success *ret is a new config and 0 is returned.  On failure -1 and err
 * says "config.json: <json path>: <why>", e.g.
 * "config.json: process.args[1]: expected a string".
 * Unknown keys are ignored; wrong types, missing required fields, values out
 * of range, inputs over the bounds above are errors.
 */
int oci_config_parse(const char *text, size_t len, struct oci_config **ret,
		     struct jf_error *err);

/* Read and parse a file (the size bound is checked before reading). */
int oci_config_parse_file(const char *path, struct oci_config **ret,
			  struct jf_error *err);

/* Parse a runtime-spec process object alone (for `exec --process`). */
int oci_process_parse(const char *text, size_t len, struct oci_process **ret,
		      struct jf_error *err);

/* Parse a runtime-spec linux.resources object alone (for `update --resources`). */
int oci_resources_parse(const char *text, size_t len,
			struct oci_resources **ret, struct jf_error *err);

void oci_config_free(struct oci_config *c);
void oci_process_free(struct oci_process *p);
void oci_resources_free(struct oci_resources *r);

/* Lookup helpers (NULL when absent). */
const char *oci_annotation(const struct oci_config *c, const char *key);
/* The spec's linux.memoryPolicy modes and flags, NULL-terminated (features). */
extern const char *const oci_memory_policy_modes[];
extern const char *const oci_memory_policy_flags[];

const struct oci_namespace *oci_namespace_find(const struct oci_config *c,
					       const char *type);

#endif
