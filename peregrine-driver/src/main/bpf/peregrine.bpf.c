// SPDX-License-Identifier: (MIT OR GPL-2.0)
/*
 * Peregrine's kernel side: a raw tracepoint on sys_exit builds libscap exit events (26-byte v2 header, u16
 * parameter lengths, then the values) in a per-CPU scratch buffer and copies them into one BPF ring buffer.
 * Userspace says which syscalls matter through the `interesting` array, so everything else costs one map look-up.
 *
 * Each ring record is an 8-byte prefix {u32 cpu, u32 reserved} followed by the event, so userspace can hand the
 * event to EventView in place and still know the CPU.
 *
 * x86_64 only for now (syscall numbers and pt_regs field names).
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* x86_64 syscall numbers */
#define NR_OPEN 2
#define NR_CLOSE 3
#define NR_CONNECT 42
#define NR_CLONE 56
#define NR_FORK 57
#define NR_VFORK 58
#define NR_EXECVE 59
#define NR_OPENAT 257
#define NR_MAX 512

/* libscap event types (driver/ppm_events_public.h) */
#define PPME_SYSCALL_OPEN_X 3
#define PPME_SYSCALL_CLOSE_X 5
#define PPME_SOCKET_CONNECT_X 23
#define PPME_SYSCALL_CLONE_20_X 223
#define PPME_SYSCALL_FORK_20_X 225
#define PPME_SYSCALL_VFORK_20_X 227
#define PPME_SYSCALL_EXECVE_19_X 293
#define PPME_SYSCALL_OPENAT_2_X 307

#define HEADER_SIZE 26
#define PREFIX_SIZE 8
#define MAX_EVENT (64 * 1024)     /* events are capped at 64 KiB, as in Falco */
#define SCRATCH_SIZE (128 * 1024) /* twice the cap: a masked offset plus one bounded write always fits */
#define OFF_MASK (MAX_EVENT - 1)
#define MAX_PATH 4096
#define MAX_ARGS 4096
#define TASK_COMM_LEN 16

#define AT_FDCWD (-100)
#define PPM_AT_FDCWD (-100)
#define RLIMIT_NOFILE 7

struct scratch {
	__u8 data[SCRATCH_SIZE];
	__u32 pos;      /* where the next value goes, relative to data */
	__u32 lens_pos; /* where the next u16 length goes */
};

/* One scratch buffer per CPU, indexed by CPU id (a per-CPU map value cannot exceed 32 KiB). Programs on a CPU
 * do not nest for the same tracepoint, so the buffer is not shared while an event is being built. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256); /* set to the number of possible CPUs from userspace */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* overridden from userspace before load */
} events SEC(".maps");

/* Indexed by syscall number; non-zero means "emit". Set from userspace. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_MAX);
	__type(key, __u32);
	__type(value, __u8);
} interesting SEC(".maps");

/* [0] = events lost because the ring was full, [1] = events too large. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* [0] = boot time as epoch ns, so event timestamps are wall-clock like libscap's. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

/* execve's filename, kept at sys_enter because a successful execve has replaced the caller's memory by exit. */
struct filename_buf {
	char name[MAX_PATH];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct filename_buf);
} exec_filenames SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct filename_buf);
} filename_scratch SEC(".maps");

/* ---------------------------------------------------------------- event building */

static __always_inline struct scratch *scratch_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch_map, &cpu);
}

static __always_inline void ev_begin(struct scratch *s, __u16 type, __u32 nparams)
{
	__u32 zero = 0;
	__u64 *boot = bpf_map_lookup_elem(&settings, &zero);
	__u64 ts = bpf_ktime_get_boot_ns() + (boot ? *boot : 0);
	__u8 *p = s->data;
	*(__u32 *)&p[0] = bpf_get_smp_processor_id();
	*(__u32 *)&p[4] = 0;
	*(__u64 *)&p[PREFIX_SIZE + 0] = ts;
	*(__u64 *)&p[PREFIX_SIZE + 8] = (__u32)bpf_get_current_pid_tgid();
	*(__u16 *)&p[PREFIX_SIZE + 20] = type;
	*(__u32 *)&p[PREFIX_SIZE + 22] = nparams;
	s->lens_pos = PREFIX_SIZE + HEADER_SIZE;
	s->pos = PREFIX_SIZE + HEADER_SIZE + nparams * 2;
}

