/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /proc views' renderers (procvirt/) on fixed v1 and v2 figures. */
#include <stdlib.h>
#include <string.h>

#include "procvirt/procvirt.h"
#include "unit.h"

static const char host_meminfo[] = "MemTotal:       16318600 kB\n"
				   "MemFree:        10000000 kB\n"
				   "MemAvailable:   14000000 kB\n"
				   "Buffers:          200000 kB\n"
				   "Cached:          3000000 kB\n"
				   "SwapCached:            0 kB\n"
				   "Active:          2000000 kB\n"
				   "Inactive:        2500000 kB\n"
				   "Active(anon):     900000 kB\n"
				   "Inactive(anon):   100000 kB\n"
				   "Active(file):    1100000 kB\n"
				   "Inactive(file):  2400000 kB\n"
				   "SwapTotal:       4194300 kB\n"
				   "SwapFree:        4194300 kB\n"
				   "AnonPages:        950000 kB\n"
				   "Shmem:             50000 kB\n"
				   "Slab:             400000 kB\n"
				   "SReclaimable:     300000 kB\n"
				   "VmallocTotal:   34359738367 kB\n"
				   "HugePages_Total:       0\n"
				   "Hugepagesize:       2048 kB\n";

static const char host_cpuinfo[] = "processor\t: 0\nmodel name\t: Test CPU\n\n"
				   "processor\t: 1\nmodel name\t: Test CPU\n\n"
				   "processor\t: 2\nmodel name\t: Test CPU\n\n"
				   "processor\t: 3\nmodel name\t: Test CPU\n\n";

static const char host_stat[] = "cpu  1 2 3 4 5 6 7 8 9 10\n"
				"cpu0 1 2 3 4 5 6 7 8 9 10\n"
				"intr 12345\nctxt 999\nbtime 1700000000\n"
				"processes 4242\nprocs_running 7\n"
				"procs_blocked 1\n";

static const char host_diskstats[] =
    "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n"
    "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n";

/* 256 MiB limit, 100 MiB used of which 40 MiB file cache. */
static const char v2_stat[] = "anon 62914560\nfile 41943040\n"
			      "kernel_stack 65536\npagetables 131072\n"
			      "shmem 1048576\nfile_mapped 2097152\n"
			      "active_anon 31457280\ninactive_anon 31457280\n"
			      "active_file 20971520\ninactive_file 20971520\n"
			      "unevictable 0\nslab_reclaimable 1048576\n"
			      "slab_unreclaimable 524288\nslab 1572864\n";
static const char v1_stat[] = "cache 0\nrss 0\n"
			      "hierarchical_memory_limit 268435456\n"
			      "hierarchical_memsw_limit 268435456\n"
			      "total_cache 41943040\ntotal_rss 62914560\n"
			      "total_shmem 1048576\ntotal_swap 0\n"
			      "total_active_anon 31457280\n"
			      "total_inactive_anon 31457280\n"
			      "total_active_file 20971520\n"
			      "total_inactive_file 20971520\n";

struct fixture {
	struct jf_cgroup_figures f;
	struct jf_pv_cpus cpus;
	struct jf_pv_load load;
	struct jf_pv_input in;
	struct jf_pv_buf out;
};

