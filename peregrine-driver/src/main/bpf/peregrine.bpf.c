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
#define NR_READ 0
#define NR_WRITE 1
#define NR_PIPE 22
#define NR_DUP 32
#define NR_DUP2 33
#define NR_SOCKET 41
#define NR_ACCEPT 43
#define NR_BIND 49
#define NR_LISTEN 50
#define NR_KILL 62
#define NR_CHDIR 80
#define NR_FCHDIR 81
#define NR_RENAME 82
#define NR_MKDIR 83
#define NR_RMDIR 84
#define NR_LINK 86
#define NR_UNLINK 87
#define NR_SYMLINK 88
#define NR_CHMOD 90
#define NR_FCHMOD 91
#define NR_SETUID 105
#define NR_SETGID 106
#define NR_PTRACE 101
#define NR_PRCTL 157
#define NR_TGKILL 234
#define NR_MKDIRAT 258
#define NR_UNLINKAT 263
#define NR_RENAMEAT 264
#define NR_LINKAT 265
#define NR_SYMLINKAT 266
#define NR_FCHMODAT 268
#define NR_UNSHARE 272
#define NR_ACCEPT4 288
#define NR_DUP3 292
#define NR_PIPE2 293
#define NR_SETNS 308
#define NR_RENAMEAT2 316
#define NR_MEMFD_CREATE 319
#define NR_USERFAULTFD 323
#define NR_IO_URING_SETUP 425
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
#define PPME_SYSCALL_READ_X 7
#define PPME_SYSCALL_WRITE_X 9
#define PPME_SOCKET_SOCKET_X 19
#define PPME_SOCKET_BIND_X 21
#define PPME_SOCKET_LISTEN_X 25
#define PPME_SYSCALL_PIPE_X 61
#define PPME_SYSCALL_CHDIR_X 95
#define PPME_SYSCALL_FCHDIR_X 97
#define PPME_SYSCALL_KILL_X 129
#define PPME_SYSCALL_TGKILL_X 133
#define PPME_SYSCALL_RENAME_X 175
#define PPME_SYSCALL_RENAMEAT_X 177
#define PPME_SYSCALL_SYMLINK_X 179
#define PPME_SYSCALL_SYMLINKAT_X 181
#define PPME_SYSCALL_SETUID_X 199
#define PPME_SYSCALL_SETGID_X 201
#define PPME_SYSCALL_SETNS_X 241
#define PPME_SYSCALL_PTRACE_X 169
#define PPME_SOCKET_ACCEPT_5_X 247
#define PPME_SYSCALL_MKDIR_2_X 277
#define PPME_SYSCALL_RMDIR_2_X 279
#define PPME_SYSCALL_UNSHARE_X 285
#define PPME_SYSCALL_UNLINK_2_X 301
#define PPME_SYSCALL_UNLINKAT_2_X 303
#define PPME_SYSCALL_MKDIRAT_X 305
#define PPME_SYSCALL_LINK_2_X 309
#define PPME_SYSCALL_LINKAT_2_X 311
#define PPME_SYSCALL_FCHMODAT_X 313
#define PPME_SYSCALL_CHMOD_X 315
#define PPME_SYSCALL_FCHMOD_X 317
#define PPME_SYSCALL_RENAMEAT2_X 319
#define PPME_SYSCALL_USERFAULTFD_X 321
#define PPME_SYSCALL_IO_URING_SETUP_X 339
#define PPME_SYSCALL_DUP2_X 363
#define PPME_SYSCALL_DUP3_X 365
#define PPME_SYSCALL_DUP_1_X 367
#define PPME_SOCKET_ACCEPT4_6_X 389
#define PPME_SYSCALL_PIPE2_X 393
#define PPME_SYSCALL_PRCTL_X 401
#define PPME_SYSCALL_MEMFD_CREATE_X 405

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

/*
 * A socket tuple in libscap's encoding: family byte, then source address and port, then destination address and
 * port (ports in host order). Outbound (connect): source = local end; inbound (accept): source = remote end.
 * IPv4 and IPv6 only; empty for other families.
 */
