/*
 * Minimal kernel type definitions for CO-RE. Only the fields the program reads are declared; the
 * preserve_access_index attribute makes clang emit relocations by field name, which libbpf resolves against the
 * running kernel's BTF (/sys/kernel/btf/vmlinux) at load time. That way the build needs no vmlinux.h and no BTF on
 * the build machine, and field offsets that move between kernel versions are still right.
 */
#ifndef PEREGRINE_KERNEL_TYPES_H
#define PEREGRINE_KERNEL_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef int pid_t;
typedef __u32 dev_t;
typedef _Bool bool;
#define true 1
#define false 0

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_RINGBUF = 27,
};

enum {
	BPF_ANY = 0,
	BPF_RB_NO_WAKEUP = 1,
};

struct bpf_raw_tracepoint_args {
	__u64 args[0];
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

/* x86_64 names; the syscall number is orig_ax and the arguments di, si, dx, r10, r8, r9. */
struct pt_regs {
	unsigned long di;
	unsigned long si;
	unsigned long dx;
	unsigned long r10;
	unsigned long r8;
	unsigned long r9;
	unsigned long orig_ax;
};

typedef struct {
	__u32 val;
} kuid_t;

typedef struct {
	__u32 val;
} kgid_t;

/* u64 since 6.3 (u32[2] before: same bytes on little-endian). */
typedef struct {
	__u64 val;
} kernel_cap_t;

struct cred {
	kuid_t euid;
	kgid_t egid;
	kuid_t fsuid;
	kgid_t fsgid;
	kernel_cap_t cap_inheritable;
	kernel_cap_t cap_permitted;
	kernel_cap_t cap_effective;
};

struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

struct tty_driver {
	int major;
	int minor_start;
};

struct tty_struct {
	int index;
	struct tty_driver *driver;
};

struct pid;

struct signal_struct {
	struct list_head thread_head;
	struct pid *pids[4]; /* indexed by enum pid_type: PIDTYPE_PGID = 2 */
	struct tty_struct *tty;
	struct rlimit rlim[16];
	unsigned int is_child_subreaper : 1;
	unsigned int has_child_subreaper : 1;
};

struct super_block {
	dev_t s_dev;
	unsigned long s_magic;
	unsigned long s_flags;
};

struct timespec64 {
	__s64 tv_sec;
	long tv_nsec;
};

/* inode times moved: i_ctime/i_mtime before 6.6, __i_ctime (6.6) and __i_mtime (6.7), then i_ctime_sec and friends (6.11). */
struct inode {
	unsigned short i_mode;
	unsigned int i_flags;
	kuid_t i_uid;
	kgid_t i_gid;
	unsigned long i_ino;
	struct super_block *i_sb;
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
};

struct inode___v6_6 {
	struct timespec64 __i_ctime;
};

struct inode___v6_7 {
	struct timespec64 __i_mtime;
};

struct inode___v6_11 {
	__s64 i_ctime_sec;
	__u32 i_ctime_nsec;
	__s64 i_mtime_sec;
	__u32 i_mtime_nsec;
};

/* len sits in an anonymous struct of an anonymous union in the kernel: CO-RE finds it by name. */
struct qstr {
	__u32 len;
	const unsigned char *name;
};

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
	struct super_block *d_sb;
};

struct vfsmount {
	struct dentry *mnt_root;
};

/* The mount a vfsmount is embedded in (fs/mount.h). */
struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
	unsigned int f_mode;
	struct inode *f_inode;
	void *private_data; /* a struct socket * for socket files */
};

struct in6_addr {
	__u8 s6_addr[16];
};

/* The address fields sit in anonymous unions/structs in the kernel: CO-RE finds them by name. */
struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	__u32 sk_ack_backlog;
	__u32 sk_max_ack_backlog;
};

struct socket {
	struct sock *sk;
};

struct sockaddr_un {
	unsigned short sun_family;
	char sun_path[108];
};

struct unix_address {
	int len;
	struct sockaddr_un name[];
};

struct unix_sock {
	struct unix_address *addr;
	struct sock *peer;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

/* Before 6.2: atomic counters; since: percpu_counters (struct mm_struct___v6_2). MM_FILEPAGES = 0, MM_ANONPAGES = 1,
 * MM_SWAPENTS = 2, MM_SHMEMPAGES = 3. */
typedef struct {
	long counter;
} atomic_long_t;

struct mm_rss_stat {
	atomic_long_t count[4];
};

struct percpu_counter {
	__s64 count;
};

struct mm_struct___v6_2 {
	struct percpu_counter rss_stat[4];
};

struct mm_struct {
	struct mm_rss_stat rss_stat;
	unsigned long total_vm;
	unsigned long arg_start;
	unsigned long arg_end;
	unsigned long env_start;
	unsigned long env_end;
	struct file *exe_file;
};

struct task_struct;

struct pid_namespace {
	struct task_struct *child_reaper;
	unsigned int level;
};

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct pid {
	unsigned int level;
	struct upid numbers[1];
};

struct nsproxy {
	struct pid_namespace *pid_ns_for_children;
};

struct linux_binprm {
	const char *filename;
};

/* The cgroup a task belongs to, per controller (css_set.subsys is indexed by enum cgroup_subsys_id). */
struct kernfs_node {
	const char *name;
	struct kernfs_node *parent;
};

/* 6.15 renamed kernfs_node.parent to __parent: CO-RE picks whichever the running kernel has. */
struct kernfs_node___v6_15 {
	struct kernfs_node *__parent;
};

struct cgroup {
	struct kernfs_node *kn;
};

struct cgroup_subsys {
	const char *name;
};

struct cgroup_subsys_state {
	struct cgroup *cgroup;
	struct cgroup_subsys *ss;
};

struct css_set {
	struct cgroup_subsys_state *subsys[16];
};

enum cgroup_subsys_id {
	cpuset_cgrp_id = 0,
	cpu_cgrp_id = 1,
	cpuacct_cgrp_id = 2,
	io_cgrp_id = 3,
	memory_cgrp_id = 4,
};

struct task_struct {
	unsigned int flags;
	int exit_code;
	struct list_head children;
	struct list_head thread_node;
	struct css_set *cgroups;
	struct nsproxy *nsproxy;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct mm_struct *mm;
	struct files_struct *files;
	struct signal_struct *signal;
	const struct cred *cred;
	struct pid *thread_pid;
	kuid_t loginuid;
	unsigned long min_flt;
	__u64 start_time;
	unsigned long maj_flt;
	char comm[16];
};

#pragma clang attribute pop

#endif
