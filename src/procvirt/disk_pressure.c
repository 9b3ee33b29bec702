/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/diskstats from the container's I/O (v2 io.stat, v1 blkio), the
 * devices named as the host names them; /proc/pressure/{cpu,memory,io} from the
 * cgroup's own PSI files; and the table of every view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procvirt/procvirt.h"

struct dev_io {
	unsigned major, minor;
	uint64_t rbytes, wbytes, rios, wios;
};

#define MAX_DEVS 64

static struct dev_io *dev_find(struct dev_io *d, size_t *n, unsigned major,
			       unsigned minor)
{
	for (size_t i = 0; i < *n; i++)
		if (d[i].major == major && d[i].minor == minor)
			return &d[i];
	if (*n == MAX_DEVS)
		return NULL;
	d[*n] = (struct dev_io){.major = major, .minor = minor};
	return &d[(*n)++];
}

/* "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" */
static void parse_io_stat(const char *text, struct dev_io *d, size_t *n)
{
	for (const char *p = text; p != NULL && *p != '\0';) {
		unsigned ma, mi;
		const char *nl = strchr(p, '\n');
		struct dev_io *e;
		if (sscanf(p, "%u:%u", &ma, &mi) == 2 &&
		    (e = dev_find(d, n, ma, mi)) != NULL) {
			static const char *const keys[4] = {
			    "rbytes=", "wbytes=", "rios=", "wios="};
			uint64_t *dst[4] = {&e->rbytes, &e->wbytes, &e->rios,
					    &e->wios};
			for (int k = 0; k < 4; k++) {
				const char *at = strstr(p, keys[k]);
				if (at != NULL && (nl == NULL || at < nl))
					*dst[k] = strtoull(at + strlen(keys[k]),
							   NULL, 10);
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* "8:0 Read 123" (v1 blkio); ios: the serviced counts, else bytes */
static void parse_blkio(const char *text, bool ios, struct dev_io *d, size_t *n)
{
	for (const char *p = text; p != NULL && *p != '\0';) {
		unsigned ma, mi;
		char op[16];
		unsigned long long v;
		struct dev_io *e;
		if (sscanf(p, "%u:%u %15s %llu", &ma, &mi, op, &v) == 4 &&
		    (e = dev_find(d, n, ma, mi)) != NULL) {
			if (strcmp(op, "Read") == 0)
				*(ios ? &e->rios : &e->rbytes) = v;
			else if (strcmp(op, "Write") == 0)
				*(ios ? &e->wios : &e->wbytes) = v;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
}

/* The host's name of a device, from its /proc/diskstats; false if none. */
static bool dev_name(const char *diskstats, unsigned major, unsigned minor,
		     char name[64])
{
	for (const char *p = diskstats; p != NULL && *p != '\0';) {
		unsigned ma, mi;
		if (sscanf(p, "%u %u %63s", &ma, &mi, name) == 3 &&
		    ma == major && mi == minor)
			return true;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return false;
}

int jf_pv_diskstats(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	const struct jf_cgroup_figures *f = in->cg;
	struct dev_io d[MAX_DEVS];
	size_t n = 0;
	char name[64];

	parse_io_stat(f->io_stat, d, &n);
	parse_blkio(f->blkio_bytes, false, d, &n);
	parse_blkio(f->blkio_ios, true, d, &n);
	for (size_t i = 0; i < n; i++) {
		if (!dev_name(in->host_diskstats, d[i].major, d[i].minor, name))
			continue;
		if (jf_pv_printf(out,
				 "%4u %7u %s %llu 0 %llu 0 %llu 0 %llu 0 0 0 0 "
				 "0 0 0 0 0 0\n",
				 d[i].major, d[i].minor, name,
				 (unsigned long long)d[i].rios,
				 (unsigned long long)(d[i].rbytes / 512),
				 (unsigned long long)d[i].wios,
				 (unsigned long long)(d[i].wbytes / 512)) < 0)
			return -1;
	}
	return 0;
}

static int pressure(const struct jf_pv_input *in, int i, struct jf_pv_buf *out)
{
	const char *t = in->cg->pressure[i];

	return t == NULL ? 0 : jf_pv_printf(out, "%s", t);
}

int jf_pv_pressure_cpu(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	return pressure(in, 0, out);
}

int jf_pv_pressure_memory(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	return pressure(in, 1, out);
}

int jf_pv_pressure_io(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	return pressure(in, 2, out);
}

const struct jf_pv_view jf_pv_views[] = {
    {"/proc/meminfo", jf_pv_meminfo, -1},
    {"/proc/cpuinfo", jf_pv_cpuinfo, -1},
    {"/proc/stat", jf_pv_stat, -1},
    {"/proc/uptime", jf_pv_uptime, -1},
    {"/proc/loadavg", jf_pv_loadavg, -1},
    {"/proc/swaps", jf_pv_swaps, -1},
    {"/proc/diskstats", jf_pv_diskstats, -1},
    {"/proc/pressure/cpu", jf_pv_pressure_cpu, 0},
    {"/proc/pressure/memory", jf_pv_pressure_memory, 1},
    {"/proc/pressure/io", jf_pv_pressure_io, 2},
    {"/sys/devices/system/cpu/online", jf_pv_cpu_online, -1},
    {"/sys/devices/system/cpu/possible", jf_pv_cpu_online, -1},
    {"/sys/devices/system/cpu/present", jf_pv_cpu_online, -1},
};
const size_t jf_pv_n_views = sizeof(jf_pv_views) / sizeof(jf_pv_views[0]);
