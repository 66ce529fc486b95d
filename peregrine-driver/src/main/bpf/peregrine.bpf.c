// SPDX-License-Identifier: (MIT OR GPL-2.0)
/*
 * Peregrine's kernel side: a BTF tracepoint (tp_btf) on sys_exit builds libscap exit events (26-byte v2 header,
 * u16 parameter lengths, then the values) in a per-CPU scratch buffer and copies them into the BPF ring buffer of
 * the CPU's group (read/write: built in place in a reserved record).
 * Userspace says which syscalls matter through the `interesting` array, so everything else costs one map look-up.
 * Each group of syscalls is emitted by a global (non-inlined) function, which the verifier checks once on its own:
 * that keeps loading fast and far from the verifier's instruction limit.
 *
 * Each ring record is an 8-byte prefix {u32 cpu, u32 reserved} followed by the event, so userspace can hand the
 * event to EventView in place and still know the CPU.
 *
 * Two scheduler tracepoints besides: sched_process_exec keeps execve's filename for its exit event, and
 * sched_process_exit emits procexit for every thread that ends. There is no program on the raw sys_enter
 * tracepoint: it would cost every syscall on the machine something. Enter events come only from the per-syscall
 * enter tracepoints of open, openat, openat2, creat and connect (syscalls/sys_enter_*), as Falco's modern probe
 * does for TOCTOU mitigation: the path or address is read from user memory before the kernel uses it, so a thread
 * rewriting it while the syscall runs cannot make the exit event's copy lie (the state prefers the enter's).
 *
 * sched_process_fork is not attached: on x86_64 a new child returns to user space through sys_exit, so its
 * clone/fork/vfork/clone3 exit event (res = 0) already comes from peregrine_sys_exit; Falco's modern probe needs
 * that tracepoint only where children skip the sys_exit tracepoint (arm64, s390x).
 *
 * x86_64 only for now (syscall numbers and pt_regs field names).
 */
#include "kernel_types.h"
#include "event_ids.h" /* PPME_* event ids and PG_NR_* syscall numbers, generated from the event table */
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Indexes the `interesting` map: syscall numbers are below it (libs' SYSCALL_TABLE_SIZE). */
#define NR_MAX 512

#define HEADER_SIZE 26
#define PREFIX_SIZE 8
#define MAX_EVENT (64 * 1024)     /* events are capped at 64 KiB, as in Falco */
#define SCRATCH_SIZE (128 * 1024) /* twice the cap: a masked offset plus one bounded write always fits */
#define OFF_MASK (MAX_EVENT - 1)
#define MAX_PATH 4096
#define MAX_ARGS 4096
#define TASK_COMM_LEN 16
#define SNAPLEN 80 /* read/write data bytes, as libscap's default snaplen */

#define AT_FDCWD (-100)
#define PPM_AT_FDCWD (-100)
#define RLIMIT_NOFILE 7

struct scratch {
	__u8 data[SCRATCH_SIZE];
	__u32 pos;      /* where the next value goes, relative to data */
	__u32 lens_pos; /* where the next u16 length goes */
	__u32 tmp_pos;  /* pg_file_path's cursor, kept here rather than in a register so the verifier prunes its loop */
	long ret;       /* the syscall's return value and arguments, for the generated events (syscall_events.h) */
	__u64 args[6];
};

/* One scratch buffer per CPU, indexed by CPU id (a per-CPU map value cannot exceed 32 KiB). Programs on a CPU
 * do not nest for the same tracepoint, so the buffer is not shared while an event is being built. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256); /* set to the number of possible CPUs from userspace */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

/*
 * The ring buffers, one per group of CPUs (Falco's cpus_for_each_buffer), indexed by CPU: userspace creates them
 * after load and puts the group's ring at each of its CPUs.
 */
struct ring_template {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* overridden from userspace before load */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 256); /* set to the number of possible CPUs from userspace */
	__type(key, __u32);
	__array(values, struct ring_template);
} rings SEC(".maps");

/* This CPU's ring buffer (NULL only if userspace has not set it). */
static __always_inline void *ring_of_cpu(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&rings, &cpu);
}

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

/*
 * Settings userspace writes after load (the .bss map, whose only variable this is: a global is a plain load, no map
 * look-up per event): the boot time as epoch ns, so event timestamps are wall-clock like libscap's, and a process
 * whose syscalls are not sent (0: none), so that a reader printing events does not print its own.
 */
struct settings {
	__u64 boot_epoch_ns;
	__u32 ignored_tgid;
	__u32 unused;
};
struct settings settings = {};

/* execve's filename (bprm->filename), kept at sched_process_exec because a successful execve has replaced the
 * caller's memory by exit. */
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
	__u64 ts = bpf_ktime_get_boot_ns() + settings.boot_epoch_ns;
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

/*
 * An empty string: a lone NUL, as libscap's older drivers wrote it. A zero-length string parameter means the same
 * to current libsinsp, but libsinsp before 0.30 (sysdig 0.29.3) reads it as a C string and runs into the next
 * parameter's bytes.
 */
static __always_inline void put_empty_str(struct scratch *s)
{
	s->data[s->pos & OFF_MASK] = 0;
	s->pos += 1;
	put_len(s, 1);
}

/* A NUL-terminated string from user memory; empty when unreadable. @return its length, or <= 0 if unreadable */
static __always_inline long put_user_str(struct scratch *s, const void *src)
{
	long n = src ? bpf_probe_read_user_str(&s->data[s->pos & OFF_MASK], MAX_PATH, src) : -1;
	if (n <= 0) {
		put_empty_str(s);
		return n;
	}
	s->pos += n;
	put_len(s, n);
	return n;
}

