// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jfrun_monitor: RSS soft/hard limits for whole containers.
 *
 * /dev/jfrun_monitor (a misc device, dynamic minor, mode 0600, and only
 * CAP_SYS_ADMIN opens it) takes registrations {pid, id, soft, hard,
 * interval} by ioctl; the ABI is kmod/jfrun_monitor_uapi.h.  Each
 * registration belongs to the open file that made it and goes when that
 * file is closed, when it is unregistered, or when the container has no
 * process left.
 *
 * Each registration has a delayed work item on our own workqueue: a
 * sleepable context.  A scan takes task references under RCU (nothing else
 * happens inside the RCU section), then, outside it, the address spaces
 * with get_task_mm(), sums the RSS of each distinct mm once, and drops them
 * with mmput().  Decisions (events, SIGKILL) are taken under jfmon_lock, a
 * mutex never taken in atomic context.
 *
 * Lifetime: an entry is on jfmon_entries until someone detaches it under
 * jfmon_lock (release, unregister, or its own scan finding the container
 * gone); whoever detaches it frees it.  Release and unregister first cancel
 * the work synchronously; the work frees itself only when it detached
 * itself.  An open file holds a reference on the module, so rmmod fails
 * with EBUSY while any file (hence any registration) exists, and the exit
 * path drains the workqueue before the code goes away.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "jfrun_monitor_uapi.h"

#define JFMON_QUEUE_LEN	   64	   /* events kept per open file */
#define JFMON_MAX_PER_FILE 4096	   /* registrations per open file */
#define JFMON_MAX_ENTRIES  65536   /* registrations in all */
#define JFMON_TASKS_MIN	   16	   /* first size of a scan's arrays */
#define JFMON_TASKS_MAX	   (1 << 22) /* pid_max's ceiling */
#define JFMON_TREE_DEPTH   4096	   /* parent chain walked in tree mode */

static_assert(sizeof(struct jfmon_register) == 160);
static_assert(sizeof(struct jfmon_unregister) == 8);
static_assert(sizeof(struct jfmon_event) == 168);

struct jfmon_file {
	spinlock_t ev_lock; /* protects the ring below */
	struct jfmon_event *ring;
	unsigned int head, len, lost;
	wait_queue_head_t wq;
	unsigned int count; /* its registrations; under jfmon_lock */
};

struct jfmon_entry {
	struct list_head node;	  /* on jfmon_entries, under jfmon_lock */
	struct jfmon_file *file;  /* owner; outlives the entry */
	struct pid *pid;	  /* the container's init (counted) */
	struct pid_namespace *ns; /* its own pid ns (counted), or NULL: tree */
	pid_t nr;		  /* the pid as registered */
	u64 soft, hard;
	unsigned long period;	  /* jiffies */
	char id[JFMON_ID_LEN];
	bool detached;		  /* off the list: its detacher frees it */
	bool soft_over;		  /* above soft since the last re-arm */
	bool killed;
	/* Scan scratch, used only by the work item. */
	struct task_struct **tasks;
	struct mm_struct **mms;
	unsigned int cap;
	struct delayed_work work;
};

static DEFINE_MUTEX(jfmon_lock);
static LIST_HEAD(jfmon_entries);
static unsigned int jfmon_count; /* entries on the list */
static struct workqueue_struct *jfmon_wq;
static struct kmem_cache *jfmon_entry_cache;

/* /sys/module/jfrun_monitor/parameters/registrations, read-only: tests
 * check that closing a file or unloading leaves nothing registered. */
static int jfmon_param_get(char *buf, const struct kernel_param *kp)
{
	unsigned int n;

	mutex_lock(&jfmon_lock);
	n = jfmon_count;
	mutex_unlock(&jfmon_lock);
	return sysfs_emit(buf, "%u\n", n);
}