static __always_inline void put_len(struct scratch *s, __u16 len)
{
	*(__u16 *)&s->data[s->lens_pos & OFF_MASK] = len;
	s->lens_pos += 2;
}

static __always_inline void put_u64(struct scratch *s, __u64 v)
{
	*(__u64 *)&s->data[s->pos & OFF_MASK] = v;
	s->pos += 8;
	put_len(s, 8);
}

static __always_inline void put_u32(struct scratch *s, __u32 v)
{
	*(__u32 *)&s->data[s->pos & OFF_MASK] = v;
	s->pos += 4;
	put_len(s, 4);
}

static __always_inline void put_u8(struct scratch *s, __u8 v)
{
	s->data[s->pos & OFF_MASK] = v;
	s->pos += 1;
	put_len(s, 1);
}

/* libscap's convention for "not available": a zero-length parameter. */
static __always_inline void put_empty(struct scratch *s)
{
	put_len(s, 0);
}

/* A NUL-terminated string from user memory; empty when unreadable. */
static __always_inline void put_user_str(struct scratch *s, const void *src)
{
	long n = src ? bpf_probe_read_user_str(&s->data[s->pos & OFF_MASK], MAX_PATH, src) : -1;
	if (n <= 0) {
		put_empty(s);
		return;
	}
	s->pos += n;
	put_len(s, n);
}

static __always_inline void put_kernel_str(struct scratch *s, const void *src, __u32 max)
{
	long n = bpf_probe_read_kernel_str(&s->data[s->pos & OFF_MASK], max, src); /* max: a constant once inlined */
	if (n <= 0) {
		put_empty(s);
		return;
	}
	s->pos += n;
	put_len(s, n);
}

/* Raw bytes from user memory (argv / envp areas, NUL-separated strings). */
static __always_inline void put_user_bytes(struct scratch *s, const void *src, unsigned long len)
{
	if (len > MAX_ARGS) {
		len = MAX_ARGS;
	}
	len &= (2 * MAX_ARGS - 1); /* a bound the verifier can see */
	if (len == 0 || bpf_probe_read_user(&s->data[s->pos & OFF_MASK], len, src) != 0) {
		put_empty(s);
		return;
	}
	s->pos += len;
	put_len(s, len);
}

static __always_inline void count(__u32 idx)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &idx);
	if (c) {
		__sync_fetch_and_add(c, 1);
	}
}

static __always_inline void ev_submit(struct scratch *s)
{
	__u32 size = s->pos;
	if (size > MAX_EVENT) {
		count(1);
		return;
	}
	*(__u32 *)&s->data[PREFIX_SIZE + 16] = size - PREFIX_SIZE;
	/* NO_WAKEUP: userspace polls, so no wake-up (an IPI and a context switch) per event. */
	if (bpf_ringbuf_output(&events, s->data, size & (SCRATCH_SIZE - 1), BPF_RB_NO_WAKEUP) != 0) {
		count(0);
	}
}

/* ---------------------------------------------------------------- kernel state */

static __always_inline struct file *file_of_fd(struct task_struct *task, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds)) {
		return NULL;
	}
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The kernel's dev_t (major << 20 | minor) in the old userspace encoding libscap uses. */
static __always_inline __u32 encode_dev(dev_t dev)
{
	__u32 major = dev >> 20, minor = dev & ((1U << 20) - 1);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* The pid number seen from the task's own pid namespace. */
static __always_inline __s64 ns_pid_nr(struct pid *pid)
{
	if (!pid) {
		return 0;
	}
	unsigned int level = BPF_CORE_READ(pid, level);
	int nr = 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), __builtin_preserve_access_index(&pid->numbers[level & 31].nr));
	return nr;
}