static void setup(struct fixture *x, bool v2)
{
	memset(x, 0, sizeof(*x));
	x->f.v2 = v2;
	x->f.has_memory = true;
	x->f.mem_limit = 256u << 20;
	x->f.mem_usage = 100u << 20;
	x->f.has_swap = true;
	x->f.swap_limit = v2 ? 64u << 20 : 0;
	x->f.swap_usage = v2 ? 16u << 20 : 0;
	x->f.memory_stat = (char *)(v2 ? v2_stat : v1_stat);
	x->f.has_cpu_usage = true;
	x->f.cpu_user_ns = 3000000000ull;
	x->f.cpu_system_ns = 1000000000ull;
	if (!v2) {
		x->f.percpu_user = (char *)"1000000000 0 2000000000 0 \n";
		x->f.percpu_sys = (char *)"500000000 0 500000000 0 \n";
		x->f.blkio_bytes = (char *)"8:0 Read 1048576\n8:0 Write "
					   "2097152\n8:0 Total 3145728\n"
					   "Total 3145728\n";
		x->f.blkio_ios = (char *)"8:0 Read 10\n8:0 Write 20\n";
	} else {
		x->f.io_stat = (char *)"8:0 rbytes=1048576 wbytes=2097152 "
				       "rios=10 wios=20 dbytes=0 dios=0\n"
				       "7:0 rbytes=1 wbytes=1 rios=1 wios=1\n";
		x->f.pressure[1] =
		    (char *)"some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n";
	}
	jf_pv_cpus_pick("0,2", "0-3", 0, &x->cpus);
	x->in = (struct jf_pv_input){.cg = &x->f,
				     .cpus = &x->cpus,
				     .host_meminfo = host_meminfo,
				     .host_cpuinfo = host_cpuinfo,
				     .host_stat = host_stat,
				     .host_diskstats = host_diskstats,
				     .uptime = 1000.0,
				     .init_start = 900.0,
				     .hz = 100,
				     .load = &x->load,
				     .nr_running = 1,
				     .nr_total = 3,
				     .last_pid = 12};
}