static int jfmon_param_set(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops jfmon_param_ops = {
	.get = jfmon_param_get,
	.set = jfmon_param_set,
};
module_param_cb(registrations, &jfmon_param_ops, NULL, 0444);
MODULE_PARM_DESC(registrations, "containers registered now (read-only)");

/* ---- events ---- */

static void jfmon_push(struct jfmon_file *f, const struct jfmon_event *ev)
{
	spin_lock(&f->ev_lock);
	if (f->len == JFMON_QUEUE_LEN) {
		/* Keep the newest: drop the oldest and say so. */
		f->head = (f->head + 1) % JFMON_QUEUE_LEN;
		f->len--;
		f->lost++;
	}
	f->ring[(f->head + f->len) % JFMON_QUEUE_LEN] = *ev;
	f->len++;
	spin_unlock(&f->ev_lock);
	wake_up_interruptible_poll(&f->wq, EPOLLIN | EPOLLRDNORM);
}

static bool jfmon_pop(struct jfmon_file *f, struct jfmon_event *ev)
{
	bool have;

	spin_lock(&f->ev_lock);
	have = f->len > 0;
	if (have) {
		*ev = f->ring[f->head];
		ev->lost = f->lost;
		f->lost = 0;
		f->head = (f->head + 1) % JFMON_QUEUE_LEN;
		f->len--;
	}
	spin_unlock(&f->ev_lock);
	return have;
}

static bool jfmon_pending(struct jfmon_file *f)
{
	bool have;

	spin_lock(&f->ev_lock);
	have = f->len > 0;
	spin_unlock(&f->ev_lock);
	return have;
}

/* Under jfmon_lock, on an attached entry (its file is alive). */
static void jfmon_event(struct jfmon_entry *e, u32 type, u64 rss, u64 limit,
			unsigned int nr_procs)
{
	struct jfmon_event ev = {
		.type = type,
		.pid = e->nr,
		.rss = rss,
		.limit = limit,
		.time_ns = ktime_get_ns(),
		.nr_procs = nr_procs,
	};

	lockdep_assert_held(&jfmon_lock);
	memcpy(ev.id, e->id, sizeof(ev.id));
	jfmon_push(e->file, &ev);
}

/* ---- entries ---- */

static void jfmon_entry_free(struct jfmon_entry *e)
{
	put_pid(e->pid);
	if (e->ns)
		put_pid_ns(e->ns);
	kvfree(e->tasks);
	kvfree(e->mms);
	kmem_cache_free(jfmon_entry_cache, e);
}

/* Under jfmon_lock: take the entry off the list; the caller frees it. */
static void jfmon_detach(struct jfmon_entry *e)
{
	lockdep_assert_held(&jfmon_lock);
	list_del_init(&e->node);
	e->detached = true;
	e->file->count--;
	jfmon_count--;
}

/* For entries detached by someone else than their work item. */
static void jfmon_dispose(struct list_head *list)
{
	struct jfmon_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, list, node) {
		cancel_delayed_work_sync(&e->work);
		list_del(&e->node);
		jfmon_entry_free(e);
	}
}

/* ---- the container's processes ---- */

/* Tree mode: is p the registered process or one of its descendants? */
static bool jfmon_in_tree(struct task_struct *p, struct pid *root)
{
	unsigned int depth = 0;

	while (p != &init_task && depth++ < JFMON_TREE_DEPTH) {
		if (task_tgid(p) == root)
			return true;
		p = rcu_dereference(p->real_parent);
	}
	return false;
}

/* The thread to measure a process by: one that still has its mm (the
 * leader may have exited while other threads run). */
static struct task_struct *jfmon_live_thread(struct task_struct *p)
{
	struct task_struct *t;

	if (READ_ONCE(p->mm))
		return p;
	for_each_thread(p, t)
		if (READ_ONCE(t->mm))
			return t;
	return p;
}

/* Under RCU: count a live process, keep a reference when there is room. */
static void jfmon_take(struct jfmon_entry *e, struct task_struct *p,
		       unsigned int *n, unsigned int *missed)
{
	if (p->flags & PF_KTHREAD || atomic_read(&p->signal->live) == 0)
		return;
	if (*n == e->cap) {
		(*missed)++;
		return;
	}
	p = jfmon_live_thread(p);
	get_task_struct(p);
	e->tasks[(*n)++] = p;
}