static __always_inline void put_socktuple(struct scratch *s, long fd, bool inbound)
{
	struct sock *sk = fd >= 0 ? sock_of_fd(fd) : NULL;
	unsigned short family = sk ? BPF_CORE_READ(sk, __sk_common.skc_family) : 0;
	__u16 lport = 0, rport = 0;
	if (family == 2 || family == 10) {
		lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	}
	__u8 *p = &s->data[s->pos & OFF_MASK];
	if (family == 2) {
		__u32 laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
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
		bpf_probe_read_kernel(&p[inbound ? 1 : 19], 16,
				      __builtin_preserve_access_index(&sk->__sk_common.skc_v6_daddr));
		*(__u16 *)&p[17] = inbound ? rport : lport;
		*(__u16 *)&p[35] = inbound ? lport : rport;
		s->pos += 37;
		put_len(s, 37);
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
		put_socktuple(s, fd, false);
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
	case NR_DUP:
		ev_begin(s, PPME_SYSCALL_DUP_1_X, 2);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case NR_DUP2:
	case NR_DUP3:
		ev_begin(s, nr == NR_DUP2 ? PPME_SYSCALL_DUP2_X : PPME_SYSCALL_DUP3_X, nr == NR_DUP2 ? 3 : 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u64(s, (__s64)(int)arg(regs, 1));
		if (nr == NR_DUP3) {
			put_u32(s, fd_flags_to_scap(arg(regs, 2)));
		}
		break;
	case NR_SOCKET: {
		__u64 type = arg(regs, 1);
		ev_begin(s, PPME_SOCKET_SOCKET_X, 5);
		put_u64(s, ret);
		put_u32(s, (__u8)arg(regs, 0)); /* the PPM_AF_* values are Linux's */
		put_u32(s, (__u32)type);
		put_u32(s, (__u32)arg(regs, 2));
		put_u32(s, fd_flags_to_scap(type & (02000000 | 04000)));
		break;
	}
	case NR_BIND:
		ev_begin(s, PPME_SOCKET_BIND_X, 3);
		put_u64(s, ret);
		put_sockaddr(s, (const void *)arg(regs, 1), arg(regs, 2));
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case NR_LISTEN:
		ev_begin(s, PPME_SOCKET_LISTEN_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		break;
	case NR_ACCEPT:
	case NR_ACCEPT4: {
		/* tuple from the new socket; queue figures from the listening one, after this accept */
		ev_begin(s, nr == NR_ACCEPT ? PPME_SOCKET_ACCEPT_5_X : PPME_SOCKET_ACCEPT4_6_X, nr == NR_ACCEPT ? 5 : 6);
		put_u64(s, ret);
		__u32 qlen = 0, qmax = 0;
		if (ret >= 0) {
			put_socktuple(s, ret, true);
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
		if (nr == NR_ACCEPT4) {
			put_u32(s, fd_flags_to_scap(arg(regs, 3) & (02000000 | 04000))); /* SOCK_CLOEXEC, SOCK_NONBLOCK */
		}
		break;
	}
	case NR_CHMOD:
		ev_begin(s, PPME_SYSCALL_CHMOD_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 07777); /* PPM_S_* bits are Linux's */
		break;
	case NR_FCHMOD:
		ev_begin(s, PPME_SYSCALL_FCHMOD_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 07777);
		break;
	case NR_FCHMODAT:
		ev_begin(s, PPME_SYSCALL_FCHMODAT_X, 4);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2) & 07777);
		break;
	case NR_SYMLINK:
	case NR_LINK:
	case NR_RENAME:
		ev_begin(s, nr == NR_SYMLINK ? PPME_SYSCALL_SYMLINK_X : nr == NR_LINK ? PPME_SYSCALL_LINK_2_X
				: PPME_SYSCALL_RENAME_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_user_str(s, (const void *)arg(regs, 1));
		break;
	case NR_SYMLINKAT:
		ev_begin(s, PPME_SYSCALL_SYMLINKAT_X, 4);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u64(s, dirfd_arg(arg(regs, 1)));
		put_user_str(s, (const void *)arg(regs, 2));
		break;
	case NR_LINKAT:
	case NR_RENAMEAT:
	case NR_RENAMEAT2:
		ev_begin(s, nr == NR_LINKAT ? PPME_SYSCALL_LINKAT_2_X : nr == NR_RENAMEAT ? PPME_SYSCALL_RENAMEAT_X
				: PPME_SYSCALL_RENAMEAT2_X, nr == NR_RENAMEAT ? 5 : 6);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u64(s, dirfd_arg(arg(regs, 2)));
		put_user_str(s, (const void *)arg(regs, 3));
		if (nr == NR_LINKAT) {
			put_u32(s, (__u32)arg(regs, 4) & (0x400 | 0x1000)); /* AT_SYMLINK_FOLLOW, AT_EMPTY_PATH */
		} else if (nr == NR_RENAMEAT2) {
			put_u32(s, (__u32)arg(regs, 4) & 7); /* RENAME_NOREPLACE / EXCHANGE / WHITEOUT */
		}
		break;
	case NR_UNLINK:
	case NR_RMDIR:
	case NR_CHDIR:
		ev_begin(s, nr == NR_UNLINK ? PPME_SYSCALL_UNLINK_2_X : nr == NR_RMDIR ? PPME_SYSCALL_RMDIR_2_X
				: PPME_SYSCALL_CHDIR_X, 2);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		break;
	case NR_UNLINKAT:
		ev_begin(s, PPME_SYSCALL_UNLINKAT_2_X, 4);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2) & 0x200); /* AT_REMOVEDIR */
		break;
	case NR_MKDIR:
		ev_begin(s, PPME_SYSCALL_MKDIR_2_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1));
		break;
	case NR_MKDIRAT:
		ev_begin(s, PPME_SYSCALL_MKDIRAT_X, 4);
		put_u64(s, ret);
		put_u64(s, dirfd_arg(arg(regs, 0)));
		put_user_str(s, (const void *)arg(regs, 1));
		put_u32(s, (__u32)arg(regs, 2));
		break;
	case NR_FCHDIR:
		ev_begin(s, PPME_SYSCALL_FCHDIR_X, 2);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		break;
	case NR_SETUID:
	case NR_SETGID:
		ev_begin(s, nr == NR_SETUID ? PPME_SYSCALL_SETUID_X : PPME_SYSCALL_SETGID_X, 2);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0));
		break;
	case NR_UNSHARE:
		ev_begin(s, PPME_SYSCALL_UNSHARE_X, 2);
		put_u64(s, ret);
		put_u32(s, clone_flags_to_scap(arg(regs, 0)));
		break;
	case NR_SETNS:
		ev_begin(s, PPME_SYSCALL_SETNS_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u32(s, clone_flags_to_scap(arg(regs, 1)));
		break;
	case NR_KILL:
		ev_begin(s, PPME_SYSCALL_KILL_X, 3);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u8(s, (__u8)arg(regs, 1));
		break;
	case NR_TGKILL:
		ev_begin(s, PPME_SYSCALL_TGKILL_X, 4);
		put_u64(s, ret);
		put_u64(s, (__s64)(int)arg(regs, 0));
		put_u64(s, (__s64)(int)arg(regs, 1));
		put_u8(s, (__u8)arg(regs, 2));
		break;
	case NR_MEMFD_CREATE:
		ev_begin(s, PPME_SYSCALL_MEMFD_CREATE_X, 3);
		put_u64(s, ret);
		put_user_str(s, (const void *)arg(regs, 0));
		put_u32(s, (__u32)arg(regs, 1) & 7); /* MFD_CLOEXEC / ALLOW_SEALING / HUGETLB: same bits */
		break;
	case NR_PIPE:
	case NR_PIPE2: {
		int fds[2] = {-1, -1};
		if (ret == 0) {
			bpf_probe_read_user(fds, sizeof(fds), (const void *)arg(regs, 0));
		}
		ev_begin(s, nr == NR_PIPE ? PPME_SYSCALL_PIPE_X : PPME_SYSCALL_PIPE2_X, nr == NR_PIPE ? 4 : 5);
		put_u64(s, ret);
		put_u64(s, (__s64)fds[0]);
		put_u64(s, (__s64)fds[1]);
		put_u64(s, ret == 0 ? inode_of_fd(fds[0]) : 0);
		if (nr == NR_PIPE2) {
			put_u32(s, fd_flags_to_scap(arg(regs, 1)));
		}
		break;
	}
	case NR_USERFAULTFD:
		ev_begin(s, PPME_SYSCALL_USERFAULTFD_X, 2);
		put_u64(s, ret);
		put_u32(s, (__u32)arg(regs, 0)); /* raw O_CLOEXEC / O_NONBLOCK / UFFD_USER_MODE_ONLY, as Falco's modern probe */
		break;
	case NR_PRCTL: {
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
	case NR_IO_URING_SETUP: {
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

/* read / write exit: res, data (up to SNAPLEN bytes), fd, size. */
static __always_inline void emit_rw(struct scratch *s, struct pt_regs *regs, long ret, bool is_write)
{
	__u64 size = arg(regs, 2);
	ev_begin(s, is_write ? PPME_SYSCALL_WRITE_X : PPME_SYSCALL_READ_X, 4);
	put_u64(s, ret);
	/* read: the bytes that came in; write: the bytes written, or those handed over when the write failed */
	__u64 n = ret > 0 ? (__u64)ret : (is_write ? size : 0);
	if (n > SNAPLEN) {
		n = SNAPLEN;
	}
	n &= 127; /* bound for the verifier: <= SNAPLEN already */
	if (n == 0 || bpf_probe_read_user(&s->data[s->pos & OFF_MASK], n, (const void *)arg(regs, 1)) != 0) {
		put_empty(s);
	} else {
		s->pos += n;
		put_len(s, n);
	}
	put_u64(s, (__s64)(int)arg(regs, 0));
	put_u32(s, (__u32)size);
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
	case NR_READ:
		emit_rw(s, regs, ret, false);
		break;
	case NR_WRITE:
		emit_rw(s, regs, ret, true);
		break;
	case NR_PTRACE:
		emit_ptrace(s, regs, ret);
		break;
	default:
		emit_simple(s, regs, ret, nr);
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
