// SPDX-License-Identifier: (MIT OR GPL-2.0)
/*
 * The values and parameter writers the generated exit events (syscall_events.h, from tools/syscall-layouts.txt) are
 * filled with: reads of user memory, time and resource structs, poll lists, socket options, semaphore operations,
 * quota and key commands, as Falco's modern probe fills those parameters. Part of peregrine.bpf.c (included by it
 * after its own helpers, which these use).
 */
#ifndef PEREGRINE_PARAM_WRITERS_H
#define PEREGRINE_PARAM_WRITERS_H

/* An fd or pid argument: the low 32 bits, sign-extended. */
#define FD(x) ((__s64)(int)(x))

static __always_inline void put_u16(struct scratch *s, __u16 v)
{
	*(__u16 *)&s->data[s->pos & OFF_MASK] = v;
	s->pos += 2;
	put_len(s, 2);
}

/* A u32 / u64 the caller handed in user memory (or the kernel wrote there); 0 when unreadable. */
static __always_inline __u32 user_u32(__u64 ptr)
{
	__u32 v = 0;
	bpf_probe_read_user(&v, sizeof(v), (const void *)ptr);
	return v;
}

static __always_inline __u64 user_u64(__u64 ptr)
{
	__u64 v = 0;
	bpf_probe_read_user(&v, sizeof(v), (const void *)ptr);
	return v;
}

/* A struct __kernel_timespec {s64 tv_sec; s64 tv_nsec} in user memory, in ns (0 when unreadable). */
static __always_inline __u64 timespec_ns(__u64 ptr)
{
	__s64 ts[2] = {};
	bpf_probe_read_user(ts, sizeof(ts), (const void *)ptr);
	return (__u64)ts[0] * 1000000000ULL + ts[1];
}

/* Up to SNAPLEN bytes of a user buffer (empty when unreadable or n is 0). */
static __always_inline void put_data(struct scratch *s, __u64 ptr, __u64 n)
{
	put_user_data(s, (const void *)ptr, n);
}

/* The data an iovec array moved, up to max (and SNAPLEN) bytes. */
static __always_inline void put_iovec_bytes(struct scratch *s, __u64 iov, __u64 cnt, __u64 max)
{
	pg_iovec_data(iov, cnt, max);
}

/* The sum of an iovec array's lengths (its first MAX_IOV entries): what the caller asked to move. */
GLOBAL __u32 iovec_total(__u64 iov, __u64 cnt)
{
	__u32 total = 0;
	for (int i = 0; i < MAX_IOV; i++) {
		__u64 len = 0;
		if (i >= cnt || bpf_probe_read_user(&len, sizeof(len), (const void *)(iov + i * 16 + 8)) != 0) {
			break;
		}
		total += len;
	}
	return total;
}

/* vm_size, vm_rss, vm_swap of the current task, in KiB. */
static __always_inline void put_vm(struct scratch *s)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	put_vm_of(s, BPF_CORE_READ(task, mm));
}

/*
 * A PT_FDLIST: the number of pollfds (at most MAX_POLLFD), then each one's fd (s64) and the events the kernel
 * returned (s16, PPM_POLL* bits).
 */
#define MAX_POLLFD 16
GLOBAL int pg_fdlist(__u64 ptr, __u64 nfds)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	struct {
		int fd;
		short events;
		short revents;
	} fds[MAX_POLLFD] = {};
	__u32 n = nfds < MAX_POLLFD ? nfds : MAX_POLLFD;
	__u32 size = n * sizeof(fds[0]);
	if (size > sizeof(fds)) {
		size = sizeof(fds);
	}
	if (bpf_probe_read_user(fds, size, (const void *)ptr) != 0) {
		n = 0;
	}
	__u8 *p = &s->data[s->pos & OFF_MASK];
	*(__u16 *)p = n;
	for (int j = 0; j < MAX_POLLFD; j++) {
		if (j >= n) {
			break;
		}
		*(__s64 *)&p[2 + j * 10] = fds[j].fd;
		*(__s16 *)&p[10 + j * 10] = (__s16)poll_events_to_scap(fds[j].revents);
	}
	s->pos += 2 + n * 10;
	put_len(s, 2 + n * 10);
	return 0;
}

static __always_inline void put_fdlist(struct scratch *s, __u64 ptr, __u64 nfds)
{
	pg_fdlist(ptr, nfds);
}

/* setsockopt / getsockopt's optname: known only at SOL_SOCKET (1). */
static __always_inline __u32 sockopt_optname_to_scap(__u64 level, __u64 optname)
{
	return (int)level == 1 ? so_optname_to_scap((int)optname) : 0;
}