static __always_inline void put_kernel_str(struct scratch *s, const void *src, __u32 max)
{
	long n = bpf_probe_read_kernel_str(&s->data[s->pos & OFF_MASK], max, src); /* max: a constant once inlined */
	if (n <= 0) {
		put_empty_str(s);
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

/*
 * NUL-separated strings (the argv and envp areas) from user memory. The last byte is always a NUL, even when the
 * area was cut at MAX_ARGS: libsinsp before 0.30 reads the parameter as C strings and would run past its end.
 */
static __always_inline void put_string_area(struct scratch *s, const void *src, unsigned long len)
{
	__u32 before = s->pos;
	put_user_bytes(s, src, len);
	if (s->pos > before) {
		s->data[(s->pos - 1) & OFF_MASK] = 0;
	}
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
	/* the compiler may drop a mask it proves redundant, and the verifier then loses the bound: keep it */
	barrier_var(size);
	size &= (SCRATCH_SIZE - 1);
	/* NO_WAKEUP: userspace polls, so no wake-up (an IPI and a context switch) per event. */
	void *ring = ring_of_cpu();
	if (!ring || bpf_ringbuf_output(ring, s->data, size, BPF_RB_NO_WAKEUP) != 0) {
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

/*
 * Linux open(2) flags to libscap's PPM_O_* bits, as Falco's modern probe converts them: an access mode of 3 is
 * O_RDONLY, and O_TMPFILE and O_SYNC are set when any of their bits is (O_DIRECTORY alone gives O_TMPFILE, O_DSYNC
 * alone O_SYNC).
 */
static __always_inline __u32 open_flags_to_scap(unsigned long flags)
{
	__u32 r = 0;
	switch (flags & 3) {
	case 1: r = 2; break; /* O_WRONLY */
	case 2: r = 3; break; /* O_RDWR */
	default: r = 1; break; /* O_RDONLY */
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
	if (flags & 04010000) r |= 128;    /* O_SYNC (__O_SYNC | O_DSYNC) */
	if (flags & 020200000) r |= 8192;  /* O_TMPFILE (__O_TMPFILE | O_DIRECTORY) */
	return r;
}

/*
 * The mode of an open, when it may create a file: with O_CREAT or a bit of O_TMPFILE (O_DIRECTORY included, as
 * Falco's modern probe tests it). The PPM_S_* bits are Linux's.
 */
static __always_inline __u32 open_mode(unsigned long flags, unsigned long mode)
{
	return flags & (0100 | 020200000) ? (__u32)mode & 07777 : 0;
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

/* Which overlayfs layer a file comes from (0: not on overlayfs, 1: upper, 2: lower), as Falco's modern probe tells:
 * an overlay inode (struct ovl_inode) is the VFS inode followed by the upper dentry, set only for upper files. */
#define OVERLAYFS_SUPER_MAGIC 0x794c7630
static __always_inline int overlay_layer(struct file *f)
{
	struct dentry *d = f ? BPF_CORE_READ(f, f_path.dentry) : NULL;
	if (!d || BPF_CORE_READ(d, d_sb, s_magic) != OVERLAYFS_SUPER_MAGIC) {
		return 0;
	}
	char *vfs_inode = (char *)BPF_CORE_READ(d, d_inode);
	struct dentry *upper = NULL;
	bpf_probe_read_kernel(&upper, sizeof(upper), vfs_inode + bpf_core_type_size(struct inode));
	return upper && BPF_CORE_READ(upper, d_inode, i_ino) != 0 ? 1 : 2;
}

/* dev and inode of an fd of the current task (0 when not a file). */
static __always_inline void dev_ino_of_fd(long fd, __u32 *dev, __u64 *ino, bool *created, int *layer)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *f = fd >= 0 ? file_of_fd(task, fd) : NULL;
	if (f) {
		*layer = overlay_layer(f);
		struct inode *inode = BPF_CORE_READ(f, f_inode);
		*ino = BPF_CORE_READ(inode, i_ino);
		*dev = encode_dev(BPF_CORE_READ(inode, i_sb, s_dev));
		*created = (BPF_CORE_READ(f, f_mode) & 0x100000) != 0; /* FMODE_CREATED */
	}
}

/* An open's flags as the exit event carries them: the caller's, PPM_O_F_CREATED when it made the file, and the
 * file's overlayfs layer (PPM_FD_UPPER_LAYER, PPM_FD_LOWER_LAYER). */
static __always_inline __u32 opened_flags(unsigned long flags, bool created, int layer)
{
	return open_flags_to_scap(flags) | (created ? 1 << 14 : 0) | (layer == 1 ? 1 << 15 : layer == 2 ? 1 << 16 : 0);
}

/* ---------------------------------------------------------------- events */

static __always_inline void emit_open(struct scratch *s, struct pt_regs *regs, long ret, bool at)
{
	__u32 dev = 0;
	__u64 ino = 0;
	bool created = false;
	int layer = 0;
	if (ret >= 0) {
		dev_ino_of_fd(ret, &dev, &ino, &created, &layer);
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
	put_u32(s, opened_flags(flags, created, layer));
	put_u32(s, open_mode(flags, mode));
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

/* A user sockaddr in libscap's encoding (family byte, then address and port); empty when unreadable/unknown. */
static __always_inline void put_sockaddr(struct scratch *s, const void *uaddr, unsigned long alen)
{
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
}

/* The struct sock behind a socket fd of the current task, or NULL. */
static __always_inline struct sock *sock_of_fd(long fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *f = file_of_fd(task, fd);
	if (!f) {
		return NULL;
	}
	struct socket *sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* The path a unix socket is bound to (kernel memory), or NULL. */
static __always_inline const char *unix_path(struct sock *sk)
{
	struct unix_address *addr = sk ? BPF_CORE_READ((struct unix_sock *)sk, addr) : NULL;
	return addr ? (const char *)__builtin_preserve_access_index(&addr->name[0].sun_path) : NULL;
}

/*
 * A unix socket tuple as Falco's modern probe builds it: family byte, two kernel socket addresses (outbound: the
 * peer's then ours; inbound: ours then the peer's) and a path: the peer's (outbound; the caller's sockaddr when
 * there is no peer yet) or ours (inbound). An abstract name loses its leading NUL.
 */
static __always_inline void put_unix_tuple(struct scratch *s, struct sock *sk, bool inbound, const void *uaddr)
{
	struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
	__u8 *p = &s->data[s->pos & OFF_MASK];
	p[0] = 1;
	*(__u64 *)&p[1] = (__u64)(inbound ? sk : peer);
	*(__u64 *)&p[9] = (__u64)(inbound ? peer : sk);
	long n = -1;
	char c = 0;
	if (!inbound && !peer && uaddr) {
		const char *path = uaddr + 2;
		bpf_probe_read_user(&c, 1, path);
		n = bpf_probe_read_user_str(&p[17], 108, c ? path : path + 1);
	} else {
		const char *path = unix_path(inbound ? sk : peer);
		if (path) {
			bpf_probe_read_kernel(&c, 1, path);
			n = bpf_probe_read_kernel_str(&p[17], 108, c ? path : path + 1);
		}
	}
	if (n <= 0) {
		p[17] = 0;
		n = 1;
	}
	s->pos += 17 + n;
	put_len(s, 17 + n);
}

/*
 * A socket tuple in libscap's encoding: family byte, then source address and port, then destination address and
 * port (ports in host order). Outbound (connect, send*): source = local end; inbound (accept, recv*): source =
 * remote end. When the socket has no remote port (an unconnected UDP socket), the remote end comes from the
 * caller's sockaddr `uaddr` if there is one, as Falco's modern probe does. IPv4, IPv6 and unix; empty otherwise.
 */
static __always_inline void put_socktuple(struct scratch *s, long fd, bool inbound, const void *uaddr)
{
	struct sock *sk = fd >= 0 ? sock_of_fd(fd) : NULL;
	unsigned short family = sk ? BPF_CORE_READ(sk, __sk_common.skc_family) : 0;
	__u16 lport = 0, rport = 0;
	if (family == 2 || family == 10) {
		lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	}
	bool from_user = rport == 0 && uaddr != NULL;
	if (from_user) {
		bpf_probe_read_user(&rport, 2, uaddr + 2);
		rport = __builtin_bswap16(rport);
	}
	__u8 *p = &s->data[s->pos & OFF_MASK];
	if (family == 2) {
		__u32 laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		if (from_user) {
			bpf_probe_read_user(&raddr, 4, uaddr + 4);
		}
		p[0] = 2;
		*(__u32 *)&p[1] = inbound ? raddr : laddr;
		*(__u16 *)&p[5] = inbound ? rport : lport;
		*(__u32 *)&p[7] = inbound ? laddr : raddr;
		*(__u16 *)&p[11] = inbound ? lport : rport;
		s->pos += 13;
		put_len(s, 13);
	} else if (family == 10) {
		p[0] = 10;
		bpf_probe_read_kernel(&p[inbound ? 19 : 1], 16,
				      __builtin_preserve_access_index(&sk->__sk_common.skc_v6_rcv_saddr));
		if (from_user) {
			bpf_probe_read_user(&p[inbound ? 1 : 19], 16, uaddr + 8);
		} else {
			bpf_probe_read_kernel(&p[inbound ? 1 : 19], 16,
					      __builtin_preserve_access_index(&sk->__sk_common.skc_v6_daddr));
		}
		*(__u16 *)&p[17] = inbound ? rport : lport;
		*(__u16 *)&p[35] = inbound ? lport : rport;
		s->pos += 37;
		put_len(s, 37);
	} else if (family == 1) {
		put_unix_tuple(s, sk, inbound, uaddr);
	} else {
		put_empty(s);
	}
}

/*
 * connect exit: res, tuple, fd, addr. The tuple is read from the socket once connected (or connecting:
 * EINPROGRESS); addr is the sockaddr the caller passed, converted to libscap's encoding.
 */
static __always_inline void emit_connect(struct scratch *s, struct pt_regs *regs, long ret)
{
	long fd = (int)BPF_CORE_READ(regs, di);
	const void *uaddr = (const void *)BPF_CORE_READ(regs, si);
	unsigned long alen = BPF_CORE_READ(regs, dx);

	ev_begin(s, PPME_SOCKET_CONNECT_X, 4);
	put_u64(s, ret);
	if (ret == 0 || ret == -115) {
		put_socktuple(s, fd, false, uaddr); /* the caller's address, where the socket has no peer port yet */
	} else {
		put_empty(s);
	}
	put_u64(s, fd);
	put_sockaddr(s, uaddr, alen);
	ev_submit(s);
}

/* ---------------------------------------------------------------- simpler syscalls */

static __always_inline __u64 arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return BPF_CORE_READ(regs, di);
	case 1: return BPF_CORE_READ(regs, si);
	case 2: return BPF_CORE_READ(regs, dx);
	case 3: return BPF_CORE_READ(regs, r10);
	case 4: return BPF_CORE_READ(regs, r8);
	default: return BPF_CORE_READ(regs, r9);
	}
}

/* A dirfd argument as libscap stores it (AT_FDCWD kept as PPM_AT_FDCWD, other values sign-extended ints). */
static __always_inline __s64 dirfd_arg(__u64 v)
{
	int fd = (int)v;
	return fd == AT_FDCWD ? PPM_AT_FDCWD : fd;
}

/* O_CLOEXEC / O_NONBLOCK / O_DIRECT (dup3, pipe2, socket type, userfaultfd) to PPM_O_* bits. */
static __always_inline __u32 fd_flags_to_scap(__u64 flags)
{
	__u32 r = 0;
	if (flags & 02000000) r |= 4096; /* O_CLOEXEC */
	if (flags & 04000) r |= 64;      /* O_NONBLOCK */
	if (flags & 040000) r |= 512;    /* O_DIRECT */
	return r;
}

static __always_inline __u64 inode_of_fd(long fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *f = file_of_fd(task, fd);
	return f ? BPF_CORE_READ(f, f_inode, i_ino) : 0;
}

/* Linux PTRACE_* requests to libscap's PPM_PTRACE_* (0 = unknown). */
static __always_inline __u16 ptrace_request_to_scap(__u64 req)
{
	switch (req) {
	case 0: return 1;       /* TRACEME */
	case 1: return 2;       /* PEEKTEXT */
	case 2: return 3;       /* PEEKDATA */
	case 3: return 4;       /* PEEKUSR */
	case 4: return 5;       /* POKETEXT */
	case 5: return 6;       /* POKEDATA */
	case 6: return 7;       /* POKEUSR */
	case 7: return 8;       /* CONT */
	case 8: return 9;       /* KILL */
	case 9: return 10;      /* SINGLESTEP */
	case 12: return 26;     /* GETREGS */
	case 13: return 27;     /* SETREGS */
	case 14: return 28;     /* GETFPREGS */
	case 15: return 29;     /* SETFPREGS */
	case 16: return 11;     /* ATTACH */
	case 17: return 12;     /* DETACH */
	case 18: return 30;     /* GETFPXREGS */
	case 19: return 31;     /* SETFPXREGS */
	case 21: return 32;     /* OLDSETOPTIONS */
	case 24: return 13;     /* SYSCALL */
	case 25: return 33;     /* GET_THREAD_AREA */
	case 26: return 34;     /* SET_THREAD_AREA */
	case 30: return 35;     /* ARCH_PRCTL */
	case 31: return 36;     /* SYSEMU */
	case 32: return 37;     /* SYSEMU_SINGLESTEP */
	case 33: return 38;     /* SINGLEBLOCK */
	case 0x4200: return 14; /* SETOPTIONS */
	case 0x4201: return 15; /* GETEVENTMSG */
	case 0x4202: return 16; /* GETSIGINFO */
	case 0x4203: return 17; /* SETSIGINFO */
	case 0x4204: return 18; /* GETREGSET */
	case 0x4205: return 19; /* SETREGSET */
	case 0x4206: return 20; /* SEIZE */
	case 0x4207: return 21; /* INTERRUPT */
	case 0x4208: return 22; /* LISTEN */
	case 0x4209: return 23; /* PEEKSIGINFO */
	case 0x420a: return 24; /* GETSIGMASK */
	case 0x420b: return 25; /* SETSIGMASK */
	default: return 0;
	}
}

/* A PT_DYN value: a one-byte index (PPM_PTRACE_IDX_UINT64 = 0, _SIGTYPE = 1) then the value. */
static __always_inline void put_dyn_u64(struct scratch *s, __u64 v)
{
	__u8 *p = &s->data[s->pos & OFF_MASK];
	p[0] = 0;
	*(__u64 *)&p[1] = v;
	s->pos += 9;
	put_len(s, 9);
}

/* ptrace exit: res, addr, data (PT_DYN, as Falco's modern probe fills them), request, pid. */
static __always_inline void emit_ptrace(struct scratch *s, struct pt_regs *regs, long ret)
{
	__u16 req = ptrace_request_to_scap(arg(regs, 0));
	__u64 addr = arg(regs, 2), data = arg(regs, 3);
	ev_begin(s, PPME_SYSCALL_PTRACE_X, 5);
	put_u64(s, ret);
	put_dyn_u64(s, ret < 0 ? 0 : addr);
	if (ret < 0) {
		put_dyn_u64(s, 0);
	} else if (req >= 2 && req <= 4) { /* PEEK*: the word the kernel stored at data */
		__u64 word = 0;
		bpf_probe_read_user(&word, sizeof(word), (const void *)data);
		put_dyn_u64(s, word);
	} else if (req == 8 || req == 10 || req == 12 || req == 13) { /* CONT, SINGLESTEP, DETACH, SYSCALL: a signal */
		__u8 *p = &s->data[s->pos & OFF_MASK];
		p[0] = 1;
		p[1] = (__u8)data;
		s->pos += 2;
		put_len(s, 2);
	} else {
		put_dyn_u64(s, data);
	}
	*(__u16 *)&s->data[s->pos & OFF_MASK] = req;
	s->pos += 2;
	put_len(s, 2);
	put_u64(s, (__s64)(int)arg(regs, 1));
	ev_submit(s);
}

/* Events whose parameters are all the return value plus plain integer arguments or user strings. */
static __always_inline void emit_simple(struct scratch *s, struct pt_regs *regs, long ret, __u32 nr)
{
	switch (nr) {
	case PG_NR_DUP:
		ev_begin(s, PPME_SYSCALL_DUP_1_X, 2);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case PG_NR_DUP2:
	case PG_NR_DUP3:
		ev_begin(s, nr == PG_NR_DUP2 ? PPME_SYSCALL_DUP2_X : PPME_SYSCALL_DUP3_X, nr == PG_NR_DUP2 ? 3 : 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u64(s, (__s64)(int)arg(regs, 1));
		if (nr == PG_NR_DUP3) {
			put_u32(s, fd_flags_to_scap(arg(regs, 2)));
		}
		break;
	case PG_NR_SOCKET: {
		__u64 type = arg(regs, 1);
		ev_begin(s, PPME_SOCKET_SOCKET_X, 5);
		put_u64(s, ret);
		put_u32(s, (__u8)arg(regs, 0)); /* the PPM_AF_* values are Linux's */
		put_u32(s, (__u32)type);
		put_u32(s, (__u32)arg(regs, 2));
		put_u32(s, fd_flags_to_scap(type & (02000000 | 04000)));
		break;
	}
	case PG_NR_BIND:
		ev_begin(s, PPME_SOCKET_BIND_X, 3);
		put_u64(s, ret);
		put_sockaddr(s, (const void *)arg(regs, 1), arg(regs, 2));
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case PG_NR_LISTEN:
		ev_begin(s, PPME_SOCKET_LISTEN_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		break;
	case PG_NR_ACCEPT:
	case PG_NR_ACCEPT4: {
		/* tuple from the new socket; queue figures from the listening one, after this accept */
		ev_begin(s, nr == PG_NR_ACCEPT ? PPME_SOCKET_ACCEPT_5_X : PPME_SOCKET_ACCEPT4_6_X,
			 nr == PG_NR_ACCEPT ? 5 : 6);
		put_u64(s, ret);
		__u32 qlen = 0, qmax = 0;
		if (ret >= 0) {
			put_socktuple(s, ret, true, NULL);
			struct sock *lsk = sock_of_fd((int)arg(regs, 0));
			if (lsk) {
				qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
				qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
			}
		} else {
			put_empty(s);
		}
		put_u8(s, qmax ? (__u8)((__u64)qlen * 100 / qmax) : 0);
		put_u32(s, qlen);
		put_u32(s, qmax);
		if (nr == PG_NR_ACCEPT4) {
			put_u32(s, fd_flags_to_scap(arg(regs, 3) & (02000000 | 04000))); /* SOCK_CLOEXEC, SOCK_NONBLOCK */
		}
		break;
	}
	case PG_NR_CHMOD:
		ev_begin(s, PPME_SYSCALL_CHMOD_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 07777); /* PPM_S_* bits are Linux's */
		break;
	case PG_NR_FCHMOD:
		ev_begin(s, PPME_SYSCALL_FCHMOD_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 07777);
		break;
	case PG_NR_FCHMODAT:
		ev_begin(s, PPME_SYSCALL_FCHMODAT_X, 4);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2) & 07777);
		break;
	case PG_NR_SYMLINK:
	case PG_NR_LINK:
	case PG_NR_RENAME:
		ev_begin(s, nr == PG_NR_SYMLINK ? PPME_SYSCALL_SYMLINK_X : nr == PG_NR_LINK ? PPME_SYSCALL_LINK_2_X
				: PPME_SYSCALL_RENAME_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_user_str(s, (const void *)arg(regs, 1));
		break;
	case PG_NR_SYMLINKAT:
		ev_begin(s, PPME_SYSCALL_SYMLINKAT_X, 4);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u64(s, dirfd_arg(arg(regs, 1)));
		put_user_str(s, (const void *)arg(regs, 2));
		break;
	case PG_NR_LINKAT:
	case PG_NR_RENAMEAT:
	case PG_NR_RENAMEAT2:
		ev_begin(s, nr == PG_NR_LINKAT ? PPME_SYSCALL_LINKAT_2_X
				: nr == PG_NR_RENAMEAT ? PPME_SYSCALL_RENAMEAT_X : PPME_SYSCALL_RENAMEAT2_X,
			 nr == PG_NR_RENAMEAT ? 5 : 6);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u64(s, dirfd_arg(arg(regs, 2)));
		put_user_str(s, (const void *)arg(regs, 3));
		if (nr == PG_NR_LINKAT) {
			put_u32(s, (__u32)arg(regs, 4) & (0x400 | 0x1000)); /* AT_SYMLINK_FOLLOW, AT_EMPTY_PATH */
		} else if (nr == PG_NR_RENAMEAT2) {
			put_u32(s, (__u32)arg(regs, 4) & 7); /* RENAME_NOREPLACE / EXCHANGE / WHITEOUT */
		}
		break;
	case PG_NR_UNLINK:
	case PG_NR_RMDIR:
	case PG_NR_CHDIR:
		ev_begin(s, nr == PG_NR_UNLINK ? PPME_SYSCALL_UNLINK_2_X : nr == PG_NR_RMDIR ? PPME_SYSCALL_RMDIR_2_X
				: PPME_SYSCALL_CHDIR_X, 2);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		break;
	case PG_NR_UNLINKAT:
		ev_begin(s, PPME_SYSCALL_UNLINKAT_2_X, 4);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2) & 0x200); /* AT_REMOVEDIR */
		break;
	case PG_NR_MKDIR:
		ev_begin(s, PPME_SYSCALL_MKDIR_2_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		break;
	case PG_NR_MKDIRAT:
		ev_begin(s, PPME_SYSCALL_MKDIRAT_X, 4);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	case PG_NR_FCHDIR:
		ev_begin(s, PPME_SYSCALL_FCHDIR_X, 2);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case PG_NR_SETUID:
	case PG_NR_SETGID:
		ev_begin(s, nr == PG_NR_SETUID ? PPME_SYSCALL_SETUID_X : PPME_SYSCALL_SETGID_X, 2);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0));
		break;
	case PG_NR_UNSHARE:
		ev_begin(s, PPME_SYSCALL_UNSHARE_X, 2);
		put_u64(s, ret);
		put_u32(s, clone_flags_to_scap(arg(regs, 0)));
		break;
	case PG_NR_SETNS:
		ev_begin(s, PPME_SYSCALL_SETNS_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, clone_flags_to_scap(arg(regs, 1)));
		break;
	case PG_NR_KILL:
		ev_begin(s, PPME_SYSCALL_KILL_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u8(s, (__u8)arg(regs, 1));
		break;
	case PG_NR_TGKILL:
		ev_begin(s, PPME_SYSCALL_TGKILL_X, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u64(s, (__s64)(int)arg(regs, 1));
		put_u8(s, (__u8)arg(regs, 2));
		break;
	case PG_NR_MEMFD_CREATE:
		ev_begin(s, PPME_SYSCALL_MEMFD_CREATE_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 7); /* MFD_CLOEXEC / ALLOW_SEALING / HUGETLB: same bits */
		break;
	case PG_NR_PIPE:
	case PG_NR_PIPE2: {
		int fds[2] = {-1, -1};
		if (ret == 0) {
			bpf_probe_read_user(fds, sizeof(fds), (const void *)arg(regs, 0));
		}
		ev_begin(s, nr == PG_NR_PIPE ? PPME_SYSCALL_PIPE_X : PPME_SYSCALL_PIPE2_X, nr == PG_NR_PIPE ? 4 : 5);
		put_u64(s, ret);
		put_u64(s, (__s64)fds[0]);
		put_u64(s, (__s64)fds[1]);
		put_u64(s, ret == 0 ? inode_of_fd(fds[0]) : 0);
		if (nr == PG_NR_PIPE2) {
			put_u32(s, fd_flags_to_scap(arg(regs, 1)));
		}
		break;
	}
	case PG_NR_USERFAULTFD:
		ev_begin(s, PPME_SYSCALL_USERFAULTFD_X, 2);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0)); /* raw O_CLOEXEC / O_NONBLOCK / UFFD_USER_MODE_ONLY, as Falco's modern probe */
		break;
	case PG_NR_PRCTL: {
		__u64 option = arg(regs, 0);
		__u64 a2 = arg(regs, 1);
		ev_begin(s, PPME_SYSCALL_PRCTL_X, 4);
		put_u64(s, ret);
		put_u32(s, (__u32)option); /* the PPM_PR_* values are Linux's */
		if (option == 15 || option == 16) { /* PR_SET_NAME, PR_GET_NAME: a 16-byte name */
			long n = bpf_probe_read_user_str(&s->data[s->pos & OFF_MASK], TASK_COMM_LEN, (const void *)a2);
			if (n > 0) {
				s->pos += n;
				put_len(s, n);
			} else {
				put_empty(s);
			}
			put_u64(s, 0);
		} else if (option == 37) { /* PR_GET_CHILD_SUBREAPER: an int written at arg2 */
			int v = 0;
			bpf_probe_read_user(&v, sizeof(v), (const void *)a2);
			put_empty(s);
			put_u64(s, (__s64)v);
		} else {
			put_empty(s);
			put_u64(s, a2);
		}
		break;
	}
	case PG_NR_IO_URING_SETUP: {
		__u32 p[6] = {}; /* sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features */
		bpf_probe_read_user(p, sizeof(p), (const void *)arg(regs, 1));
		ev_begin(s, PPME_SYSCALL_IO_URING_SETUP_X, 8);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0));
		put_u32(s, p[0]);
		put_u32(s, p[1]);
		put_u32(s, p[2] & 0xff); /* IORING_SETUP_* bits up to 1 << 7 share libscap's values */
		put_u32(s, p[3]);
		put_u32(s, p[4]);
		put_u32(s, p[5] & 0x7ff); /* IORING_FEAT_* up to 1 << 10 likewise */
		break;
	}
	default:
		return;
	}
	ev_submit(s);
}

/* Up to `max` bytes gathered from a user iovec array (at most MAX_IOV entries) as one PT_BYTEBUF; returns the
 * sum of the iov_len of those entries (what writev / sendmsg were asked to move). */
#define MAX_IOV 32
static __always_inline __u32 put_iovec_data(struct scratch *s, const void *iov, __u64 cnt, __u64 max)
{
	__u32 start = s->pos & OFF_MASK;
	__u64 copied = 0, total = 0;
	if (max > SNAPLEN) {
		max = SNAPLEN;
	}
	for (int i = 0; i < MAX_IOV; i++) {
		struct {
			const void *base;
			__u64 len;
		} v;
		if (i >= cnt || bpf_probe_read_user(&v, sizeof(v), iov + i * 16) != 0) {
			break;
		}
		total += v.len;
		if (copied < max) {
			__u64 n = max - copied;
			if (n > v.len) {
				n = v.len;
			}
			n &= 127; /* <= SNAPLEN already: a bound for the verifier */
			if (n > 0 && bpf_probe_read_user(&s->data[(start + copied) & OFF_MASK], n, v.base) == 0) {
				copied = (copied + n) & 127; /* <= SNAPLEN: the mask keeps one range, so the verifier prunes */
			}
		}
	}
	if (copied == 0) {
		put_empty(s);
	} else {
		s->pos = start + copied;
		put_len(s, copied);
	}
	return (__u32)total;
}

/*
 * Global (non-inlined) functions are verified once on their own, whatever the caller's state: the per-syscall
 * emitters below are split this way so the verifier's work stays far below its limit. They take plain integers
 * and find the per-CPU scratch buffer themselves.
 */
#define GLOBAL __attribute__((noinline))

GLOBAL __u32 pg_iovec_data(__u64 iov, __u64 cnt, __u64 max)
{
	struct scratch *s = scratch_get();
	return s ? put_iovec_data(s, (const void *)iov, cnt, max) : 0;
}

/* Up to SNAPLEN bytes of a user buffer as a PT_BYTEBUF. */
static __always_inline void put_user_data(struct scratch *s, const void *src, __u64 n)
{
	if (n > SNAPLEN) {
		n = SNAPLEN;
	}
	n &= 127;
	if (n == 0 || bpf_probe_read_user(&s->data[s->pos & OFF_MASK], n, src) != 0) {
		put_empty(s);
	} else {
		s->pos += n;
		put_len(s, n);
	}
}

/* struct user_msghdr, as laid out on x86_64. */
struct user_msghdr {
	const void *msg_name;
	int msg_namelen;
	const void *msg_iov;
	__u64 msg_iovlen;
	const void *msg_control;
	__u64 msg_controllen;
	unsigned int msg_flags;
};

/* Linux RESOLVE_* (openat2) to libscap's PPM_RESOLVE_* bits. */
static __always_inline __u32 resolve_to_scap(__u64 r)
{
	__u32 v = 0;
	if (r & 0x01) v |= 16; /* RESOLVE_NO_XDEV */
	if (r & 0x02) v |= 4;  /* RESOLVE_NO_MAGICLINKS */
	if (r & 0x04) v |= 8;  /* RESOLVE_NO_SYMLINKS */
	if (r & 0x08) v |= 1;  /* RESOLVE_BENEATH */
	if (r & 0x10) v |= 2;  /* RESOLVE_IN_ROOT */
	if (r & 0x20) v |= 32; /* RESOLVE_CACHED */
	return v;
}

/* Socket and vectored I/O: the data moved (up to SNAPLEN bytes), socket tuples, and socketpair's two ends. */
static __always_inline void emit_data_io(struct scratch *s, struct pt_regs *regs, long ret, __u32 nr)
{
	switch (nr) {
	case PG_NR_SENDTO: {
		__u64 size = arg(regs, 2);
		ev_begin(s, PPME_SOCKET_SENDTO_X, 5);
		put_u64(s, ret);
		put_user_data(s, (const void *)arg(regs, 1), ret > 0 ? (__u64)ret : size);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)size);
		if (ret >= 0) {
			put_socktuple(s, (int)arg(regs, 0), false, (const void *)arg(regs, 4));
		} else {
			put_empty(s);
		}
		break;
	}
	case PG_NR_RECVFROM:
		ev_begin(s, PPME_SOCKET_RECVFROM_X, 5);
		put_u64(s, ret);
		if (ret >= 0) {
			put_user_data(s, (const void *)arg(regs, 1), ret);
			put_socktuple(s, (int)arg(regs, 0), true, (const void *)arg(regs, 4));
		} else {
			put_empty(s);
			put_empty(s);
		}
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	case PG_NR_SENDMSG: {
		struct user_msghdr m = {};
		long fd = (int)arg(regs, 0);
		ev_begin(s, PPME_SOCKET_SENDMSG_X, 5);
		put_u64(s, ret);
		if (bpf_probe_read_user(&m, sizeof(m), (const void *)arg(regs, 1)) != 0) {
			put_empty(s);
			put_u64(s, fd);
			put_empty(s);
			put_empty(s);
			break;
		}
		__u32 size = pg_iovec_data((__u64)m.msg_iov, m.msg_iovlen, ret > 0 ? (__u64)ret : SNAPLEN);
		put_u64(s, fd);
		put_u32(s, size);
		if (ret >= 0) {
			put_socktuple(s, fd, false, m.msg_name);
		} else {
			put_empty(s);
		}
		break;
	}
	case PG_NR_RECVMSG: {
		long fd = (int)arg(regs, 0);
		ev_begin(s, PPME_SOCKET_RECVMSG_X, 6);
		put_u64(s, ret);
		struct user_msghdr m = {};
		if (ret >= 0 && bpf_probe_read_user(&m, sizeof(m), (const void *)arg(regs, 1)) == 0) {
			put_u32(s, (__u32)ret);
			pg_iovec_data((__u64)m.msg_iov, m.msg_iovlen, ret);
			put_socktuple(s, fd, true, m.msg_name);
			if (m.msg_control && m.msg_controllen > 0 && m.msg_controllen <= 0xffff) {
				put_user_bytes(s, m.msg_control, m.msg_controllen);
			} else {
				put_empty(s);
			}
		} else {
			put_u32(s, 0);
			put_empty(s);
			put_empty(s);
			put_empty(s);
		}
		put_u64(s, fd);
		break;
	}
	case PG_NR_READV:
		ev_begin(s, PPME_SYSCALL_READV_X, 4);
		put_u64(s, ret);
		if (ret > 0) {
			put_u32(s, (__u32)ret);
			pg_iovec_data(arg(regs, 1), arg(regs, 2), ret);
		} else {
			put_u32(s, 0);
			put_empty(s);
		}
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case PG_NR_WRITEV: {
		const void *iov = (const void *)arg(regs, 1);
		__u64 cnt = arg(regs, 2);
		ev_begin(s, PPME_SYSCALL_WRITEV_X, 4);
		put_u64(s, ret);
		__u32 size = pg_iovec_data((__u64)iov, cnt, ret > 0 ? (__u64)ret : SNAPLEN);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, size);
		break;
	}
	case PG_NR_SOCKETPAIR: {
		int fds[2] = {-1, -1};
		__u64 source = 0, peer = 0;
		if (ret == 0) {
			bpf_probe_read_user(fds, sizeof(fds), (const void *)arg(regs, 3));
			struct sock *sk = sock_of_fd(fds[0]);
			if (sk) {
				source = (__u64)sk;
				peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
			}
		}
		ev_begin(s, PPME_SOCKET_SOCKETPAIR_X, 8);
		put_u64(s, ret);
		put_u64(s, (__s64)fds[0]);
		put_u64(s, (__s64)fds[1]);
		put_u64(s, source);
		put_u64(s, peer);
		put_u32(s, (__u8)arg(regs, 0)); /* the PPM_AF_* values are Linux's */
		put_u32(s, (__u32)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	}
	default:
		return;
	}
	ev_submit(s);
}