/* Linux open(2) flags to libscap's PPM_O_* bits. */
static __always_inline __u32 open_flags_to_scap(unsigned long flags)
{
	__u32 r = 0;
	switch (flags & 3) {
	case 0: r = 1; break; /* O_RDONLY */
	case 1: r = 2; break; /* O_WRONLY */
	case 2: r = 3; break; /* O_RDWR */
	}
	if (flags & 0100) r |= 4;          /* O_CREAT */
	if (flags & 0200) r |= 32;         /* O_EXCL */
	if (flags & 01000) r |= 256;       /* O_TRUNC */
	if (flags & 02000) r |= 8;         /* O_APPEND */
	if (flags & 04000) r |= 64;        /* O_NONBLOCK */
	if (flags & 010000) r |= 16;       /* O_DSYNC */
	if (flags & 040000) r |= 512;      /* O_DIRECT */
	if (flags & 0100000) r |= 2048;    /* O_LARGEFILE */
	if (flags & 0200000) r |= 1024;    /* O_DIRECTORY */
	if (flags & 02000000) r |= 4096;   /* O_CLOEXEC */
	if (flags & 04000000) r |= 128;    /* O_SYNC (__O_SYNC) */
	if ((flags & 020200000) == 020200000) r |= 8192; /* O_TMPFILE */
	return r;
}

/* Linux clone(2) flags to libscap's PPM_CL_* bits. */
static __always_inline __u32 clone_flags_to_scap(unsigned long f)
{
	__u32 r = 0;
	if (f & 0x00000400) r |= 1;         /* CLONE_FILES */
	if (f & 0x00000200) r |= 2;         /* CLONE_FS */
	if (f & 0x80000000) r |= 4;         /* CLONE_IO */
	if (f & 0x08000000) r |= 8;         /* CLONE_NEWIPC */
	if (f & 0x40000000) r |= 16;        /* CLONE_NEWNET */
	if (f & 0x00020000) r |= 32;        /* CLONE_NEWNS */
	if (f & 0x20000000) r |= 64;        /* CLONE_NEWPID */
	if (f & 0x04000000) r |= 128;       /* CLONE_NEWUTS */
	if (f & 0x00008000) r |= 256;       /* CLONE_PARENT */
	if (f & 0x00100000) r |= 512;       /* CLONE_PARENT_SETTID */
	if (f & 0x00002000) r |= 1024;      /* CLONE_PTRACE */
	if (f & 0x00000800) r |= 2048;      /* CLONE_SIGHAND */
	if (f & 0x00040000) r |= 4096;      /* CLONE_SYSVSEM */
	if (f & 0x00010000) r |= 8192;      /* CLONE_THREAD */
	if (f & 0x00800000) r |= 16384;     /* CLONE_UNTRACED */
	if (f & 0x00000100) r |= 32768;     /* CLONE_VM */
	if (f & 0x10000000) r |= 1048576;   /* CLONE_NEWUSER */
	if (f & 0x00200000) r |= 8388608;   /* CLONE_CHILD_CLEARTID */
	if (f & 0x01000000) r |= 16777216;  /* CLONE_CHILD_SETTID */
	if (f & 0x00080000) r |= 33554432;  /* CLONE_SETTLS */
	if (f & 0x00004000) r |= 134217728; /* CLONE_VFORK */
	if (f & 0x02000000) r |= 268435456; /* CLONE_NEWCGROUP */
	return r;
}

/* ---------------------------------------------------------------- events */