/* One walk over the container's processes, all inside one RCU section. */
static void jfmon_walk(struct jfmon_entry *e, unsigned int *n,
		       unsigned int *missed)
{
	struct task_struct *p;
	struct pid *pid;
	int nr = 1;

	*n = 0;
	*missed = 0;
	rcu_read_lock();
	if (e->ns) {
		/* Every pid of the namespace (and of those below it). */
		while ((pid = find_ge_pid(nr, e->ns)) != NULL) {
			nr = pid_nr_ns(pid, e->ns) + 1;
			p = pid_task(pid, PIDTYPE_TGID);
			if (p)
				jfmon_take(e, p, n, missed);
		}
	} else {
		for_each_process(p)
			if (jfmon_in_tree(p, e->pid))
				jfmon_take(e, p, n, missed);
	}
	rcu_read_unlock();
}

static void jfmon_put_tasks(struct jfmon_entry *e, unsigned int n)
{
	while (n > 0)
		put_task_struct(e->tasks[--n]);
}

static int jfmon_grow(struct jfmon_entry *e, unsigned int want)
{
	struct task_struct **tasks;
	struct mm_struct **mms;
	unsigned int cap = max_t(unsigned int, want, JFMON_TASKS_MIN);

	if (cap > JFMON_TASKS_MAX)
		return -E2BIG;
	if (cap <= e->cap)
		return 0;
	cap = min_t(unsigned int, cap * 2, JFMON_TASKS_MAX);
	tasks = kvmalloc_array(cap, sizeof(*tasks), GFP_KERNEL_ACCOUNT);
	mms = kvmalloc_array(cap, sizeof(*mms), GFP_KERNEL_ACCOUNT);
	if (!tasks || !mms) {
		kvfree(tasks);
		kvfree(mms);
		return -ENOMEM;
	}
	kvfree(e->tasks);
	kvfree(e->mms);
	e->tasks = tasks;
	e->mms = mms;
	e->cap = cap;
	return 0;
}

/*
 * References to the container's processes in e->tasks[0..*n); returns the
 * number of live processes, which is larger than *n only when the arrays
 * could not grow (then the RSS is a lower bound for this scan).
 */
static unsigned int jfmon_collect(struct jfmon_entry *e, unsigned int *n)
{
	unsigned int missed, tries;

	for (tries = 0;; tries++) {
		jfmon_walk(e, n, &missed);
		if (missed == 0 || tries == 3)
			break;
		/* More processes than room: grow (may sleep) and walk again. */
		jfmon_put_tasks(e, *n);
		if (jfmon_grow(e, *n + missed) < 0) {
			jfmon_walk(e, n, &missed);
			break;
		}
	}
	if (missed)
		pr_notice_ratelimited("%s: %u processes not measured\n", e->id,
				      missed);
	return *n + missed;
}

static int jfmon_cmp_ptr(const void *a, const void *b)
{
	unsigned long x = (unsigned long)*(void *const *)a;
	unsigned long y = (unsigned long)*(void *const *)b;

	return x < y ? -1 : x > y;
}

/* Bytes resident in the distinct address spaces of tasks[0..n). */
static u64 jfmon_rss(struct jfmon_entry *e, unsigned int n)
{
	unsigned int i, m = 0;
	u64 pages = 0;

	for (i = 0; i < n; i++) {
		struct mm_struct *mm = get_task_mm(e->tasks[i]);

		if (mm)
			e->mms[m++] = mm;
	}
	/* Threads and CLONE_VM children share an mm: count each once. */
	sort(e->mms, m, sizeof(*e->mms), jfmon_cmp_ptr, NULL);
	for (i = 0; i < m; i++)
		if (i == 0 || e->mms[i] != e->mms[i - 1])
			pages += get_mm_rss(e->mms[i]);
	for (i = 0; i < m; i++)
		mmput(e->mms[i]);
	return pages << PAGE_SHIFT;
}