/* Files created (creat, openat2), their owners (chown family) and mounts (mount, umount2). */
static __always_inline void emit_files_and_mounts(struct scratch *s, struct pt_regs *regs, long ret, __u32 nr)
{
	switch (nr) {
	case PG_NR_CREAT: {
		__u32 dev = 0;
		__u64 ino = 0;
		bool created = false;
		int layer = 0;
		if (ret > 0) {
			dev_ino_of_fd(ret, &dev, &ino, &created, &layer);
		}
		ev_begin(s, PPME_SYSCALL_CREAT_X, 6);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 07777); /* PPM_S_* bits are Linux's */
		put_u32(s, dev);
		put_u64(s, ino);
		/* creat_flags: PPM_FD_UPPER_LAYER_CREAT (1), PPM_FD_LOWER_LAYER_CREAT (2) */
		*(__u16 *)&s->data[s->pos & OFF_MASK] = layer == 1 ? 1 : layer == 2 ? 2 : 0;
		s->pos += 2;
		put_len(s, 2);
		break;
	}
	case PG_NR_OPENAT2: {
		__u64 how[3] = {}; /* struct open_how: flags, mode, resolve */
		__u32 dev = 0;
		__u64 ino = 0;
		bool created = false;
		int layer = 0;
		if (ret > 0) {
			dev_ino_of_fd(ret, &dev, &ino, &created, &layer);
		}
		bpf_probe_read_user(how, sizeof(how), (const void *)arg(regs, 2));
		ev_begin(s, PPME_SYSCALL_OPENAT2_X, 8);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, opened_flags(how[0], created, layer));
		put_u32(s, open_mode(how[0], how[1]));
		put_u32(s, resolve_to_scap(how[2]));
		put_u32(s, dev);
		put_u64(s, ino);
		break;
	}
	case PG_NR_CHOWN:
	case PG_NR_LCHOWN:
		ev_begin(s, nr == PG_NR_CHOWN ? PPME_SYSCALL_CHOWN_X : PPME_SYSCALL_LCHOWN_X, 4);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	case PG_NR_FCHOWN:
		ev_begin(s, PPME_SYSCALL_FCHOWN_X, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	case PG_NR_FCHOWNAT:
		ev_begin(s, PPME_SYSCALL_FCHOWNAT_X, 6);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		put_u32(s, (__u32)arg(regs, 3));
		/* AT_SYMLINK_FOLLOW and AT_EMPTY_PATH, the bits Falco's modern probe maps (same values in libscap) */
		put_u32(s, (__u32)arg(regs, 4) & (0x400 | 0x1000));
		break;
	case PG_NR_MOUNT: {
		__u32 flags = (__u32)arg(regs, 3);
		if ((flags & 0xffff0000) == 0xc0ed0000) { /* MS_MGC_VAL in the top half: ignored by the kernel */
			flags &= 0xffff;
		}
		ev_begin(s, PPME_SYSCALL_MOUNT_X, 5);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_user_str(s, (const void *)arg(regs, 1));
		put_user_str(s, (const void *)arg(regs, 2));
		put_u32(s, flags);
		break;
	}
	case PG_NR_UMOUNT2:
		ev_begin(s, PPME_SYSCALL_UMOUNT2_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 0xf); /* MNT_FORCE/DETACH/EXPIRE, UMOUNT_NOFOLLOW: libscap's values */
		break;
	default:
		return;
	}
	ev_submit(s);
}