/*
 * A socket option's value as a PT_DYN (sockopt_dynamic_param): an index byte then the value. At SOL_SOCKET, SO_ERROR
 * is an errno (negated, s64), the send and receive timeouts a struct timeval in ns (u64), SO_COOKIE a u64, the
 * integer options a u32; anything else (and every other level) its bytes.
 */
#define SOCKOPT_BYTES 0
#define SOCKOPT_ERRNO 1
#define SOCKOPT_UINT32 2
#define SOCKOPT_UINT64 3
#define SOCKOPT_TIMEVAL 4
static __always_inline int sockopt_kind(__u64 level, __u64 optname)
{
	if ((int)level != 1) {
		return SOCKOPT_BYTES;
	}
	switch ((int)optname) {
	case 4:                  /* SO_ERROR */
		return SOCKOPT_ERRNO;
	case 20: case 21: case 66: case 67: /* SO_RCVTIMEO, SO_SNDTIMEO (old and new) */
		return SOCKOPT_TIMEVAL;
	case 57:                 /* SO_COOKIE */
		return SOCKOPT_UINT64;
	case 1: case 2: case 3: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 14: case 15:
	case 16: case 18: case 19: case 22: case 23: case 24: case 25: case 27: case 29: case 30: case 31: case 32:
	case 33: case 34: case 35: case 36: case 37: case 38: case 39: case 40: case 41: case 42: case 43: case 44:
	case 45: case 46: case 47: case 48: case 49:
		return SOCKOPT_UINT32;
	default:
		return SOCKOPT_BYTES;
	}
}

GLOBAL int pg_sockopt(__u64 level, __u64 optname, __u64 optlen, __u64 optval)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	int kind = sockopt_kind(level, optname);
	__u8 *p = &s->data[s->pos & OFF_MASK];
	p[0] = kind;
	__u32 len = 1;
	if (kind == SOCKOPT_ERRNO) {
		*(__s64 *)&p[1] = -(__s64)(int)user_u32(optval);
		len += 8;
	} else if (kind == SOCKOPT_TIMEVAL) {
		__s64 tv[2] = {};
		bpf_probe_read_user(tv, sizeof(tv), (const void *)optval);
		*(__u64 *)&p[1] = (__u64)tv[0] * 1000000000ULL + (__u64)tv[1] * 1000ULL;
		len += 8;
	} else if (kind == SOCKOPT_UINT64) {
		*(__u64 *)&p[1] = user_u64(optval);
		len += 8;
	} else if (kind == SOCKOPT_UINT32) {
		*(__u32 *)&p[1] = user_u32(optval);
		len += 4;
	} else {
		__u32 n = optlen > MAX_ARGS ? MAX_ARGS : optlen;
		n &= 2 * MAX_ARGS - 1;
		if (n && bpf_probe_read_user(&s->data[(s->pos + 1) & OFF_MASK], n, (const void *)optval) == 0) {
			len += n;
		}
	}
	s->pos += len;
	put_len(s, len);
	return 0;
}

static __always_inline void put_sockopt(struct scratch *s, __u64 level, __u64 optname, __u64 optlen, __u64 optval)
{
	pg_sockopt(level, optname, optlen, optval);
}

/* semop's first two struct sembuf {u16 num; s16 op; s16 flg}: zeros when the call failed or had none. */
static __always_inline void put_sembufs(struct scratch *s, long ret, __u64 sops, __u64 nsops)
{
	__u16 b[6] = {};
	if (ret == 0 && sops && nsops) {
		bpf_probe_read_user(b, nsops == 1 ? 6 : 12, (const void *)sops);
	}
	put_u16(s, b[0]);
	put_u16(s, b[1]);
	put_u16(s, semop_flags_to_scap((__s16)b[2]));
	put_u16(s, b[3]);
	put_u16(s, b[4]);
	put_u16(s, semop_flags_to_scap((__s16)b[5]));
}

/*
 * quotactl's parameters after res: special, quotafilepath (Q_QUOTAON's file), the struct if_dqblk of
 * Q_GETQUOTA / Q_SETQUOTA (its valid fields), the struct if_dqinfo of Q_GETINFO / Q_SETINFO, Q_GETFMT's format,
 * the command, the quota type, the id (of the quota commands) and Q_QUOTAON's format.
 */