static void jfmon_kill(struct jfmon_entry *e, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		send_sig_info(SIGKILL, SEND_SIG_PRIV, e->tasks[i]);
}

/* Under jfmon_lock: the policy, once per scan of a live container. */
static void jfmon_apply(struct jfmon_entry *e, u64 rss, unsigned int n,
			unsigned int live)
{
	if (e->killed) {
		/* Stragglers (forked while the first SIGKILLs landed). */
		jfmon_kill(e, n);
		return;
	}
	if (e->soft) {
		if (!e->soft_over && rss > e->soft) {
			e->soft_over = true;
			jfmon_event(e, JFMON_EVENT_SOFT, rss, e->soft, live);
		} else if (e->soft_over &&
			   rss < div_u64(e->soft, 100) *
					 JFMON_SOFT_REARM_PERCENT) {
			e->soft_over = false;
		}
	}
	if (e->hard && rss > e->hard) {
		e->killed = true;
		/* The event is queued before any process dies: a reader that
		 * sees the container's death finds the reason already there. */
		jfmon_event(e, JFMON_EVENT_HARD, rss, e->hard, n);
		jfmon_kill(e, n);
		pr_info_ratelimited("%s: rss %llu KiB above the hard limit %llu KiB: killed %u processes\n",
				    e->id, rss >> 10, e->hard >> 10, n);
	}
}

static void jfmon_scan(struct work_struct *work)
{
	struct jfmon_entry *e =
		container_of(to_delayed_work(work), struct jfmon_entry, work);
	unsigned int n, live;
	u64 rss;

	live = jfmon_collect(e, &n);
	rss = jfmon_rss(e, n);

	mutex_lock(&jfmon_lock);
	if (e->detached) {
		/* Its detacher waits in cancel_delayed_work_sync(). */
		mutex_unlock(&jfmon_lock);
		jfmon_put_tasks(e, n);
		return;
	}
	if (live == 0) {
		jfmon_event(e, JFMON_EVENT_GONE, 0, 0, 0);
		jfmon_detach(e);
		mutex_unlock(&jfmon_lock);
		jfmon_entry_free(e); /* the work may free itself */
		return;
	}
	jfmon_apply(e, rss, n, live);
	mutex_unlock(&jfmon_lock);
	jfmon_put_tasks(e, n);
	queue_delayed_work(jfmon_wq, &e->work, e->period);
}

/* ---- registration ---- */

/* Under RCU: is p the caller or one of the caller's ancestors? */
static bool jfmon_is_caller_or_ancestor(struct task_struct *p)
{
	struct task_struct *t = current;
	unsigned int depth = 0;

	while (depth++ < JFMON_TREE_DEPTH) {
		if (same_thread_group(t, p))
			return true;
		if (t == &init_task)
			return false;
		t = rcu_dereference(t->real_parent);
	}
	return true; /* too deep to tell: refuse */
}

/*
 * Resolve r->pid in the caller's pid namespace and choose how the
 * container is found: its own pid namespace when the process is that
 * namespace's init, else the process tree below it.
 */
static int jfmon_resolve(struct jfmon_entry *e, pid_t nr)
{
	struct pid_namespace *ns;
	struct task_struct *task;
	struct pid *pid;
	int ret = 0;

	pid = find_get_pid(nr);
	if (!pid)
		return -ESRCH;
	task = get_pid_task(pid, PIDTYPE_TGID);
	if (!task) {
		/* A thread's id, or a process that is gone. */
		ret = pid_has_task(pid, PIDTYPE_PID) ? -EINVAL : -ESRCH;
		goto out_pid;
	}
	if (task->flags & PF_KTHREAD) {
		ret = -EINVAL;
		goto out_task;
	}
	ns = task_active_pid_ns(task);
	if (ns && ns != task_active_pid_ns(current) &&
	    READ_ONCE(ns->child_reaper) == task) {
		e->ns = get_pid_ns(ns);
	} else {
		rcu_read_lock();
		if (jfmon_is_caller_or_ancestor(task))
			ret = -EINVAL;
		rcu_read_unlock();
		if (ret)
			goto out_task;
	}
	e->pid = pid;
	e->nr = nr;
	put_task_struct(task);
	return 0;
out_task:
	put_task_struct(task);
out_pid:
	put_pid(pid);
	return ret;
}