/* Privilege changes: ids (setresuid, setresgid), capabilities (capset), bpf() and kernel modules. */
static __always_inline void emit_privileges(struct scratch *s, struct pt_regs *regs, long ret, __u32 nr)
{
	switch (nr) {
	case PG_NR_SETRESUID:
	case PG_NR_SETRESGID:
		ev_begin(s, nr == PG_NR_SETRESUID ? PPME_SYSCALL_SETRESUID_X : PPME_SYSCALL_SETRESGID_X, 4);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	case PG_NR_BPF:
		ev_begin(s, PPME_SYSCALL_BPF_2_X, 2);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0)); /* PPM_BPF_* commands are Linux's */
		break;
	case PG_NR_INIT_MODULE: {
		__u64 len = arg(regs, 1);
		ev_begin(s, PPME_SYSCALL_INIT_MODULE_X, 4);
		put_u64(s, ret);
		put_user_bytes(s, (const void *)arg(regs, 0), len); /* the first MAX_ARGS bytes of the image */
		put_u64(s, len);
		put_user_str(s, (const void *)arg(regs, 2));
		break;
	}
	case PG_NR_FINIT_MODULE:
		ev_begin(s, PPME_SYSCALL_FINIT_MODULE_X, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2) & 7); /* MODULE_INIT_*: libscap's values */
		break;
	case PG_NR_CAPSET: {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		const struct cred *cred = BPF_CORE_READ(task, cred);
		ev_begin(s, PPME_SYSCALL_CAPSET_X, 4);
		put_u64(s, ret);
		put_u64(s, BPF_CORE_READ(cred, cap_inheritable.val));
		put_u64(s, BPF_CORE_READ(cred, cap_permitted.val));
		put_u64(s, BPF_CORE_READ(cred, cap_effective.val));
		break;
	}
	default:
		return;
	}
	ev_submit(s);
}

/*
 * One "subsys=/path" string of the cgroups parameter (as Falco's modern probe builds it): the controller's name,
 * then the task's cgroup in that controller's hierarchy, rebuilt from kernfs node names walking up at most
 * MAX_CGROUP_DEPTH levels (a deeper path keeps its innermost components, still starting with '/').
 */