#define PPM_Q_QUOTAON 1
#define PPM_Q_GETFMT 4
#define PPM_Q_GETINFO 8
#define PPM_Q_SETINFO 16
#define PPM_Q_GETQUOTA 32
#define PPM_Q_SETQUOTA 64
#define PPM_Q_XGETQUOTA 1024
#define PPM_Q_XSETQLIM 2048
GLOBAL int pg_quotactl(__u64 cmd, __u64 special, __u64 id, __u64 addr)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	__u32 qcmd = quotactl_cmd_to_scap(cmd >> 8);
	put_user_str(s, (const void *)special);
	put_user_str(s, qcmd == PPM_Q_QUOTAON ? (const void *)addr : NULL);
	/* struct if_dqblk: bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit, curinodes, btime, itime, valid */
	__u64 dq[9] = {};
	if (qcmd == PPM_Q_GETQUOTA || qcmd == PPM_Q_SETQUOTA) {
		bpf_probe_read_user(dq, 9 * 8, (const void *)addr);
	}
	__u32 valid = (__u32)dq[8];
	put_u64(s, valid & 1 ? dq[0] : 0); /* QIF_BLIMITS */
	put_u64(s, valid & 1 ? dq[1] : 0);
	put_u64(s, valid & 2 ? dq[2] : 0); /* QIF_SPACE */
	put_u64(s, valid & 4 ? dq[3] : 0); /* QIF_ILIMITS */
	put_u64(s, valid & 4 ? dq[4] : 0);
	put_u64(s, valid & 16 ? dq[6] : 0); /* QIF_BTIME */
	put_u64(s, valid & 32 ? dq[7] : 0); /* QIF_ITIME */
	/* struct if_dqinfo: bgrace, igrace, u32 flags, u32 valid */
	__u64 info[3] = {};
	if (qcmd == PPM_Q_GETINFO || qcmd == PPM_Q_SETINFO) {
		bpf_probe_read_user(info, sizeof(info), (const void *)addr);
	}
	__u32 ivalid = (__u32)(info[2] >> 32);
	put_u64(s, ivalid & 1 ? info[0] : 0); /* IIF_BGRACE */
	put_u64(s, ivalid & 2 ? info[1] : 0); /* IIF_IGRACE */
	put_u8(s, ivalid & 4 ? (__u8)info[2] : 0); /* IIF_FLAGS */
	put_u8(s, qcmd == PPM_Q_GETFMT ? quotactl_fmt_to_scap(user_u32(addr)) : quotactl_fmt_to_scap(-1));
	put_u16(s, qcmd);
	put_u8(s, quotactl_type_to_scap(cmd));
	bool of_id = qcmd == PPM_Q_GETQUOTA || qcmd == PPM_Q_SETQUOTA || qcmd == PPM_Q_XGETQUOTA
		     || qcmd == PPM_Q_XSETQLIM;
	put_u32(s, of_id ? (__u32)id : 0);
	put_u8(s, qcmd == PPM_Q_QUOTAON ? quotactl_fmt_to_scap((__u32)id) : quotactl_fmt_to_scap(-1));
	return 0;
}

static __always_inline void put_quotactl(struct scratch *s, __u64 cmd, __u64 special, __u64 id, __u64 addr)
{
	pg_quotactl(cmd, special, id, addr);
}

/*
 * keyctl's operation and its four PT_DYN arguments (keyctl_dynamic_param: index 0 an s64, 1 a string), as each
 * operation uses them: K_ZERO a 0, K_INT the argument, K_STR the string it points to.
 */