static struct jfmon_entry *jfmon_find(struct jfmon_file *f, pid_t nr)
{
	struct jfmon_entry *e;

	list_for_each_entry(e, &jfmon_entries, node)
		if (e->file == f && e->nr == nr)
			return e;
	return NULL;
}

static long jfmon_register(struct jfmon_file *f, void __user *arg)
{
	struct jfmon_register r;
	struct jfmon_entry *e, *old;
	LIST_HEAD(stale);
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	switch (jfmon_register_check(&r)) {
	case JFMON_REGISTER_OK:
		break;
	case JFMON_BAD_ABI:
		return -EPROTO;
	default:
		return -EINVAL;
	}

	e = kmem_cache_zalloc(jfmon_entry_cache, GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	INIT_LIST_HEAD(&e->node);
	INIT_DELAYED_WORK(&e->work, jfmon_scan);
	e->file = f;
	e->soft = r.soft;
	e->hard = r.hard;
	e->period = max(msecs_to_jiffies(r.interval_ms), 1UL);
	memcpy(e->id, r.id, sizeof(e->id));
	ret = jfmon_grow(e, JFMON_TASKS_MIN);
	if (!ret)
		ret = jfmon_resolve(e, r.pid);
	if (ret)
		goto out_free;

	mutex_lock(&jfmon_lock);
	list_for_each_entry(old, &jfmon_entries, node) {
		if (old->pid == e->pid) {
			ret = -EEXIST;
			goto out_unlock;
		}
	}
	/* The same number for another process: the old one was reaped and
	 * its number reused before our scan noticed.  Drop the stale one. */
	old = jfmon_find(f, e->nr);
	if (old) {
		jfmon_detach(old);
		list_add(&old->node, &stale);
	}
	if (f->count >= JFMON_MAX_PER_FILE || jfmon_count >= JFMON_MAX_ENTRIES) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	list_add_tail(&e->node, &jfmon_entries);
	f->count++;
	jfmon_count++;
	queue_delayed_work(jfmon_wq, &e->work, 0);
	mutex_unlock(&jfmon_lock);
	jfmon_dispose(&stale);
	return 0;

out_unlock:
	mutex_unlock(&jfmon_lock);
	jfmon_dispose(&stale);
out_free:
	jfmon_entry_free(e);
	return ret;
}

static long jfmon_unregister(struct jfmon_file *f, void __user *arg)
{
	struct jfmon_unregister u;
	struct jfmon_entry *e;
	LIST_HEAD(gone);

	if (copy_from_user(&u, arg, sizeof(u)))
		return -EFAULT;
	if (u.pid <= 0 || u.flags != 0)
		return -EINVAL;
	mutex_lock(&jfmon_lock);
	e = jfmon_find(f, u.pid);
	if (e) {
		jfmon_detach(e);
		list_add(&e->node, &gone);
	}
	mutex_unlock(&jfmon_lock);
	if (!e)
		return -ENOENT;
	jfmon_dispose(&gone);
	return 0;
}

static long jfmon_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct jfmon_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	u32 n;

	switch (cmd) {
	case JFMON_IOC_ABI_VERSION:
		return put_user((u32)JFMON_ABI_VERSION, (u32 __user *)uarg);
	case JFMON_IOC_REGISTER:
		return jfmon_register(f, uarg);
	case JFMON_IOC_UNREGISTER:
		return jfmon_unregister(f, uarg);
	case JFMON_IOC_COUNT:
		mutex_lock(&jfmon_lock);
		n = f->count;
		mutex_unlock(&jfmon_lock);
		return put_user(n, (u32 __user *)uarg);
	}
	/* One of ours with another size or direction: another ABI. */
	if (_IOC_TYPE(cmd) == JFMON_IOC_MAGIC &&
	    _IOC_NR(cmd) <= _IOC_NR(JFMON_IOC_COUNT))
		return -EINVAL;
	return -ENOTTY;
}