#define MAX_CGROUP_DEPTH 6
#define MAX_CGROUP_NAME 256
static __always_inline __u32 put_cgroup_subsys(struct scratch *s, struct task_struct *task, int id)
{
	__u32 start = s->pos;
	const char *name = BPF_CORE_READ(task, cgroups, subsys[id], ss, name);
	long n = name ? bpf_probe_read_kernel_str(&s->data[s->pos & OFF_MASK], 32, name) : -1;
	if (n <= 1) {
		return 0;
	}
	s->pos += n;
	s->data[(s->pos - 1) & OFF_MASK] = '=';
	struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, subsys[id], cgroup, kn);
	const char *parts[MAX_CGROUP_DEPTH] = {};
	int depth = 0;
	for (int k = 0; k < MAX_CGROUP_DEPTH; k++) {
		if (!kn) {
			break;
		}
		depth++;
		parts[k] = BPF_CORE_READ(kn, name);
		if (bpf_core_field_exists(kn->parent)) {
			kn = BPF_CORE_READ(kn, parent);
		} else {
			kn = BPF_CORE_READ((struct kernfs_node___v6_15 *)kn, __parent);
		}
	}
	if (kn) { /* deeper than we walk: the root's '/' still leads */
		s->data[s->pos & OFF_MASK] = '/';
		s->pos++;
	}
	for (int k = MAX_CGROUP_DEPTH - 1; k >= 0; k--) {
		if (!parts[k]) {
			continue;
		}
		n = bpf_probe_read_kernel_str(&s->data[s->pos & OFF_MASK], MAX_CGROUP_NAME, parts[k]);
		if (n > 0) {
			s->pos += n;
			s->data[(s->pos - 1) & OFF_MASK] = '/'; /* the root's empty name becomes the leading '/' */
		}
	}
	if (depth <= 1) {
		s->data[s->pos & OFF_MASK] = 0;
		s->pos++;
	} else {
		s->data[(s->pos - 1) & OFF_MASK] = 0; /* the last '/' ends the string */
	}
	return s->pos - start;
}

/* The cgroups parameter: "subsys=/path" strings, NUL-separated, for cpuset, cpu, cpuacct, io and memory. */
static __always_inline void put_cgroups(struct scratch *s, struct task_struct *task)
{
	__u32 total = 0;
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuset_cgrp_id)) {
		total += put_cgroup_subsys(s, task, bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id));
	}
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id)) {
		total += put_cgroup_subsys(s, task, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id));
	}
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuacct_cgrp_id)) {
		total += put_cgroup_subsys(s, task, bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id));
	}
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, io_cgrp_id)) {
		total += put_cgroup_subsys(s, task, bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id));
	}
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id)) {
		total += put_cgroup_subsys(s, task, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id));
	}
	put_len(s, total);
}

GLOBAL int pg_cgroups(void)
{
	struct scratch *s = scratch_get();
	if (s) {
		put_cgroups(s, (struct task_struct *)bpf_get_current_task());
	}
	return 0;
}

/* vm_size, vm_rss, vm_swap (KiB) of an address space, as Falco's modern probe reads them. */
static __always_inline void put_vm_of(struct scratch *s, struct mm_struct *mm)
{
	put_u32(s, mm ? (__u32)(BPF_CORE_READ(mm, total_vm) << 2) : 0); /* pages to KiB */
	__s64 file = 0, anon = 0, swap = 0, shmem = 0;
	/* asked as "has rss_stat the 6.2 shape?", not "does struct mm_rss_stat exist?": a type missing from the
	 * kernel's BTF (mm_rss_stat is gone since 6.2) makes libbpf search the modules' BTF, which takes
	 * CAP_SYS_ADMIN, and the driver must load with CAP_BPF and CAP_PERFMON alone (least-privilege containers) */
	if (mm && !bpf_core_field_exists(((struct mm_struct___v6_2 *)mm)->rss_stat)) {
		file = BPF_CORE_READ(mm, rss_stat.count[0].counter);
		anon = BPF_CORE_READ(mm, rss_stat.count[1].counter);
		swap = BPF_CORE_READ(mm, rss_stat.count[2].counter);
		shmem = BPF_CORE_READ(mm, rss_stat.count[3].counter);
	} else if (mm) { /* the per-CPU counters' central value, as Falco's modern probe reads it */
		struct mm_struct___v6_2 *m = (void *)mm;
		file = BPF_CORE_READ(m, rss_stat[0].count);
		anon = BPF_CORE_READ(m, rss_stat[1].count);
		swap = BPF_CORE_READ(m, rss_stat[2].count);
		shmem = BPF_CORE_READ(m, rss_stat[3].count);
	}
	__s64 rss = file + anon + shmem;
	put_u32(s, rss > 0 ? (__u32)(rss << 2) : 0);   /* vm_rss, KiB */
	put_u32(s, swap > 0 ? (__u32)(swap << 2) : 0); /* vm_swap, KiB */
}

/* The parameters execve and clone exits share: tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_*, comm. */
static __always_inline void put_process_common(struct scratch *s, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	put_u64(s, BPF_CORE_READ(task, pid));
	put_u64(s, BPF_CORE_READ(task, tgid));
	put_u64(s, BPF_CORE_READ(task, real_parent, tgid));
	put_empty_str(s); /* cwd: needs a d_path walk, left empty like Falco's modern probe */
	put_u64(s, BPF_CORE_READ(task, signal, rlim[RLIMIT_NOFILE].rlim_cur));
	put_u64(s, BPF_CORE_READ(task, maj_flt));
	put_u64(s, BPF_CORE_READ(task, min_flt));
	put_vm_of(s, mm);
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
		put_empty_str(s); /* exe */
		put_empty(s);
		return;
	}
	long n = bpf_probe_read_user_str(&s->data[s->pos & OFF_MASK], MAX_PATH, (const void *)start);
	if (n <= 0) {
		put_empty_str(s); /* exe */
		put_empty(s);
		return;
	}
	s->pos += n;
	put_len(s, n);
	put_string_area(s, (const void *)(start + n), end > start + n ? end - start - n : 0);
}

/* The controlling terminal as a device number (0 when none), as Falco's modern probe computes it. */
static __always_inline __u32 tty_of(struct task_struct *task)
{
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	if (!tty) {
		return 0;
	}
	struct tty_driver *driver = BPF_CORE_READ(tty, driver);
	if (!driver) {
		return 0;
	}
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(driver, major);
	int minor = BPF_CORE_READ(driver, minor_start);
	return encode_dev(((__u32)major << 20) + minor + index);
}

/* An inode's ctime or mtime as epoch ns, whichever way the running kernel keeps it. */
static __always_inline __u64 inode_time(struct inode *inode, bool mtime)
{
	__s64 sec = 0, nsec = 0;
	if (!inode) {
		return 0;
	}
	if (!mtime && bpf_core_field_exists(inode->i_ctime)) {
		sec = BPF_CORE_READ(inode, i_ctime.tv_sec);
		nsec = BPF_CORE_READ(inode, i_ctime.tv_nsec);
	} else if (mtime && bpf_core_field_exists(inode->i_mtime)) {
		sec = BPF_CORE_READ(inode, i_mtime.tv_sec);
		nsec = BPF_CORE_READ(inode, i_mtime.tv_nsec);
	} else if (!mtime && bpf_core_field_exists(((struct inode___v6_6 *)inode)->__i_ctime)) {
		sec = BPF_CORE_READ((struct inode___v6_6 *)inode, __i_ctime.tv_sec);
		nsec = BPF_CORE_READ((struct inode___v6_6 *)inode, __i_ctime.tv_nsec);
	} else if (mtime && bpf_core_field_exists(((struct inode___v6_7 *)inode)->__i_mtime)) {
		sec = BPF_CORE_READ((struct inode___v6_7 *)inode, __i_mtime.tv_sec);
		nsec = BPF_CORE_READ((struct inode___v6_7 *)inode, __i_mtime.tv_nsec);
	} else if (!mtime) {
		sec = BPF_CORE_READ((struct inode___v6_11 *)inode, i_ctime_sec);
		nsec = BPF_CORE_READ((struct inode___v6_11 *)inode, i_ctime_nsec);
	} else {
		sec = BPF_CORE_READ((struct inode___v6_11 *)inode, i_mtime_sec);
		nsec = BPF_CORE_READ((struct inode___v6_11 *)inode, i_mtime_nsec);
	}
	/* multigrain timestamps (6.13+) keep a "queried" flag in the top bit of i_ctime_nsec: not part of the time */
	return (__u64)sec * 1000000000ULL + (__u64)(nsec & 0x3fffffff);
}

/* A memfd's file: its own root dentry, named "memfd:...". */
static __always_inline bool from_memfd(struct file *f)
{
	struct dentry *d = f ? BPF_CORE_READ(f, f_path.dentry) : NULL;
	if (!d || BPF_CORE_READ(d, d_parent) != d) {
		return false;
	}
	char name[7] = {};
	const unsigned char *n = BPF_CORE_READ(d, d_name.name);
	if (!n || bpf_probe_read_kernel_str(name, sizeof(name), n) != sizeof(name)) {
		return false;
	}
	return name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' && name[5] == ':';
}

/*
 * Whether the task could write its executable, as Falco's modern probe approximates it: not on a read-only mount nor
 * immutable, and owned by the task's fsuid, or writable through the mode bits for its fsuid/fsgid, or writable
 * through CAP_DAC_OVERRIDE / CAP_FOWNER. (Supplementary groups and user-namespace id mappings are not looked at.)
 */
static __always_inline bool exe_writable(struct task_struct *task, struct inode *inode)
{
	if (!inode) {
		return false;
	}
	unsigned int mode = BPF_CORE_READ(inode, i_mode);
	if ((BPF_CORE_READ(inode, i_sb, s_flags) & 1) /* SB_RDONLY */ || (BPF_CORE_READ(inode, i_flags) & 8) /* S_IMMUTABLE */) {
		return false;
	}
	const struct cred *cred = BPF_CORE_READ(task, cred);
	__u32 uid = BPF_CORE_READ(inode, i_uid.val), gid = BPF_CORE_READ(inode, i_gid.val);
	__u32 fsuid = BPF_CORE_READ(cred, fsuid.val), fsgid = BPF_CORE_READ(cred, fsgid.val);
	if (uid == (__u32)-1 || gid == (__u32)-1) {
		return false;
	}
	if (fsuid == uid) {
		return true;
	}
	if (gid == fsgid) {
		mode >>= 3;
	}
	if (mode & 2) { /* MAY_WRITE */
		return true;
	}
	__u64 caps = BPF_CORE_READ(cred, cap_effective.val);
	return (caps & (1 << 1)) || (caps & (1 << 3)); /* CAP_DAC_OVERRIDE, CAP_FOWNER */
}

/*
 * The path of a file (a struct file *), rebuilt from its dentries and mounts (as Falco's modern probe does,
 * bpf_d_path() not being allowed here), up to MAX_PATH_COMPONENTS components: execve's trusted_exepath,
 * open_by_handle_at's path. It is built backwards in the end of the scratch buffer (never used by events, which stay
 * below MAX_EVENT + MAX_PATH) and then copied. A file with no path (a memfd) gives its dentry name.
 */