/* The kB value of a meminfo key in text, or -1. */
static long long field(const char *text, const char *key)
{
	size_t len = strlen(key);

	for (const char *p = text; p != NULL && *p;) {
		if (strncmp(p, key, len) == 0 && p[len] == ':')
			return strtoll(p + len + 1, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -1;
}

static bool no_field_above_total(const char *text)
{
	long long total = field(text, "MemTotal");

	for (const char *p = text; p != NULL && *p;) {
		const char *colon = strchr(p, ':');
		if (strncmp(p, "Swap", 4) != 0 && colon &&
		    strtoll(colon + 1, NULL, 10) > total)
			return false;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return true;
}

static void check_meminfo(const char *name, bool v2)
{
	struct fixture x;

	setup(&x, v2);
	CHECK(jf_pv_meminfo(&x.in, &x.out) == 0);
	CHECK(field(x.out.p, "MemTotal") == 262144);
	CHECK(field(x.out.p, "MemFree") == 262144 - 102400);
	/* free + file cache + reclaimable slab */
	CHECK(field(x.out.p, "MemAvailable") ==
	      262144 - 102400 + 40960 + (v2 ? 1024 : 0));
	CHECK(field(x.out.p, "Cached") == 40960);
	CHECK(field(x.out.p, "Buffers") == 0);
	CHECK(field(x.out.p, "AnonPages") == 61440);
	CHECK(field(x.out.p, "Active") == 30720 + 20480);
	CHECK(field(x.out.p, "Shmem") == 1024);
	CHECK(field(x.out.p, "SwapTotal") == (v2 ? 65536 : 0));
	CHECK(field(x.out.p, "SwapFree") == (v2 ? 65536 - 16384 : 0));
	CHECK(field(x.out.p, "VmallocTotal") == 262144);
	CHECK(no_field_above_total(x.out.p));
	CHECK(strstr(x.out.p, "HugePages_Total:       0\n") != NULL);
	CHECK(strstr(x.out.p, "MemTotal:         262144 kB\n") != NULL);
	jf_pv_buf_free(&x.out);
}

static void test_meminfo_v1(const char *name)
{
	check_meminfo(name, false);
}

static void test_meminfo_v2(const char *name)
{
	check_meminfo(name, true);
}

static void test_meminfo_limit_above_host_is_capped(const char *name)
{
	struct fixture x;

	setup(&x, true);
	x.f.mem_limit = JF_CG_NO_LIMIT;
	CHECK(jf_pv_meminfo(&x.in, &x.out) == 0);
	CHECK(field(x.out.p, "MemTotal") == 16318600);
	/* the rest of the host uses memory too: free is the host's at most */
	CHECK(field(x.out.p, "MemFree") == 10000000);
	CHECK(field(x.out.p, "MemAvailable") <= 14000000);
	CHECK(no_field_above_total(x.out.p));
	jf_pv_buf_free(&x.out);
	/* usage above the limit (v1 counts cache): free is 0, not negative */
	setup(&x, false);
	x.f.mem_usage = 300u << 20;
	CHECK(jf_pv_meminfo(&x.in, &x.out) == 0);
	CHECK(field(x.out.p, "MemFree") == 0);
	jf_pv_buf_free(&x.out);
}

static void test_cpu_count_is_least_of_cpuset_and_quota(const char *name)
{
	struct jf_pv_cpus c;

	CHECK(jf_pv_cpus_pick("0-3,6\n", "0-7", 0, &c) == 0);
	CHECK(c.n == 5 && c.host[4] == 6);
	CHECK(jf_pv_cpus_pick("0-3,6", "0-7", 2, &c) == 0);
	CHECK(c.n == 2 && c.host[1] == 1);
	CHECK(jf_pv_cpus_pick("", "0-7\n", 0, &c) == 0);
	CHECK(c.n == 8);
	CHECK(jf_pv_cpus_pick("", "0-7", 9, &c) == 0);
	CHECK(c.n == 8);
	CHECK(jf_pv_cpus_pick("garbage", "0-1", 0, &c) == 0);
	CHECK(c.n == 2);
	CHECK(jf_pv_cpus_pick("", "", 0, &c) < 0);
}

static void test_cpuinfo_has_n_processors(const char *name)
{
	struct fixture x;

	setup(&x, false);
	CHECK(jf_pv_cpuinfo(&x.in, &x.out) == 0);
	CHECK(strstr(x.out.p, "processor\t: 0\n") != NULL);
	CHECK(strstr(x.out.p, "processor\t: 1\n") != NULL);
	CHECK(strstr(x.out.p, "processor\t: 2\n") == NULL);
	CHECK(strstr(x.out.p, "model name\t: Test CPU\n\nprocessor\t: 1") !=
	      NULL);
	jf_pv_buf_free(&x.out);
}

static void test_online_is_0_to_n_minus_1(const char *name)
{
	struct fixture x;

	setup(&x, false);
	CHECK(jf_pv_cpu_online(&x.in, &x.out) == 0);
	CHECK_STR(x.out.p, "0-1\n");
	jf_pv_buf_free(&x.out);
	x.cpus.n = 1;
	CHECK(jf_pv_cpu_online(&x.in, &x.out) == 0);
	CHECK_STR(x.out.p, "0\n");
	jf_pv_buf_free(&x.out);
}

static void test_stat_v1_per_cpu_and_sum(const char *name)
{
	struct fixture x;
	unsigned long long u, n, s, i;

	setup(&x, false);
	CHECK(jf_pv_stat(&x.in, &x.out) == 0);
	/* host CPU 0 -> cpu0, host CPU 2 -> cpu1; 100 s * 100 Hz of wall */
	CHECK(strstr(x.out.p, "cpu0 100 0 50 9850 ") != NULL);
	CHECK(strstr(x.out.p, "cpu1 200 0 50 9750 ") != NULL);
	CHECK(strstr(x.out.p, "cpu2 ") == NULL);
	CHECK(sscanf(x.out.p, "cpu  %llu %llu %llu %llu", &u, &n, &s, &i) == 4);
	CHECK(u == 300 && s == 100 && i == 9850 + 9750);
	CHECK(strstr(x.out.p, "procs_running 1\n") != NULL);
	CHECK(strstr(x.out.p, "btime 1700000000\n") != NULL);
	jf_pv_buf_free(&x.out);
}

static void test_stat_v2_spreads_usage(const char *name)
{
	struct fixture x;

	setup(&x, true);
	CHECK(jf_pv_stat(&x.in, &x.out) == 0);
	CHECK(strstr(x.out.p, "cpu  300 0 100 19600 ") != NULL);
	CHECK(strstr(x.out.p, "cpu0 150 0 50 9800 ") != NULL);
	CHECK(strstr(x.out.p, "cpu1 150 0 50 9800 ") != NULL);
	jf_pv_buf_free(&x.out);
}

static void test_uptime_since_init_idle_scaled(const char *name)
{
	struct fixture x;

	setup(&x, true);
	CHECK(jf_pv_uptime(&x.in, &x.out) == 0);
	/* 100 s up, 2 CPUs, 4 s busy */
	CHECK_STR(x.out.p, "100.00 196.00\n");
	jf_pv_buf_free(&x.out);
}

static void test_loadavg_decays_as_the_kernel(const char *name)
{
	struct fixture x;

	setup(&x, true);
	/* one task running for a minute: 1 - 1/e of it on the 1-min line */
	for (int s = 0; s < 60; s++)
		jf_pv_load_update(&x.load, 1000, 1);
	CHECK(jf_pv_loadavg(&x.in, &x.out) == 0);
	CHECK(strncmp(x.out.p, "0.6", 3) == 0);
	CHECK(strstr(x.out.p, " 1/3 12\n") != NULL);
	jf_pv_buf_free(&x.out);
	/* then idle for 10 minutes: down near 0 */
	for (int s = 0; s < 600; s++)
		jf_pv_load_update(&x.load, 1000, 0);
	CHECK(jf_pv_loadavg(&x.in, &x.out) == 0);
	CHECK(strncmp(x.out.p, "0.00 ", 5) == 0);
	jf_pv_buf_free(&x.out);
}

static void test_diskstats_v1_and_v2(const char *name)
{
	struct fixture x;

	for (int v2 = 0; v2 < 2; v2++) {
		setup(&x, v2);
		CHECK(jf_pv_diskstats(&x.in, &x.out) == 0);
		/* 10 reads of 2048 sectors, 20 writes of 4096; 7:0 has no
		 * name on the host: left out */
		CHECK_STR(x.out.p, "   8       0 sda 10 0 2048 0 20 0 4096 0 "
				   "0 0 0 0 0 0 0 0 0\n");
		jf_pv_buf_free(&x.out);
	}
}

static void test_swaps_and_pressure(const char *name)
{
	struct fixture x;

	setup(&x, true);
	CHECK(jf_pv_swaps(&x.in, &x.out) == 0);
	CHECK(strstr(x.out.p, "none") != NULL &&
	      strstr(x.out.p, "65536") != NULL &&
	      strstr(x.out.p, "16384") != NULL);
	jf_pv_buf_free(&x.out);
	setup(&x, false);
	CHECK(jf_pv_swaps(&x.in, &x.out) == 0);
	CHECK(strchr(x.out.p, '\n') == x.out.p + x.out.len - 1);
	jf_pv_buf_free(&x.out);
	setup(&x, true);
	CHECK(jf_pv_pressure_memory(&x.in, &x.out) == 0);
	CHECK_STR(x.out.p, "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
	jf_pv_buf_free(&x.out);
}

int main(void)
{
	RUN(test_meminfo_v1);
	RUN(test_meminfo_v2);
	RUN(test_meminfo_limit_above_host_is_capped);
	RUN(test_cpu_count_is_least_of_cpuset_and_quota);
	RUN(test_cpuinfo_has_n_processors);
	RUN(test_online_is_0_to_n_minus_1);
	RUN(test_stat_v1_per_cpu_and_sum);
	RUN(test_stat_v2_spreads_usage);
	RUN(test_uptime_since_init_idle_scaled);
	RUN(test_loadavg_decays_as_the_kernel);
	RUN(test_diskstats_v1_and_v2);
	RUN(test_swaps_and_pressure);
	UNIT_EXIT();
}