#define K_ZERO 0
#define K_INT 1
#define K_STR 2
#define KINDS(a, b, c, d) ((a) | (b) << 2 | (c) << 4 | (d) << 6)
static __always_inline __u32 keyctl_arg_kinds(__u32 op)
{
	switch (op) {
	case 1: /* JOIN_SESSION_KEYRING: name */
		return KINDS(K_STR, K_ZERO, K_ZERO, K_ZERO);
	case 3: case 7: case 14: case 16: case 21: /* REVOKE, CLEAR, SET_REQKEY_KEYRING, ASSUME_AUTHORITY, INVALIDATE */
		return KINDS(K_INT, K_ZERO, K_ZERO, K_ZERO);
	case 0: case 5: case 8: case 9: case 15: case 22: case 31:
		/* GET_KEYRING_ID, SETPERM, LINK, UNLINK, SET_TIMEOUT, GET_PERSISTENT, CAPABILITIES */
		return KINDS(K_INT, K_INT, K_ZERO, K_ZERO);
	case 2: case 4: case 6: case 11: case 13: case 17: case 32:
		/* UPDATE, CHOWN, DESCRIBE, READ, NEGATE, GET_SECURITY, WATCH_KEY */
		return KINDS(K_INT, K_INT, K_INT, K_ZERO);
	case 29: /* RESTRICT_KEYRING: type, restriction */
		return KINDS(K_INT, K_STR, K_STR, K_ZERO);
	case 24: /* PKEY_QUERY: info */
		return KINDS(K_INT, K_INT, K_STR, K_ZERO);
	case 10: /* SEARCH: type, description */
		return KINDS(K_INT, K_STR, K_STR, K_INT);
	case 12: case 19: case 20: case 23: case 30: /* INSTANTIATE, REJECT, INSTANTIATE_IOV, DH_COMPUTE, MOVE */
		return KINDS(K_INT, K_INT, K_INT, K_INT);
	case 25: case 26: case 27: case 28: /* PKEY_ENCRYPT, PKEY_DECRYPT, PKEY_SIGN, PKEY_VERIFY: info */
		return KINDS(K_INT, K_STR, K_INT, K_INT);
	default: /* SESSION_TO_PARENT and unknown operations */
		return KINDS(K_ZERO, K_ZERO, K_ZERO, K_ZERO);
	}
}

static __always_inline void put_keyctl_arg(struct scratch *s, __u32 kind, __u64 v)
{
	__u8 *p = &s->data[s->pos & OFF_MASK];
	if (kind == K_STR) {
		p[0] = 1;
		long n = v ? bpf_probe_read_user_str(&s->data[(s->pos + 1) & OFF_MASK], MAX_PATH, (const void *)v) : 0;
		if (n < 0) {
			n = 0;
		}
		s->pos += 1 + n;
		put_len(s, 1 + n);
		return;
	}
	p[0] = 0;
	*(__s64 *)&p[1] = kind == K_INT ? (__s64)v : 0;
	s->pos += 9;
	put_len(s, 9);
}

GLOBAL int pg_keyctl(__u64 op, __u64 a2, __u64 a3, __u64 a4)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	__u32 kinds = keyctl_arg_kinds((__u32)op);
	put_u32(s, (__u32)op); /* the KEYCTL_* values are Linux's */
	put_keyctl_arg(s, kinds & 3, a2);
	put_keyctl_arg(s, (kinds >> 2) & 3, a3);
	put_keyctl_arg(s, (kinds >> 4) & 3, a4);
	put_keyctl_arg(s, (kinds >> 6) & 3, s->args[4]); /* the fifth argument: global functions take five */
	return 0;
}

static __always_inline void put_keyctl(struct scratch *s, __u64 op, __u64 a2, __u64 a3, __u64 a4, __u64 a5)
{
	pg_keyctl(op, a2, a3, a4);
}

/*
 * The file an fd names, after open_by_handle_at: its open flags (with PPM_O_F_CREATED and the overlay layer), its
 * path (rebuilt from its dentries and mounts), dev and inode.
 */
GLOBAL int pg_opened_file(long ret, __u64 flags)
{
	struct scratch *s = scratch_get();
	if (!s) {
		return 0;
	}
	__u32 dev = 0;
	__u64 ino = 0;
	bool created = false;
	int layer = 0;
	if (ret > 0) {
		dev_ino_of_fd(ret, &dev, &ino, &created, &layer);
	}
	put_u32(s, opened_flags(flags, created, layer));
	struct file *f = ret > 0 ? file_of_fd((struct task_struct *)bpf_get_current_task(), ret) : NULL;
	if (f) {
		pg_file_path((__u64)f);
	} else {
		put_empty_str(s);
	}
	put_u32(s, dev);
	put_u64(s, ino);
	return 0;
}

static __always_inline void put_opened_file(struct scratch *s, long ret, __u64 flags)
{
	pg_opened_file(ret, flags);
}

/*
 * fsconfig's value as its command uses it: a string (FSCONFIG_SET_STRING, SET_PATH, SET_PATH_EMPTY) or aux bytes
 * (FSCONFIG_SET_BINARY); the other commands, and failed calls, have none.
 */
static __always_inline void put_fsconfig_value(struct scratch *s, long ret, __u64 cmd, __u64 value, __u64 aux)
{
	__u32 c = ret < 0 ? 0 : (__u32)cmd;
	if (c == 2) {
		put_user_bytes(s, (const void *)value, (__u32)aux);
	} else {
		put_empty(s);
	}
	if (c == 1 || c == 3 || c == 4) {
		put_user_str(s, (const void *)value);
	} else {
		put_empty_str(s);
	}
}

#endif