#define MAX_PATH_COMPONENTS 24
#define MAX_COMPONENT 256
#define TMP_BASE (SCRATCH_SIZE - MAX_PATH - 2 * MAX_COMPONENT)
GLOBAL int pg_file_path(__u64 file)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	struct file *f = (struct file *)file;
	if (!f) {
		put_empty(s);
		return 0;
	}
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount *vm = BPF_CORE_READ(f, f_path.mnt);
	struct mount *m = (void *)vm - bpf_core_field_offset(struct mount, mnt);
	struct mount *mp = BPF_CORE_READ(m, mnt_parent);
	struct dentry *mroot = BPF_CORE_READ(vm, mnt_root);
	__u8 *tmp = &s->data[TMP_BASE];
	s->tmp_pos = MAX_PATH; /* the path starts at tmp[tmp_pos] */
	for (int i = 0; i < MAX_PATH_COMPONENTS; i++) {
		__u32 off = s->tmp_pos;
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		if (d == mroot || d == parent) {
			if (d != mroot || m == mp) {
				break; /* the root of everything (or something odd) */
			}
			/* the root of a mount: go on from where it is mounted */
			d = BPF_CORE_READ(m, mnt_mountpoint);
			m = mp;
			mp = BPF_CORE_READ(m, mnt_parent);
			mroot = BPF_CORE_READ(m, mnt.mnt_root);
			continue;
		}
		__u32 len = BPF_CORE_READ(d, d_name.len);
		if (len == 0 || len + 2 > off || len >= MAX_COMPONENT) {
			break;
		}
		off -= len + 1;
		long n = bpf_probe_read_kernel_str(&tmp[off & (MAX_PATH - 1)], MAX_COMPONENT, BPF_CORE_READ(d, d_name.name));
		if (n != len + 1) {
			break;
		}
		tmp[(off + len) & (MAX_PATH - 1)] = '/'; /* its NUL becomes the separator before the next component */
		s->tmp_pos = off;
		d = parent;
	}
	__u32 off = s->tmp_pos;
	if (off >= MAX_PATH) { /* nothing walked: a memfd and the like */
		put_kernel_str(s, BPF_CORE_READ(d, d_name.name), MAX_COMPONENT);
		return 0;
	}
	off -= 1;
	tmp[off & (MAX_PATH - 1)] = '/';
	tmp[MAX_PATH - 1] = 0; /* the last separator ends the string */
	__u32 n = (MAX_PATH - off) & (2 * MAX_PATH - 1);
	if (n == 0 || bpf_probe_read_kernel(&s->data[s->pos & OFF_MASK], n, &tmp[off & (MAX_PATH - 1)]) != 0) {
		put_empty(s);
		return 0;
	}
	s->pos += n;
	put_len(s, n);
	return 0;
}

/*
 * User strings from a NULL-terminated array of pointers (argv, envp), NUL-separated, starting at index `first`, at
 * most MAX_STRINGS of them and `budget` bytes in all; returns the bytes written (the caller writes the length).
 */
#define MAX_STRINGS 16
static __always_inline __u32 put_user_strings(struct scratch *s, const void *array, int first, __u32 budget)
{
	__u32 start = s->pos, len = 0;
	for (int i = 1; i < MAX_STRINGS; i++) {
		const char *str = NULL;
		int idx = first == 0 ? i - 1 : i;
		if (bpf_probe_read_user(&str, sizeof(str), array + idx * 8) != 0 || !str) {
			break;
		}
		long n = bpf_probe_read_user_str(&s->data[(start + len) & OFF_MASK], MAX_ARGS, str);
		if (n <= 0) {
			break;
		}
		len += n;
		if (len >= budget) {
			len = budget;
			s->data[(start + len - 1) & OFF_MASK] = 0;
			break;
		}
	}
	s->pos = start + len;
	return len;
}

/* A failed exec's exe (argv[0]) and args (the rest), read from the caller's argv, as Falco's modern probe does. */
GLOBAL int pg_failed_exec_args(__u64 argv)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	if (!argv) { /* an empty exe string, no args */
		s->data[s->pos & OFF_MASK] = 0;
		s->pos += 1;
		put_len(s, 1);
		put_empty(s);
		return 0;
	}
	const char *exe = NULL;
	long n = -1;
	if (bpf_probe_read_user(&exe, sizeof(exe), (const void *)argv) == 0 && exe) {
		n = bpf_probe_read_user_str(&s->data[s->pos & OFF_MASK], MAX_PATH, exe);
	}
	if (n <= 0) {
		put_empty(s);
		n = 0;
	} else {
		s->pos += n;
		put_len(s, n);
	}
	__u32 budget = n < MAX_ARGS ? MAX_ARGS - n : 0;
	put_len(s, budget ? put_user_strings(s, (const void *)argv, 1, budget) : 0);
	return 0;
}

/* A failed exec's env, read from the caller's envp. */
GLOBAL int pg_failed_exec_env(__u64 envp)
{
	struct scratch *s = scratch_get();
	if (s) {
		put_len(s, envp ? put_user_strings(s, (const void *)envp, 0, MAX_ARGS) : 0);
	}
	return 0;
}

/* execve / execveat exit. execveat's event has no filename parameter; only a failed execveat gets one (a successful
 * one comes back as execve, see peregrine_sys_exit). */
static __always_inline void emit_execve(struct scratch *s, struct pt_regs *regs, long ret, bool at)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	const struct cred *cred = BPF_CORE_READ(task, cred);
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	ev_begin(s, at ? PPME_SYSCALL_EXECVEAT_X : PPME_SYSCALL_EXECVE_19_X, at ? 30 : 31);
	put_u64(s, ret);
	if (ret == 0) {
		put_exe_args(s, mm);
	} else {
		/* failed: the caller's memory is intact, its argv too */
		pg_failed_exec_args(arg(regs, at ? 2 : 1));
	}
	put_process_common(s, task);
	pg_cgroups();
	if (ret == 0 && mm) {
		unsigned long es = BPF_CORE_READ(mm, env_start), ee = BPF_CORE_READ(mm, env_end);
		put_string_area(s, (const void *)es, ee > es ? ee - es : 0);
	} else if (ret != 0) {
		pg_failed_exec_env(arg(regs, at ? 3 : 2));
	} else {
		put_empty(s);
	}
	struct pid *pgrp = BPF_CORE_READ(task, signal, pids[2]); /* PIDTYPE_PGID */
	put_u32(s, tty_of(task));
	put_u64(s, ns_pid_nr(pgrp)); /* vpgid */
	__u32 loginuid = 0xffffffff;
	if (bpf_core_field_exists(task->loginuid)) {
		loginuid = BPF_CORE_READ(task, loginuid.val);
	}
	put_u32(s, loginuid);
	struct file *exe_file = mm ? BPF_CORE_READ(mm, exe_file) : NULL;
	int layer = overlay_layer(exe_file);
	__u32 exe_flags = (exe_writable(task, exe_file ? BPF_CORE_READ(exe_file, f_inode) : NULL) ? 1 : 0) /* WRITABLE */
			  | (layer == 1 ? 2 : layer == 2 ? 8 : 0)  /* PPM_EXE_UPPER_LAYER, PPM_EXE_LOWER_LAYER */
			  | (from_memfd(exe_file) ? 4 : 0);        /* PPM_EXE_FROM_MEMFD */
	put_u32(s, exe_flags);
	put_u64(s, BPF_CORE_READ(cred, cap_inheritable.val)); /* PPM_CAP_* bits are Linux's */
	put_u64(s, BPF_CORE_READ(cred, cap_permitted.val));
	put_u64(s, BPF_CORE_READ(cred, cap_effective.val));
	struct inode *exe = mm ? BPF_CORE_READ(mm, exe_file, f_inode) : NULL;
	put_u64(s, exe ? BPF_CORE_READ(exe, i_ino) : 0); /* exe_ino */
	put_u64(s, inode_time(exe, false));           /* exe_ino_ctime */
	put_u64(s, inode_time(exe, true));            /* exe_ino_mtime */
	put_u32(s, BPF_CORE_READ(cred, euid.val));
	pg_file_path((__u64)(exe_file)); /* trusted_exepath */
	put_u64(s, pgrp ? BPF_CORE_READ(pgrp, numbers[0].nr) : 0); /* pgid */
	put_u32(s, BPF_CORE_READ(cred, egid.val));
	struct filename_buf *fn = ret == 0 ? bpf_map_lookup_elem(&exec_filenames, &tid) : NULL;
	if (!at) {
		if (fn) {
			/* kept by sched_process_exec: the caller's memory is gone once the exec succeeded */
			put_kernel_str(s, fn->name, MAX_PATH);
		} else if (ret != 0) {
			put_user_str(s, (const void *)arg(regs, 0)); /* failed: the caller's memory is intact */
		} else {
			put_empty(s);
		}
	}
	if (fn) {
		bpf_map_delete_elem(&exec_filenames, &tid);
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
	pg_cgroups();
	/* PPM_CL_CHILD_IN_PIDNS: the new task is not in the initial pid namespace */
	struct pid *tpid = BPF_CORE_READ(task, thread_pid);
	unsigned int tlevel = BPF_CORE_READ(tpid, level);
	struct pid_namespace *pidns = NULL;
	bpf_probe_read_kernel(&pidns, sizeof(pidns), __builtin_preserve_access_index(&tpid->numbers[tlevel & 31].ns));
	bool in_pidns = BPF_CORE_READ(pidns, level) != 0 || BPF_CORE_READ(task, nsproxy, pid_ns_for_children) != pidns;
	put_u32(s, clone_flags_to_scap(flags) | (in_pidns ? 1 << 29 : 0));
	put_u32(s, BPF_CORE_READ(cred, euid.val));
	put_u32(s, BPF_CORE_READ(cred, egid.val));
	put_u64(s, ns_pid_nr(BPF_CORE_READ(task, thread_pid)));
	put_u64(s, ns_pid_nr(BPF_CORE_READ(task, group_leader, thread_pid)));
	__u64 init_start = 0; /* pidns_init_start_ts: the child's pid namespace's init start time */
	if (ret == 0) {
		struct pid *pid = BPF_CORE_READ(task, group_leader, thread_pid);
		unsigned int level = BPF_CORE_READ(pid, level);
		struct pid_namespace *ns = NULL;
		bpf_probe_read_kernel(&ns, sizeof(ns), __builtin_preserve_access_index(&pid->numbers[level & 31].ns));
		init_start = BPF_CORE_READ(ns, child_reaper, start_time);
	}
	put_u64(s, init_start);
	ev_submit(s);
}

/*
 * A global function (the verifier checks it once, on its own) that builds one group of syscalls' exit events in
 * this CPU's scratch buffer.
 */
#define SCRATCH_EMITTER(fn, emit, arg_type)                 \
	GLOBAL int fn(__u64 regs, long ret, arg_type arg)   \
	{                                                   \
		struct scratch *s = scratch_get();          \
		if (s) {                                    \
			emit(s, (struct pt_regs *)regs, ret, arg); \
		}                                           \
		return 0;                                   \
	}

SCRATCH_EMITTER(pg_open, emit_open, int)

SCRATCH_EMITTER(pg_execve, emit_execve, int)