/* ---- the file ---- */

static int jfmon_open(struct inode *inode, struct file *file)
{
	struct jfmon_file *f;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	f->ring = kvcalloc(JFMON_QUEUE_LEN, sizeof(*f->ring),
			   GFP_KERNEL_ACCOUNT);
	if (!f->ring) {
		kfree(f);
		return -ENOMEM;
	}
	spin_lock_init(&f->ev_lock);
	init_waitqueue_head(&f->wq);
	file->private_data = f;
	return stream_open(inode, file);
}

static int jfmon_release(struct inode *inode, struct file *file)
{
	struct jfmon_file *f = file->private_data;
	struct jfmon_entry *e, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&jfmon_lock);
	list_for_each_entry_safe(e, tmp, &jfmon_entries, node) {
		if (e->file != f)
			continue;
		jfmon_detach(e);
		list_add(&e->node, &gone);
	}
	mutex_unlock(&jfmon_lock);
	jfmon_dispose(&gone);
	kvfree(f->ring);
	kfree(f);
	return 0;
}

static ssize_t jfmon_read(struct file *file, char __user *buf, size_t count,
			  loff_t *ppos)
{
	struct jfmon_file *f = file->private_data;
	struct jfmon_event ev;
	size_t done = 0;
	int ret;

	if (count < sizeof(ev))
		return -EINVAL;
	while (done + sizeof(ev) <= count) {
		if (!jfmon_pop(f, &ev)) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(f->wq, jfmon_pending(f));
			if (ret)
				return ret;
			continue;
		}
		if (copy_to_user(buf + done, &ev, sizeof(ev)))
			return done ? done : -EFAULT;
		done += sizeof(ev);
	}
	return done;
}

static __poll_t jfmon_poll(struct file *file, poll_table *wait)
{
	struct jfmon_file *f = file->private_data;

	poll_wait(file, &f->wq, wait);
	return jfmon_pending(f) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations jfmon_fops = {
	.owner = THIS_MODULE,
	.open = jfmon_open,
	.release = jfmon_release,
	.read = jfmon_read,
	.poll = jfmon_poll,
	.unlocked_ioctl = jfmon_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice jfmon_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = JFMON_DEVICE_NAME,
	.fops = &jfmon_fops,
	.mode = 0600,
};

static int __init jfmon_init(void)
{
	int ret = -ENOMEM;

	jfmon_entry_cache = KMEM_CACHE(jfmon_entry, 0);
	if (!jfmon_entry_cache)
		return ret;
	/* WQ_MEM_RECLAIM: the kill must not wait for a new worker when
	 * memory is short, which is when it matters. */
	jfmon_wq = alloc_workqueue("jfrun_monitor",
				   WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!jfmon_wq)
		goto out_cache;
	ret = misc_register(&jfmon_dev);
	if (ret)
		goto out_wq;
	pr_info("ready, /dev/%s, ABI %d\n", JFMON_DEVICE_NAME,
		JFMON_ABI_VERSION);
	return 0;
out_wq:
	destroy_workqueue(jfmon_wq);
out_cache:
	kmem_cache_destroy(jfmon_entry_cache);
	return ret;
}

static void __exit jfmon_exit(void)
{
	misc_deregister(&jfmon_dev);
	/* No file is open (each holds a module reference), so no entry is
	 * left; a work item that freed its own entry may still be returning:
	 * draining the queue waits for it. */
	destroy_workqueue(jfmon_wq);
	WARN_ON(jfmon_count != 0 || !list_empty(&jfmon_entries));
	kmem_cache_destroy(jfmon_entry_cache);
	pr_info("unloaded\n");
}

module_init(jfmon_init);
module_exit(jfmon_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("jfrun");
MODULE_DESCRIPTION("RSS soft/hard limits for whole containers (jfrun)");
MODULE_VERSION("1");