static __always_inline void emit_open(struct scratch *s, struct pt_regs *regs, long ret, bool at)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 dev = 0;
	__u64 ino = 0;
	if (ret >= 0) {
		struct file *f = file_of_fd(task, ret);
		if (f) {
			struct inode *inode = BPF_CORE_READ(f, f_inode);
			ino = BPF_CORE_READ(inode, i_ino);
			dev = encode_dev(BPF_CORE_READ(inode, i_sb, s_dev));
		}
	}
	unsigned long a0 = BPF_CORE_READ(regs, di);
	unsigned long a1 = BPF_CORE_READ(regs, si);
	unsigned long a2 = BPF_CORE_READ(regs, dx);
	unsigned long a3 = BPF_CORE_READ(regs, r10);
	unsigned long path = at ? a1 : a0;
	unsigned long flags = at ? a2 : a1;
	unsigned long mode = at ? a3 : a2;

	ev_begin(s, at ? PPME_SYSCALL_OPENAT_2_X : PPME_SYSCALL_OPEN_X, at ? 7 : 6);
	put_u64(s, ret); /* fd */
	if (at) {
		int dirfd = (int)a0;
		put_u64(s, (__s64)(dirfd == AT_FDCWD ? PPM_AT_FDCWD : dirfd));
	}
	put_user_str(s, (const void *)path);
	put_u32(s, open_flags_to_scap(flags));
	/* the mode only means something when a file may be created */
	put_u32(s, (flags & 0100) || (flags & 020200000) == 020200000 ? (__u32)mode : 0);
	put_u32(s, dev);
	put_u64(s, ino);
	ev_submit(s);
}

static __always_inline void emit_close(struct scratch *s, struct pt_regs *regs, long ret)
{
	ev_begin(s, PPME_SYSCALL_CLOSE_X, 2);
	put_u64(s, ret);
	put_u64(s, (__s64)(int)BPF_CORE_READ(regs, di)); /* fd */
	ev_submit(s);
}

/*
 * connect exit: res, tuple, fd, addr. The socket tuple needs the socket's struct sock and is left empty
 * for now; addr is the sockaddr the caller passed, converted to libscap's encoding.
 */
static __always_inline void emit_connect(struct scratch *s, struct pt_regs *regs, long ret)
{
	long fd = (int)BPF_CORE_READ(regs, di);
	const void *uaddr = (const void *)BPF_CORE_READ(regs, si);
	unsigned long alen = BPF_CORE_READ(regs, dx);

	ev_begin(s, PPME_SOCKET_CONNECT_X, 4);
	put_u64(s, ret);
	put_empty(s); /* tuple */
	put_u64(s, fd);

	__u16 family = 0;
	if (!uaddr || alen < 2 || bpf_probe_read_user(&family, sizeof(family), uaddr) != 0) {
		put_empty(s);
	} else if (family == 2 && alen >= 8) { /* AF_INET: u8 family, u32 ip, u16 port (host order) */
		__u8 *p = &s->data[s->pos & OFF_MASK];
		__u16 port = 0;
		__u32 ip = 0;
		bpf_probe_read_user(&port, 2, uaddr + 2);
		bpf_probe_read_user(&ip, 4, uaddr + 4);
		p[0] = 2;
		*(__u32 *)&p[1] = ip;
		*(__u16 *)&p[5] = __builtin_bswap16(port);
		s->pos += 7;
		put_len(s, 7);
	} else if (family == 10 && alen >= 24) { /* AF_INET6: u8 family, 16-byte ip, u16 port */
		__u8 *p = &s->data[s->pos & OFF_MASK];
		__u16 port = 0;
		bpf_probe_read_user(&port, 2, uaddr + 2);
		p[0] = 10;
		bpf_probe_read_user(&p[1], 16, uaddr + 8);
		*(__u16 *)&p[17] = __builtin_bswap16(port);
		s->pos += 19;
		put_len(s, 19);
	} else if (family == 1) { /* AF_UNIX: u8 family, path */
		__u8 *p = &s->data[s->pos & OFF_MASK];
		p[0] = 1;
		long n = bpf_probe_read_user_str(&p[1], 108, uaddr + 2);
		if (n <= 0) {
			p[1] = 0;
			n = 1;
		}
		s->pos += 1 + n;
		put_len(s, 1 + n);
	} else {
		put_empty(s);
	}
	ev_submit(s);
}