GLOBAL int pg_clone(__u64 regs, long ret, __u32 nr)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	struct pt_regs *r = (struct pt_regs *)regs;
	if (nr == PG_NR_CLONE) {
		emit_clone(s, r, ret, PPME_SYSCALL_CLONE_20_X, BPF_CORE_READ(r, di));
	} else if (nr == PG_NR_FORK) {
		emit_clone(s, r, ret, PPME_SYSCALL_FORK_20_X, 0x11 /* SIGCHLD */);
	} else if (nr == PG_NR_VFORK) {
		emit_clone(s, r, ret, PPME_SYSCALL_VFORK_20_X, 0); /* no flags argument: 0, as the modern probe sends */
	} else {
		__u64 flags = 0; /* struct clone_args starts with the flags */
		bpf_probe_read_user(&flags, sizeof(flags), (const void *)BPF_CORE_READ(r, di));
		emit_clone(s, r, ret, PPME_SYSCALL_CLONE3_X, flags);
	}
	return 0;
}

/*
 * read / write, the hottest events, built in place in the ring: a record of the largest size is reserved and
 * filled (no scratch buffer, no copy). The event's own length says how much of the record it uses; the reader
 * goes by the record's. Layout: prefix, 26-byte header, 4 lengths, res, data (n <= SNAPLEN), fd, size.
 */
#define RW_DATA (PREFIX_SIZE + HEADER_SIZE + 4 * 2 + 8)
#define RW_SMALL 16 /* most reads and writes on a busy machine are small: a record half the size */

/* One read/write event in a reserved record with room for {@code cap} data bytes (a constant once inlined). */
static __always_inline int rw_record(long ret, __u64 fd, __u64 buf, __u64 size, int is_write, __u64 n,
				     const __u32 cap)
{
	void *ring = ring_of_cpu();
	__u8 *p = ring ? bpf_ringbuf_reserve(ring, RW_DATA + cap + 8 + 4, 0) : NULL;
	if (!p) {
		count(0);
		return 0;
	}
	if (n > cap) {
		n = cap;
	}
	n &= 127; /* a bound the verifier can see: <= cap <= SNAPLEN already */
	if (n && bpf_probe_read_user(&p[RW_DATA], n, (const void *)buf) != 0) {
		n = 0;
	}
	*(__u32 *)&p[0] = bpf_get_smp_processor_id();
	*(__u32 *)&p[4] = 0;
	*(__u64 *)&p[PREFIX_SIZE + 0] = bpf_ktime_get_boot_ns() + settings.boot_epoch_ns;
	*(__u64 *)&p[PREFIX_SIZE + 8] = (__u32)bpf_get_current_pid_tgid();
	*(__u32 *)&p[PREFIX_SIZE + 16] = HEADER_SIZE + 4 * 2 + 8 + n + 8 + 4;
	*(__u16 *)&p[PREFIX_SIZE + 20] = is_write ? PPME_SYSCALL_WRITE_X : PPME_SYSCALL_READ_X;
	*(__u32 *)&p[PREFIX_SIZE + 22] = 4;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 0] = 8;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 2] = n;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 4] = 8;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 6] = 4;
	*(__u64 *)&p[RW_DATA - 8] = ret;
	*(__u64 *)&p[RW_DATA + n] = (__s64)(int)fd;
	*(__u32 *)&p[RW_DATA + n + 8] = (__u32)size;
	/* NO_WAKEUP: userspace polls, so no wake-up (an IPI and a context switch) per event. */
	bpf_ringbuf_submit(p, BPF_RB_NO_WAKEUP);
	return 0;
}

GLOBAL int pg_rw(long ret, __u64 fd, __u64 buf, __u64 size, int is_write)
{
	/* read: the bytes that came in; write: the bytes written, or those handed over when the write failed */
	__u64 n = ret > 0 ? (__u64)ret : (is_write ? size : 0);
	return n <= RW_SMALL ? rw_record(ret, fd, buf, size, is_write, n, RW_SMALL)
			     : rw_record(ret, fd, buf, size, is_write, n, SNAPLEN);
}

/* The exit events of every other syscall with an event of its own, and the generic events (pg_generated). */
#include "syscall_events.h"

/*
 * A syscall without an event of its own: a generic exit event (ID: its PPM_SC code, nativeID: its number), built in
 * place in a reserved record like read/write's.
 */
#define GENERIC_SIZE (HEADER_SIZE + 2 * 2 + 2 + 2)
GLOBAL int pg_generic(__u32 nr)
{
	void *ring = ring_of_cpu();
	__u8 *p = ring ? bpf_ringbuf_reserve(ring, PREFIX_SIZE + GENERIC_SIZE, 0) : NULL;
	if (!p) {
		count(0);
		return 0;
	}
	*(__u32 *)&p[0] = bpf_get_smp_processor_id();
	*(__u32 *)&p[4] = 0;
	*(__u64 *)&p[PREFIX_SIZE + 0] = bpf_ktime_get_boot_ns() + settings.boot_epoch_ns;
	*(__u64 *)&p[PREFIX_SIZE + 8] = (__u32)bpf_get_current_pid_tgid();
	*(__u32 *)&p[PREFIX_SIZE + 16] = GENERIC_SIZE;
	*(__u16 *)&p[PREFIX_SIZE + 20] = PPME_GENERIC_X;
	*(__u32 *)&p[PREFIX_SIZE + 22] = 2;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 0] = 2;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 2] = 2;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 4] = nr < PG_SYSCALL_NR_COUNT ? ppm_sc_of_nr[nr] : 0;
	*(__u16 *)&p[PREFIX_SIZE + HEADER_SIZE + 6] = nr;
	bpf_ringbuf_submit(p, BPF_RB_NO_WAKEUP);
	return 0;
}

/* struct mmsghdr: a user_msghdr, then the bytes sent or received for it. */
struct user_mmsghdr {
	struct user_msghdr hdr;
	unsigned int len;
};

/*
 * sendmmsg / recvmmsg: one event per message (its own length as res), the first MAX_MMSG of them, as Falco's modern
 * probe sends them; one event with the error (or 0) when none was.
 */
#define MAX_MMSG 16
GLOBAL int pg_mmsg_one(__u32 index, int send)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	long fd = (int)s->args[0];
	long ret = s->ret;
	struct user_mmsghdr m = {};
	if (ret > 0) {
		bpf_probe_read_user(&m, sizeof(m), (const void *)(s->args[1] + index * sizeof(m)));
	}
	long res = ret > 0 ? (long)m.len : ret;
	ev_begin(s, send ? PPME_SOCKET_SENDMMSG_X : PPME_SOCKET_RECVMMSG_X, send ? 5 : 6);
	put_u64(s, res);
	put_u64(s, fd);
	if (ret <= 0) {
		put_u32(s, 0);
		put_empty(s);
		put_empty(s);
		if (!send) {
			put_empty(s);
		}
		ev_submit(s);
		return 0;
	}
	if (send) {
		/* size: what the message asked to send; data: what went, up to SNAPLEN */
		put_u32(s, iovec_total((__u64)m.hdr.msg_iov, m.hdr.msg_iovlen));
		pg_iovec_data((__u64)m.hdr.msg_iov, m.hdr.msg_iovlen, m.len > 0 ? m.len : SNAPLEN);
		put_socktuple(s, fd, false, m.hdr.msg_name);
	} else {
		put_u32(s, m.len);
		pg_iovec_data((__u64)m.hdr.msg_iov, m.hdr.msg_iovlen, m.len);
		put_socktuple(s, fd, true, m.hdr.msg_name);
		__u64 clen = m.hdr.msg_controllen & 0xffff;
		if (m.hdr.msg_control && clen > 0) {
			put_user_bytes(s, m.hdr.msg_control, clen);
		} else {
			put_empty(s);
		}
	}
	ev_submit(s);
	return 0;
}

static __always_inline int pg_mmsg(long ret, int send)
{
	__u32 n = ret > 0 ? (ret < MAX_MMSG ? ret : MAX_MMSG) : 1;
	for (__u32 i = 0; i < MAX_MMSG; i++) {
		if (i >= n) {
			break;
		}
		pg_mmsg_one(i, send);
	}
	return 0;
}

GLOBAL int pg_net(__u64 regs, long ret, __u32 nr)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	if (nr == PG_NR_CONNECT) {
		emit_connect(s, (struct pt_regs *)regs, ret);
	} else if (nr == PG_NR_PTRACE) {
		emit_ptrace(s, (struct pt_regs *)regs, ret);
	} else if (nr == PG_NR_CLOSE) {
		emit_close(s, (struct pt_regs *)regs, ret);
	}
	return 0;
}

SCRATCH_EMITTER(pg_simple, emit_simple, __u32)
SCRATCH_EMITTER(pg_data_io, emit_data_io, __u32)
SCRATCH_EMITTER(pg_files_and_mounts, emit_files_and_mounts, __u32)
SCRATCH_EMITTER(pg_privileges, emit_privileges, __u32)

/* ---------------------------------------------------------------- programs */

static __always_inline bool is_interesting(__u32 nr)
{
	__u8 *on = bpf_map_lookup_elem(&interesting, &nr);
	return on && *on;
}

/* The process userspace asked not to be told about (its own, when it prints events). */
static __always_inline bool is_ignored(void)
{
	return settings.ignored_tgid && (__u32)(bpf_get_current_pid_tgid() >> 32) == settings.ignored_tgid;
}

/*
 * A BTF-typed tracepoint (tp_btf): regs is a typed kernel pointer, so its fields are plain loads instead of a
 * bpf_probe_read_kernel() call each, which matters on the path every syscall of the machine takes.
 */
