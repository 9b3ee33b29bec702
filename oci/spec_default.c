/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The default config.json: what `runc spec` (1.1) writes, with our
 * ociVersion and hostname "jfrun".  Kept as text, in runc's layout (tabs, no
 * final newline), so that it reads as the file it produces.
 */
#include "spec_default.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h" /* OCI_VERSION */

/* One literal line per line of the file. */
/* clang-format off */
static const char head[] =
	"{\n"
	"\t\"ociVersion\": \"" OCI_VERSION "\",\n"
	"\t\"process\": {\n"
	"\t\t\"terminal\": true,\n"
	"\t\t\"user\": {\n"
	"\t\t\t\"uid\": 0,\n"
	"\t\t\t\"gid\": 0\n"
	"\t\t},\n"
	"\t\t\"args\": [\n"
	"\t\t\t\"sh\"\n"
	"\t\t],\n"
	"\t\t\"env\": [\n"
	"\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
	"\t\t\t\"TERM=xterm\"\n"
	"\t\t],\n"
	"\t\t\"cwd\": \"/\",\n"
	"\t\t\"capabilities\": {\n"
	"\t\t\t\"bounding\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t],\n"
	"\t\t\t\"effective\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t],\n"
	"\t\t\t\"permitted\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t],\n"
	"\t\t\t\"ambient\": [\n"
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"
	"\t\t\t\t\"CAP_KILL\",\n"
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t\"rlimits\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n"
	"\t\t\t\t\"hard\": 1024,\n"
	"\t\t\t\t\"soft\": 1024\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"noNewPrivileges\": true\n"
	"\t},\n"
	"\t\"root\": {\n"
	"\t\t\"path\": \"rootfs\",\n"
	"\t\t\"readonly\": true\n"
	"\t},\n"
	"\t\"hostname\": \"jfrun\",\n"
	"\t\"mounts\": [\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/proc\",\n"
	"\t\t\t\"type\": \"proc\",\n"
	"\t\t\t\"source\": \"proc\"\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev\",\n"
	"\t\t\t\"type\": \"tmpfs\",\n"
	"\t\t\t\"source\": \"tmpfs\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"strictatime\",\n"
	"\t\t\t\t\"mode=755\",\n"
	"\t\t\t\t\"size=65536k\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev/pts\",\n"
	"\t\t\t\"type\": \"devpts\",\n"
	"\t\t\t\"source\": \"devpts\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"newinstance\",\n"
	"\t\t\t\t\"ptmxmode=0666\",\n";

/* /dev/pts: rootless drops "gid=5", which needs a mapped group 5. */
static const char devpts_gid[] =
	"\t\t\t\t\"mode=0620\",\n"
	"\t\t\t\t\"gid=5\"\n";
static const char devpts_rootless[] =
	"\t\t\t\t\"mode=0620\"\n";

static const char shm_mqueue[] =
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev/shm\",\n"
	"\t\t\t\"type\": \"tmpfs\",\n"
	"\t\t\t\"source\": \"shm\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"mode=1777\",\n"
	"\t\t\t\t\"size=65536k\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/dev/mqueue\",\n"
	"\t\t\t\"type\": \"mqueue\",\n"
	"\t\t\t\"source\": \"mqueue\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n"
	"\t\t\t\"destination\": \"/sys\",\n";

static const char sysfs[] =
	"\t\t\t\"type\": \"sysfs\",\n"
	"\t\t\t\"source\": \"sysfs\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"ro\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n";

/* Rootless cannot mount a fresh sysfs without a network namespace it owns:
 * bind the host's. */
static const char sysfs_rootless[] =
	"\t\t\t\"type\": \"none\",\n"
	"\t\t\t\"source\": \"/sys\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"rbind\",\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"ro\"\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t{\n";