/* The parameters execve and clone exits share: tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_*, comm. */
static __always_inline void put_process_common(struct scratch *s, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	put_u64(s, BPF_CORE_READ(task, pid));
	put_u64(s, BPF_CORE_READ(task, tgid));
	put_u64(s, BPF_CORE_READ(task, real_parent, tgid));
	put_empty(s); /* cwd: needs a d_path walk, left empty like Falco's modern probe */
	put_u64(s, BPF_CORE_READ(task, signal, rlim[RLIMIT_NOFILE].rlim_cur));
	put_u64(s, BPF_CORE_READ(task, maj_flt));
	put_u64(s, BPF_CORE_READ(task, min_flt));
	put_u32(s, mm ? (__u32)(BPF_CORE_READ(mm, total_vm) << 2) : 0); /* pages to KiB */
	put_u32(s, 0); /* vm_rss: per-CPU rss counters not read yet */
	put_u32(s, 0); /* vm_swap */
	char comm[TASK_COMM_LEN];
	bpf_get_current_comm(comm, sizeof(comm));
	put_kernel_str(s, comm, TASK_COMM_LEN);
}

/* exe (argv[0]) and args (the rest, NUL-separated) from the process' argument area. */
static __always_inline void put_exe_args(struct scratch *s, struct mm_struct *mm)
{
	unsigned long start = mm ? BPF_CORE_READ(mm, arg_start) : 0;
	unsigned long end = mm ? BPF_CORE_READ(mm, arg_end) : 0;
	if (!start || end <= start) {
		put_empty(s);
		put_empty(s);
		return;
	}
	long n = bpf_probe_read_user_str(&s->data[s->pos & OFF_MASK], MAX_PATH, (const void *)start);
	if (n <= 0) {
		put_empty(s);
		put_empty(s);
		return;
	}
	s->pos += n;
	put_len(s, n);
	put_user_bytes(s, (const void *)(start + n), end > start + n ? end - start - n : 0);
}

static __always_inline void emit_execve(struct scratch *s, long ret)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	const struct cred *cred = BPF_CORE_READ(task, cred);
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	ev_begin(s, PPME_SYSCALL_EXECVE_19_X, 31);
	put_u64(s, ret);
	if (ret == 0) {
		put_exe_args(s, mm);
	} else {
		/* failed: the caller's image is still there, but its argv was not copied; leave both empty */
		put_empty(s);
		put_empty(s);
	}
	put_process_common(s, task);
	put_empty(s); /* cgroups */
	if (ret == 0 && mm) {
		unsigned long es = BPF_CORE_READ(mm, env_start), ee = BPF_CORE_READ(mm, env_end);
		put_user_bytes(s, (const void *)es, ee > es ? ee - es : 0);
	} else {
		put_empty(s);
	}
	put_u32(s, 0); /* tty */
	put_u64(s, 0); /* vpgid */
	__u32 loginuid = 0xffffffff;
	if (bpf_core_field_exists(task->loginuid)) {
		loginuid = BPF_CORE_READ(task, loginuid.val);
	}
	put_u32(s, loginuid);
	put_u32(s, 0); /* flags (exe writable / overlay / memfd): not computed yet */
	put_u64(s, BPF_CORE_READ(cred, cap_inheritable.val));
	put_u64(s, BPF_CORE_READ(cred, cap_permitted.val));
	put_u64(s, BPF_CORE_READ(cred, cap_effective.val));
	put_u64(s, mm ? BPF_CORE_READ(mm, exe_file, f_inode, i_ino) : 0); /* exe_ino */
	put_u64(s, 0); /* exe_ino_ctime */
	put_u64(s, 0); /* exe_ino_mtime */
	put_u32(s, BPF_CORE_READ(cred, euid.val));
	put_empty(s); /* trusted_exepath */
	put_u64(s, 0); /* pgid */
	put_u32(s, BPF_CORE_READ(cred, egid.val));
	struct filename_buf *fn = bpf_map_lookup_elem(&exec_filenames, &tid);
	if (fn) {
		put_kernel_str(s, fn->name, MAX_PATH);
		bpf_map_delete_elem(&exec_filenames, &tid);
	} else {
		put_empty(s);
	}
	ev_submit(s);
}