SEC("tp_btf/sys_exit")
int peregrine_sys_exit(__u64 *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	long ret = (long)ctx[1];
	__u32 nr = (__u32)regs->orig_ax;
	if (nr >= NR_MAX) {
		return 0;
	}
	if (!is_interesting(nr)) {
		/* A successful execveat reaches sys_exit with execve's number: like Falco's modern probe (which emits
		 * every successful exec from sched_process_exec), it gives an execve event. */
		if (nr != PG_NR_EXECVE || ret != 0 || !is_interesting(PG_NR_EXECVEAT)) {
			return 0;
		}
	}
	if (is_ignored()) {
		return 0;
	}
	if (nr == PG_NR_READ || nr == PG_NR_WRITE) { /* the hot path: arguments as plain loads */
		return pg_rw(ret, regs->di, regs->si, regs->dx, nr == PG_NR_WRITE);
	}
	/* The global functions below take regs as a number (a typed pointer cannot be passed to them) and read the
	 * arguments they need themselves. */
	__u64 r = 0;
	bpf_probe_read_kernel(&r, sizeof(r), &ctx[0]);
	switch (nr) {
	case PG_NR_OPENAT:
	case PG_NR_OPEN:
		return pg_open(r, ret, nr == PG_NR_OPENAT);
	case PG_NR_EXECVE:
	case PG_NR_EXECVEAT:
		return pg_execve(r, ret, nr == PG_NR_EXECVEAT);
	case PG_NR_CLONE:
	case PG_NR_FORK:
	case PG_NR_VFORK:
	case PG_NR_CLONE3:
		return pg_clone(r, ret, nr);
	case PG_NR_CLOSE:
	case PG_NR_CONNECT:
	case PG_NR_PTRACE:
		return pg_net(r, ret, nr);
	case PG_NR_SENDTO:
	case PG_NR_RECVFROM:
	case PG_NR_SENDMSG:
	case PG_NR_RECVMSG:
	case PG_NR_READV:
	case PG_NR_WRITEV:
	case PG_NR_SOCKETPAIR:
		return pg_data_io(r, ret, nr);
	case PG_NR_CREAT:
	case PG_NR_OPENAT2:
	case PG_NR_CHOWN:
	case PG_NR_LCHOWN:
	case PG_NR_FCHOWN:
	case PG_NR_FCHOWNAT:
	case PG_NR_MOUNT:
	case PG_NR_UMOUNT2:
		return pg_files_and_mounts(r, ret, nr);
	case PG_NR_SETRESUID:
	case PG_NR_SETRESGID:
	case PG_NR_BPF:
	case PG_NR_INIT_MODULE:
	case PG_NR_FINIT_MODULE:
	case PG_NR_CAPSET:
		return pg_privileges(r, ret, nr);
	case PG_NR_DUP:
	case PG_NR_DUP2:
	case PG_NR_DUP3:
	case PG_NR_SOCKET:
	case PG_NR_BIND:
	case PG_NR_LISTEN:
	case PG_NR_ACCEPT:
	case PG_NR_ACCEPT4:
	case PG_NR_CHMOD:
	case PG_NR_FCHMOD:
	case PG_NR_FCHMODAT:
	case PG_NR_SYMLINK:
	case PG_NR_LINK:
	case PG_NR_RENAME:
	case PG_NR_SYMLINKAT:
	case PG_NR_LINKAT:
	case PG_NR_RENAMEAT:
	case PG_NR_RENAMEAT2:
	case PG_NR_UNLINK:
	case PG_NR_RMDIR:
	case PG_NR_CHDIR:
	case PG_NR_UNLINKAT:
	case PG_NR_MKDIR:
	case PG_NR_MKDIRAT:
	case PG_NR_FCHDIR:
	case PG_NR_SETUID:
	case PG_NR_SETGID:
	case PG_NR_UNSHARE:
	case PG_NR_SETNS:
	case PG_NR_KILL:
	case PG_NR_TGKILL:
	case PG_NR_MEMFD_CREATE:
	case PG_NR_PIPE:
	case PG_NR_PIPE2:
	case PG_NR_USERFAULTFD:
	case PG_NR_PRCTL:
	case PG_NR_IO_URING_SETUP:
		return pg_simple(r, ret, nr);
	default:
		break;
	}
	/* every other syscall: its generated exit event (or a generic one), from the arguments kept here */
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	s->ret = ret;
	s->args[0] = regs->di;
	s->args[1] = regs->si;
	s->args[2] = regs->dx;
	s->args[3] = regs->r10;
	s->args[4] = regs->r8;
	s->args[5] = regs->r9;
	if (nr == PG_NR_SENDMMSG || nr == PG_NR_RECVMMSG) {
		return pg_mmsg(ret, nr == PG_NR_SENDMMSG);
	}
	return pg_generated(nr);
}

/*
 * A successful exec replaced the caller's memory before sys_exit: keep bprm->filename (what the caller passed to
 * execve) by tid until then. The tid is the one after the exec (a non-leader thread that execs takes the leader's).
 */
SEC("raw_tracepoint/sched_process_exec")
int peregrine_sched_exec(struct bpf_raw_tracepoint_args *ctx)
{
	if (!is_interesting(PG_NR_EXECVE) && !is_interesting(PG_NR_EXECVEAT)) {
		return 0;
	}
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	__u32 zero = 0;
	struct filename_buf *buf = bpf_map_lookup_elem(&filename_scratch, &zero);
	if (!buf) {
		return 0;
	}
	const char *name = BPF_CORE_READ(bprm, filename);
	if (!name || bpf_probe_read_kernel_str(buf->name, sizeof(buf->name), name) <= 0) {
		return 0;
	}
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	bpf_map_update_elem(&exec_filenames, &tid, buf, BPF_ANY);
	return 0;
}

/* ---------------------------------------------------------------- enter events (TOCTOU mitigation) */

/* A syscalls/sys_enter_* tracepoint's record: the common fields, the syscall number, the six arguments. */
struct sys_enter_args {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__u64 args[6];
};

/*
 * open / openat / openat2 / creat enter events, with the event table's enter parameters. None when the path cannot
 * be read yet (its page not in memory: a tracepoint cannot fault it in): the exit's path, read once the kernel has,
 * is then the one. (Falco's modern probe sends an empty path; sysdig 0.29.3 would name the fd after an empty enter
 * path.)
 */
GLOBAL int pg_open_enter(__u32 nr, __u64 dirfd, __u64 path, __u64 flags, __u64 mode)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	__u64 resolve = 0;
	if (nr == PG_NR_OPENAT2) {
		__u64 how[3] = {}; /* struct open_how: flags, mode, resolve; `flags` holds its address */
		bpf_probe_read_user(how, sizeof(how), (const void *)flags);
		flags = how[0];
		mode = how[1];
		resolve = how[2];
	}
	__u32 m = open_mode(flags, mode);
	switch (nr) {
	case PG_NR_OPEN:
		ev_begin(s, PPME_SYSCALL_OPEN_E, 3);
		if (put_user_str(s, (const void *)path) <= 0) {
			return 0;
		}
		put_u32(s, open_flags_to_scap(flags));
		put_u32(s, m);
		break;
	case PG_NR_CREAT:
		ev_begin(s, PPME_SYSCALL_CREAT_E, 2);
		if (put_user_str(s, (const void *)path) <= 0) {
			return 0;
		}
		put_u32(s, (__u32)mode & 07777);
		break;
	default:
		ev_begin(s, nr == PG_NR_OPENAT ? PPME_SYSCALL_OPENAT_2_E : PPME_SYSCALL_OPENAT2_E,
			 nr == PG_NR_OPENAT ? 4 : 5);
		put_u64(s, dirfd_arg(dirfd));
		if (put_user_str(s, (const void *)path) <= 0) {
			return 0;
		}
		put_u32(s, open_flags_to_scap(flags));
		put_u32(s, m);
		if (nr == PG_NR_OPENAT2) {
			put_u32(s, resolve_to_scap(resolve));
		}
	}
	ev_submit(s);
	return 0;
}

GLOBAL int pg_connect_enter(__u64 fd, __u64 uaddr, __u64 alen)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	ev_begin(s, PPME_SOCKET_CONNECT_E, 2);
	put_u64(s, (__s64)(int)fd);
	put_sockaddr(s, (const void *)uaddr, alen);
	ev_submit(s);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_open")
int peregrine_enter_open(struct sys_enter_args *ctx)
{
	return is_interesting(PG_NR_OPEN) && !is_ignored()
		? pg_open_enter(PG_NR_OPEN, AT_FDCWD, ctx->args[0], ctx->args[1], ctx->args[2]) : 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int peregrine_enter_openat(struct sys_enter_args *ctx)
{
	return is_interesting(PG_NR_OPENAT) && !is_ignored()
		? pg_open_enter(PG_NR_OPENAT, ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[3]) : 0;
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int peregrine_enter_openat2(struct sys_enter_args *ctx)
{
	return is_interesting(PG_NR_OPENAT2) && !is_ignored()
		? pg_open_enter(PG_NR_OPENAT2, ctx->args[0], ctx->args[1], ctx->args[2], 0) : 0;
}

SEC("tracepoint/syscalls/sys_enter_creat")
int peregrine_enter_creat(struct sys_enter_args *ctx)
{
	return is_interesting(PG_NR_CREAT) && !is_ignored()
		? pg_open_enter(PG_NR_CREAT, AT_FDCWD, ctx->args[0], 0, ctx->args[1]) : 0;
}

SEC("tracepoint/syscalls/sys_enter_connect")
int peregrine_enter_connect(struct sys_enter_args *ctx)
{
	return is_interesting(PG_NR_CONNECT) && !is_ignored()
		? pg_connect_enter(ctx->args[0], ctx->args[1], ctx->args[2]) : 0;
}

#define PF_EXITING 0x4
#define MAX_THREADS 30
#define MAX_ANCESTORS 60

/* A live thread of the task's group other than the exiting ones: 0 if none, -1 if there were too many to look. */
static __always_inline __s64 alive_thread(struct task_struct *task)
{
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	struct list_head *head = __builtin_preserve_access_index(&sig->thread_head);
	struct list_head *node = BPF_CORE_READ(sig, thread_head.next);
	for (int i = 0; i < MAX_THREADS; i++) {
		if (!node || node == head) {
			return 0;
		}
		struct task_struct *t = (void *)node - bpf_core_field_offset(struct task_struct, thread_node);
		if (!(BPF_CORE_READ(t, flags) & PF_EXITING)) {
			return BPF_CORE_READ(t, pid);
		}
		node = BPF_CORE_READ(t, thread_node.next);
	}
	return -1;
}

/*
 * Who inherits the exiting task's children, as the kernel's find_new_reaper() picks it: 0 when it has none, else a
 * live thread of its group, else the nearest child-subreaper ancestor in its pid namespace, else that namespace's
 * init. -1 when a bound was hit (userspace then works it out).
 */
static __always_inline __s64 reaper_of(struct task_struct *task)
{
	struct list_head *children = __builtin_preserve_access_index(&task->children);
	if (BPF_CORE_READ(task, children.next) == children) {
		return 0;
	}
	__s64 r = alive_thread(task);
	if (r != 0) {
		return r;
	}
	struct pid *pid = BPF_CORE_READ(task, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);
	struct pid_namespace *ns = NULL;
	bpf_probe_read_kernel(&ns, sizeof(ns), __builtin_preserve_access_index(&pid->numbers[level & 31].ns));
	struct task_struct *init = BPF_CORE_READ(ns, child_reaper);
	if (init == task) {
		return 0;
	}
	__s64 init_pid = BPF_CORE_READ(init, pid);
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	if (!BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper)) {
		return init_pid;
	}
	struct task_struct *up = BPF_CORE_READ(task, real_parent);
	for (int i = 0; i < MAX_ANCESTORS; i++) {
		if (!up || up == init || BPF_CORE_READ(up, thread_pid, level) != level) {
			return init_pid;
		}
		sig = BPF_CORE_READ(up, signal);
		if (BPF_CORE_READ_BITFIELD_PROBED(sig, is_child_subreaper)) {
			if (!(BPF_CORE_READ(up, flags) & PF_EXITING)) {
				return BPF_CORE_READ(up, pid);
			}
			return -1;
		}
		up = BPF_CORE_READ(up, real_parent);
	}
	return -1;
}

/* Every thread's exit: procexit (status, ret, sig, core, reaper_tid), so userspace can drop the thread's state. */
SEC("raw_tracepoint/sched_process_exit")
int peregrine_sched_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
#ifdef PEREGRINE_VERIFIER_TEST
	/* built so only by a test: a stack read at an unbounded index, which the verifier must refuse */
	{
		char b[8] = {};
		__u32 i = bpf_get_prandom_u32();
		if (b[i]) {
			return 1;
		}
	}
#endif
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	int code = BPF_CORE_READ(task, exit_code);
	__u8 termsig = code & 0x7f;
	ev_begin(s, PPME_PROCEXIT_1_E, 5);
	put_u64(s, (__s64)code);
	put_u64(s, (code >> 8) & 0xff);                            /* WEXITSTATUS */
	put_u8(s, termsig != 0 && termsig != 0x7f ? termsig : 0); /* WTERMSIG when WIFSIGNALED */
	put_u8(s, (code & 0x80) != 0);                             /* WCOREDUMP */
	put_u64(s, reaper_of(task));
	ev_submit(s);
	return 0;
}