static const char cgroup_linux[] =
	"\t\t\t\"destination\": \"/sys/fs/cgroup\",\n"
	"\t\t\t\"type\": \"cgroup\",\n"
	"\t\t\t\"source\": \"cgroup\",\n"
	"\t\t\t\"options\": [\n"
	"\t\t\t\t\"nosuid\",\n"
	"\t\t\t\t\"noexec\",\n"
	"\t\t\t\t\"nodev\",\n"
	"\t\t\t\t\"relatime\",\n"
	"\t\t\t\t\"ro\"\n"
	"\t\t\t]\n"
	"\t\t}\n"
	"\t],\n"
	"\t\"linux\": {\n";

static const char linux_default[] =
	"\t\t\"resources\": {\n"
	"\t\t\t\"devices\": [\n"
	"\t\t\t\t{\n"
	"\t\t\t\t\t\"allow\": false,\n"
	"\t\t\t\t\t\"access\": \"rwm\"\n"
	"\t\t\t\t}\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t\"namespaces\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"pid\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"network\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"ipc\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"uts\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"mount\"\n"
	"\t\t\t}\n"
	"\t\t],\n";

/* The calling user as root in a user namespace; no network namespace (it
 * could not be configured) and no devices cgroup (not delegated). */
static const char linux_rootless_fmt[] =
	"\t\t\"uidMappings\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"containerID\": 0,\n"
	"\t\t\t\t\"hostID\": %u,\n"
	"\t\t\t\t\"size\": 1\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"gidMappings\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"containerID\": 0,\n"
	"\t\t\t\t\"hostID\": %u,\n"
	"\t\t\t\t\"size\": 1\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"namespaces\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"pid\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"ipc\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"uts\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"mount\"\n"
	"\t\t\t},\n"
	"\t\t\t{\n"
	"\t\t\t\t\"type\": \"user\"\n"
	"\t\t\t}\n"
	"\t\t],\n";

static const char tail[] =
	"\t\t\"maskedPaths\": [\n"
	"\t\t\t\"/proc/acpi\",\n"
	"\t\t\t\"/proc/asound\",\n"
	"\t\t\t\"/proc/kcore\",\n"
	"\t\t\t\"/proc/keys\",\n"
	"\t\t\t\"/proc/latency_stats\",\n"
	"\t\t\t\"/proc/timer_list\",\n"
	"\t\t\t\"/proc/timer_stats\",\n"
	"\t\t\t\"/proc/sched_debug\",\n"
	"\t\t\t\"/sys/firmware\",\n"
	"\t\t\t\"/proc/scsi\"\n"
	"\t\t],\n"
	"\t\t\"readonlyPaths\": [\n"
	"\t\t\t\"/proc/bus\",\n"
	"\t\t\t\"/proc/fs\",\n"
	"\t\t\t\"/proc/irq\",\n"
	"\t\t\t\"/proc/sys\",\n"
	"\t\t\t\"/proc/sysrq-trigger\"\n"
	"\t\t]\n"
	"\t}\n"
	"}";
/* clang-format on */

static int concat(const char *const *parts, size_t n, char **ret_buf,
		  size_t *ret_len, struct jf_error *err)
{
	size_t len = 0;
	char *buf, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(parts[i]);
	buf = malloc(len + 1);
	if (buf == NULL)
		return jf_error_set(err, ENOMEM, "default spec");
	p = buf;
	for (size_t i = 0; i < n; i++)
		p = stpcpy(p, parts[i]);
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

int oci_spec_default_json(bool rootless, unsigned uid, unsigned gid,
			  char **ret_buf, size_t *ret_len, struct jf_error *err)
{
	char linux_rootless[sizeof(linux_rootless_fmt) + 32];
	const char *parts[] = {head,	     devpts_gid,    shm_mqueue, sysfs,
			       cgroup_linux, linux_default, tail};

	if (rootless) {
		snprintf(linux_rootless, sizeof(linux_rootless),
			 linux_rootless_fmt, uid, gid);
		parts[1] = devpts_rootless;
		parts[3] = sysfs_rootless;
		parts[5] = linux_rootless;
	}
	return concat(parts, sizeof(parts) / sizeof(parts[0]), ret_buf, ret_len,
		      err);
}