static __always_inline void emit_clone(struct scratch *s, struct pt_regs *regs, long ret, __u16 type,
				       unsigned long flags)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const struct cred *cred = BPF_CORE_READ(task, cred);

	ev_begin(s, type, 21);
	put_u64(s, ret);
	put_exe_args(s, BPF_CORE_READ(task, mm));
	put_process_common(s, task);
	put_empty(s); /* cgroups */
	put_u32(s, clone_flags_to_scap(flags));
	put_u32(s, BPF_CORE_READ(cred, euid.val));
	put_u32(s, BPF_CORE_READ(cred, egid.val));
	put_u64(s, ns_pid_nr(BPF_CORE_READ(task, thread_pid)));
	put_u64(s, ns_pid_nr(BPF_CORE_READ(task, group_leader, thread_pid)));
	put_u64(s, 0); /* pidns_init_start_ts */
	ev_submit(s);
}

/* ---------------------------------------------------------------- programs */

static __always_inline bool is_interesting(__u32 nr)
{
	__u8 *on = bpf_map_lookup_elem(&interesting, &nr);
	return on && *on;
}

SEC("raw_tracepoint/sys_exit")
int peregrine_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	long ret = (long)ctx->args[1];
	__u32 nr = (__u32)BPF_CORE_READ(regs, orig_ax);
	if (nr >= NR_MAX || !is_interesting(nr)) {
		return 0;
	}
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	switch (nr) {
	case NR_OPENAT:
		emit_open(s, regs, ret, true);
		break;
	case NR_OPEN:
		emit_open(s, regs, ret, false);
		break;
	case NR_CLOSE:
		emit_close(s, regs, ret);
		break;
	case NR_EXECVE:
		emit_execve(s, ret);
		break;
	case NR_CONNECT:
		emit_connect(s, regs, ret);
		break;
	case NR_CLONE:
		emit_clone(s, regs, ret, PPME_SYSCALL_CLONE_20_X, BPF_CORE_READ(regs, di));
		break;
	case NR_FORK:
		emit_clone(s, regs, ret, PPME_SYSCALL_FORK_20_X, 0x11 /* SIGCHLD */);
		break;
	case NR_VFORK:
		emit_clone(s, regs, ret, PPME_SYSCALL_VFORK_20_X, 0x4100 /* CLONE_VM | CLONE_VFORK */);
		break;
	}
	return 0;
}

/* Attached only when execve is traced: keeps the filename argument until the exit. */
SEC("raw_tracepoint/sys_enter")
int peregrine_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	long nr = (long)ctx->args[1];
	if (nr != NR_EXECVE || !is_interesting(NR_EXECVE)) {
		return 0;
	}
	__u32 zero = 0;
	struct filename_buf *buf = bpf_map_lookup_elem(&filename_scratch, &zero);
	if (!buf) {
		return 0;
	}
	const void *path = (const void *)BPF_CORE_READ(regs, di);
	if (bpf_probe_read_user_str(buf->name, sizeof(buf->name), path) <= 0) {
		return 0;
	}
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	bpf_map_update_elem(&exec_filenames, &tid, buf, BPF_ANY);
	return 0;
}
