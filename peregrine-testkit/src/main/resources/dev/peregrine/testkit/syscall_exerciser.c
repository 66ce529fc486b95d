// SPDX-License-Identifier: (MIT OR GPL-2.0)
/*
 * Makes x86_64 syscalls for the driver's table-driven test (SyscallExerciser builds and runs it):
 *
 *   syscall_exerciser DIR [GENERIC_NR...]
 *
 * It starts when its standard input has a line or is closed, so a caller can first note its pid.
 * In DIR (an empty directory it works in) it makes every syscall that has an exit event of its own in libs' event
 * table, with arguments whose effects are known, then each GENERIC_NR (the syscalls sent as generic events) with
 * arguments that make it fail harmlessly, and last it execs itself. Every syscall it makes goes straight to the kernel
 * (no libc wrapper, so no hidden extra calls) and is printed, in order, when done:
 *
 *   NR<TAB>RES[<TAB>PARAM=VALUE]...
 *
 * NR and RES are the syscall number and what the kernel returned; PARAM=VALUE pairs say what the exit event must
 * carry: a number, flag names joined by '|' (or numbers), a string, "?" (not checked: what the kernel made of it,
 * such as memory sizes), "-" (an empty parameter). Byte buffers are text with \0, \t and \\ escapes, or hex:...;
 * socket addresses 127.0.0.1:PORT or unix:PATH, tuples A->B; fd lists FD:EVENTS,...; dynamic parameters
 * INDEX:VALUE. A syscall that cannot be made here is printed as NR<TAB>skip<TAB>why.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <linux/openat2.h>
#include <linux/mount.h>
#include <linux/io_uring.h>
#include <linux/seccomp.h>
#include <linux/keyctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/quota.h>
#include <sys/epoll.h>
#include <linux/futex.h>
#include <time.h>

#define MAX_LINES 2048
#define LINE 8192

static char lines[MAX_LINES][LINE];
static int nlines;

/* A syscall, straight to the kernel: what it returns, -errno included. */
static long raw(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* Makes a syscall and starts its line. */
static long call(long nr, const long *a)
{
	long ret = raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nlines < MAX_LINES) {
		snprintf(lines[nlines++], LINE, "%ld\t%ld", nr, ret);
	}
	return ret;
}

#define L(x) ((long)(x))
#define SC(nr, ...) call(nr, (long[6]){__VA_ARGS__})

static void vexpect_at(int line, const char *fmt, va_list ap)
{
	char *l = lines[line];
	size_t n = strlen(l);
	l[n++] = '\t';
	vsnprintf(l + n, LINE - n, fmt, ap);
}

/* Adds PARAM=VALUE pairs (tab-separated) to the last call's line. */
__attribute__((format(printf, 1, 2))) static void expect(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vexpect_at(nlines - 1, fmt, ap);
	va_end(ap);
}

/* The same for an earlier call's line (a number remembered after it was made). */
__attribute__((format(printf, 2, 3))) static void expect_at(int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vexpect_at(line, fmt, ap);
	va_end(ap);
}

/* close(FD), whose exit the capture shows with the fd it closed. */
static void close_fd(long fd)
{
	SC(SYS_close, fd);
	expect("fd=%ld", fd);
}

static void skip(long nr, const char *why)
{
	snprintf(lines[nlines++], LINE, "%ld\tskip\t%s", nr, why);
}

static void print_lines(void)
{
	for (int i = 0; i < nlines; i++) {
		fputs(lines[i], stdout);
		fputc('\n', stdout);
	}
	fflush(stdout);
}

static const char *dir;
static int overlay;
static long uid, gid, pid;

/* The open flags' overlayfs layer bit for a file made here: on overlayfs, new files are in the upper layer. */
static const char *upper(void)
{
	return overlay ? "|FD_UPPER_LAYER" : "";
}

/* The open flags' bits for a file this open made. */
static const char *created(void)
{
	return overlay ? "|O_F_CREATED|FD_UPPER_LAYER" : "|O_F_CREATED";
}

/*
 * A file's status through statx (raw, never printed: the syscall is sent as a generic event, and the ones made
 * for the cases are all made before the generic section's own statx).
 */
static struct statx statx_of(int dirfd, const char *path, int flags)
{
	struct statx stx = {0};
	raw(SYS_statx, dirfd, L(path), flags, STATX_INO, L(&stx), 0);
	return stx;
}

static unsigned long long ino_of(const char *path)
{
	return statx_of(AT_FDCWD, path, 0).stx_ino;
}

/* The device, in the encoding libscap uses (the kernel's new_encode_dev). */
static unsigned int dev_of(const char *path)
{
	struct statx stx = statx_of(AT_FDCWD, path, 0);
	unsigned int major = stx.stx_dev_major, minor = stx.stx_dev_minor;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static unsigned long long ino_of_fd(int fd)
{
	return statx_of(fd, "", AT_EMPTY_PATH).stx_ino;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* ---- files, directories, links, permissions, mounts */

static void files(void)
{
	char buf[4096];
	long fd, fd2, r;

	SC(SYS_chdir, L(dir));
	expect("path=%s", dir);
	r = SC(SYS_getcwd, L(buf), sizeof(buf));
	expect("path=%s", r > 0 ? buf : "?");

	fd = SC(SYS_open, L("f_open"), O_WRONLY | O_CREAT | O_TRUNC, 0640);
	expect("name=f_open\tflags=O_WRONLY|O_CREAT|O_TRUNC%s\tmode=0640\tdev=%u\tino=%llu", created(),
	       dev_of("f_open"), ino_of("f_open"));
	r = SC(SYS_write, fd, L("hello, world"), 12);
	expect("data=hello, world\tfd=%ld\tsize=12", fd);
	r = SC(SYS_pwrite64, fd, L("HELLO"), 5, 0);
	expect("data=HELLO\tfd=%ld\tsize=5\tpos=0", fd);
	struct iovec wv[2] = {{"ab", 2}, {"cd", 2}};
	r = SC(SYS_writev, fd, L(wv), 2);
	expect("data=abcd\tfd=%ld\tsize=4", fd);
	r = SC(SYS_pwritev, fd, L(wv), 2, 20);
	expect("data=abcd\tfd=%ld\tsize=4\tpos=20", fd);
	SC(SYS_fsync, fd);
	SC(SYS_flock, fd, LOCK_EX | LOCK_NB);
	expect("fd=%ld\toperation=LOCK_EX|LOCK_NB", fd);
	SC(SYS_fchmod, fd, 0600);
	expect("fd=%ld\tmode=S_IRUSR|S_IWUSR", fd);
	SC(SYS_fchown, fd, uid, gid);
	expect("fd=%ld\tuid=%ld\tgid=%ld", fd, uid, gid);
	close_fd(fd);

	fd = SC(SYS_openat, AT_FDCWD, L("f_open"), O_RDONLY | O_CLOEXEC, 0);
	expect("dirfd=-100\tname=f_open\tflags=O_RDONLY|O_CLOEXEC%s\tmode=0\tdev=%u\tino=%llu", upper(),
	       dev_of("f_open"), ino_of("f_open"));
	r = SC(SYS_read, fd, L(buf), 5);
	expect("data=HELLO\tfd=%ld\tsize=5", fd);
	r = SC(SYS_lseek, fd, 2, SEEK_CUR);
	expect("fd=%ld\toffset=2\twhence=SEEK_CUR", fd);
	r = SC(SYS_pread64, fd, L(buf), 4, 7);
	expect("data=worl\tfd=%ld\tsize=4\tpos=7", fd);
	char a[3], b[3];
	struct iovec rv[2] = {{a, 3}, {b, 3}};
	r = SC(SYS_readv, fd, L(rv), 2);
	expect("size=6\tdata=worlda\tfd=%ld", fd);
	r = SC(SYS_preadv, fd, L(rv), 2, 0);
	expect("size=6\tdata=HELLO,\tfd=%ld\tpos=0", fd);
	SC(SYS_fstat, fd, L(buf));
	expect("fd=%ld", fd);
	SC(SYS_ioctl, fd, 0x541B /* FIONREAD */, L(buf));
	expect("fd=%ld\trequest=%d\targument=%lu", fd, 0x541B, (unsigned long)buf);
	SC(SYS_fcntl, fd, F_GETFD, 0);
	expect("fd=%ld\tcmd=F_GETFD\targ=0", fd);
	fd2 = SC(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 50);
	expect("fd=%ld\tcmd=F_DUPFD_CLOEXEC\targ=50", fd);
	close_fd(fd2);
	long mem = SC(SYS_mmap, 0, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	expect("vm_size=?\tvm_rss=?\tvm_swap=?\taddr=0\tlength=8192\tprot=PROT_READ\tflags=MAP_PRIVATE\tfd=%ld\toffset=0",
	       fd);
	SC(SYS_mprotect, mem, 4096, PROT_READ | PROT_WRITE);
	expect("addr=%ld\tlength=4096\tprot=PROT_READ|PROT_WRITE", mem);
	SC(SYS_mlock, mem, 4096);
	expect("addr=%ld\tlen=4096", mem);
	SC(SYS_munlock, mem, 4096);
	expect("addr=%ld\tlen=4096", mem);
	SC(SYS_mlock2, mem, 4096, 1 /* MLOCK_ONFAULT */);
	expect("addr=%ld\tlen=4096\tflags=MLOCK_ONFAULT", mem);
	SC(SYS_munmap, mem, 8192);
	expect("vm_size=?\tvm_rss=?\tvm_swap=?\taddr=%ld\tlength=8192", mem);
	long brk = SC(SYS_brk, 0);
	expect("vm_size=?\tvm_rss=?\tvm_swap=?\taddr=0");
	(void)brk;
	SC(SYS_mlockall, MCL_CURRENT | MCL_FUTURE);
	expect("flags=MCL_CURRENT|MCL_FUTURE");
	SC(SYS_munlockall);
	int out = SC(SYS_open, L("f_copy"), O_WRONLY | O_CREAT, 0600);
	expect("name=f_copy\tflags=O_WRONLY|O_CREAT%s\tmode=0600\tdev=%u\tino=%llu", created(), dev_of("f_copy"),
	       ino_of("f_copy"));
	long long off = 1;
	SC(SYS_sendfile, out, fd, L(&off), 3);
	expect("offset=4\tout_fd=%d\tin_fd=%ld\tsize=3", out, fd);
	long long offin = 0, offout = 10;
	SC(SYS_copy_file_range, fd, L(&offin), out, L(&offout), 4, 0);
	expect("fdout=%d\toffout=%ld\tfdin=%ld\toffin=%ld\tlen=4", out, L(&offout), fd, L(&offin));
	int p[2];
	SC(SYS_pipe2, L(p), O_CLOEXEC);
	expect("fd1=%d\tfd2=%d\tino=%llu\tflags=O_CLOEXEC", p[0], p[1], ino_of_fd(p[0]));
	SC(SYS_splice, fd, 0, p[1], 0, 5, SPLICE_F_NONBLOCK);
	expect("fd_in=%ld\tfd_out=%d\tsize=5\tflags=SPLICE_F_NONBLOCK", fd, p[1]);
	close_fd(p[0]);
	close_fd(p[1]);
	SC(SYS_pipe, L(p));
	expect("fd1=%d\tfd2=%d\tino=%llu", p[0], p[1], ino_of_fd(p[0]));
	struct pollfd pfd[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
	SC(SYS_poll, L(pfd), 2, 0);
	expect("fds=%d:0,%d:POLLOUT\ttimeout=0", p[0], p[1]);
	struct timespec zero = {0, 0};
	sigset_t none;
	sigemptyset(&none);
	SC(SYS_ppoll, L(pfd), 2, L(&zero), L(&none), 8);
	expect("fds=%d:0,%d:POLLOUT\ttimeout=0\tsigmask=0", p[0], p[1]);
	SC(SYS_close_range, p[0], p[1], 0);
	expect("first=%d\tlast=%d\tflags=0", p[0], p[1]);
	close_fd(out);
	close_fd(fd);

	fd = SC(SYS_creat, L("f_creat"), 0644);
	expect("name=f_creat\tmode=0644\tdev=%u\tino=%llu\tcreat_flags=%s", dev_of("f_creat"), ino_of("f_creat"),
	       overlay ? "FD_UPPER_LAYER_CREAT" : "0");
	close_fd(fd);
	struct open_how how = {.flags = O_RDWR | O_CREAT, .mode = 0600, .resolve = RESOLVE_NO_SYMLINKS};
	fd = SC(SYS_openat2, AT_FDCWD, L("f_openat2"), L(&how), sizeof(how));
	expect("dirfd=-100\tname=f_openat2\tflags=O_RDWR|O_CREAT%s\tmode=0600\tresolve=RESOLVE_NO_SYMLINKS\tdev=%u\t"
	       "ino=%llu", created(), dev_of("f_openat2"), ino_of("f_openat2"));
	SC(SYS_ftruncate, fd, 100);
	close_fd(fd);

	SC(SYS_stat, L("f_open"), L(buf));
	expect("path=f_open");
	SC(SYS_lstat, L("f_open"), L(buf));
	expect("path=f_open");
	SC(SYS_newfstatat, AT_FDCWD, L("f_open"), L(buf), AT_SYMLINK_NOFOLLOW);
	expect("dirfd=-100\tpath=f_open\tflags=AT_SYMLINK_NOFOLLOW");
	SC(SYS_access, L("f_open"), R_OK | W_OK);
	expect("name=f_open\tmode=R_OK|W_OK");
	SC(SYS_chmod, L("f_open"), 04750);
	expect("filename=f_open\tmode=S_ISUID|S_IRUSR|S_IWUSR|S_IXUSR|S_IRGRP|S_IXGRP");
	SC(SYS_fchmodat, AT_FDCWD, L("f_open"), 0644);
	expect("dirfd=-100\tfilename=f_open\tmode=0644");
	SC(SYS_chown, L("f_open"), uid, gid);
	expect("path=f_open\tuid=%ld\tgid=%ld", uid, gid);
	SC(SYS_lchown, L("f_open"), uid, gid);
	expect("path=f_open\tuid=%ld\tgid=%ld", uid, gid);
	SC(SYS_fchownat, AT_FDCWD, L("f_open"), uid, gid, AT_SYMLINK_NOFOLLOW);
	expect("dirfd=-100\tpathname=f_open\tuid=%ld\tgid=%ld\tflags=0", uid, gid);

	SC(SYS_link, L("f_open"), L("f_link"));
	expect("oldpath=f_open\tnewpath=f_link");
	SC(SYS_linkat, AT_FDCWD, L("f_open"), AT_FDCWD, L("f_linkat"), AT_SYMLINK_FOLLOW);
	expect("olddir=-100\toldpath=f_open\tnewdir=-100\tnewpath=f_linkat\tflags=AT_SYMLINK_FOLLOW");
	SC(SYS_symlink, L("f_open"), L("f_symlink"));
	expect("target=f_open\tlinkpath=f_symlink");
	SC(SYS_symlinkat, L("f_open"), AT_FDCWD, L("f_symlinkat"));
	expect("target=f_open\tlinkdirfd=-100\tlinkpath=f_symlinkat");
	SC(SYS_readlink, L("f_symlink"), L(buf), sizeof(buf));
	SC(SYS_rename, L("f_link"), L("f_renamed"));
	expect("oldpath=f_link\tnewpath=f_renamed");
	SC(SYS_renameat, AT_FDCWD, L("f_renamed"), AT_FDCWD, L("f_renamedat"));
	expect("olddirfd=-100\toldpath=f_renamed\tnewdirfd=-100\tnewpath=f_renamedat");
	SC(SYS_renameat2, AT_FDCWD, L("f_renamedat"), AT_FDCWD, L("f_renamedat2"), RENAME_NOREPLACE);
	expect("olddirfd=-100\toldpath=f_renamedat\tnewdirfd=-100\tnewpath=f_renamedat2\tflags=RENAME_NOREPLACE");
	SC(SYS_unlink, L("f_renamedat2"));
	expect("path=f_renamedat2");
	SC(SYS_unlinkat, AT_FDCWD, L("f_linkat"), 0);
	expect("dirfd=-100\tname=f_linkat\tflags=0");
	SC(SYS_mknod, L("f_fifo"), S_IFIFO | 0600, 0);
	expect("path=f_fifo\tmode=S_IFIFO|S_IRUSR|S_IWUSR\tdev=0");
	SC(SYS_mknodat, AT_FDCWD, L("f_node"), 0640, 0);
	expect("dirfd=-100\tpath=f_node\tmode=S_IFREG|S_IRUSR|S_IWUSR|S_IRGRP\tdev=0");

	SC(SYS_mkdir, L("d_mkdir"), 0755);
	expect("path=d_mkdir\tmode=%d", 0755);
	SC(SYS_mkdirat, AT_FDCWD, L("d_mkdirat"), 0700);
	expect("dirfd=-100\tpath=d_mkdirat\tmode=%d", 0700);
	fd = SC(SYS_open, L("d_mkdir"), O_RDONLY | O_DIRECTORY, 0);
	expect("name=d_mkdir\tflags=O_RDONLY|O_DIRECTORY|O_TMPFILE%s\tmode=0\tdev=%u\tino=%llu", upper(),
	       dev_of("d_mkdir"), ino_of("d_mkdir"));
	SC(SYS_getdents64, fd, L(buf), sizeof(buf));
	expect("fd=%ld", fd);
	SC(SYS_getdents, fd, L(buf), sizeof(buf));
	expect("fd=%ld", fd);
	SC(SYS_fchdir, fd);
	expect("fd=%ld", fd);
	SC(SYS_chdir, L(".."));
	expect("path=..");
	close_fd(fd);
	SC(SYS_rmdir, L("d_mkdir"));
	expect("path=d_mkdir");
	SC(SYS_unlinkat, AT_FDCWD, L("d_mkdirat"), AT_REMOVEDIR);
	expect("dirfd=-100\tname=d_mkdirat\tflags=AT_REMOVEDIR");
	SC(SYS_chroot, L("no_such_dir"));
	expect("path=no_such_dir");
	SC(SYS_mount, L("none"), L("no_such_dir"), L("tmpfs"), MS_NOSUID | MS_NODEV, 0);
	expect("dev=none\tdir=no_such_dir\ttype=tmpfs\tflags=NOSUID|NODEV");
	SC(SYS_umount2, L("no_such_dir"), MNT_DETACH);
	expect("name=no_such_dir\tflags=DETACH");
	/* fsopen makes a filesystem context the fsconfig calls configure (never mounted) */
	long fsfd = SC(SYS_fsopen, L("tmpfs"), 0);
	SC(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, L("size"), L("1m"), 0);
	expect("fd=%ld\tcmd=FSCONFIG_SET_STRING\tkey=size\tvalue_bytebuf=-\tvalue_charbuf=1m\taux=0", fsfd);
	SC(SYS_fsconfig, fsfd, FSCONFIG_SET_FLAG, L("ro"), 0, 0);
	expect("fd=%ld\tcmd=FSCONFIG_SET_FLAG\tkey=ro\tvalue_bytebuf=-\tvalue_charbuf=\taux=0", fsfd);
	close_fd(fsfd);
	SC(SYS_quotactl, QCMD(Q_GETFMT, USRQUOTA), L("no_such_device"), 0, L(buf));
	expect("special=no_such_device\tquotafilepath=\tdqb_bhardlimit=0\tdqb_bsoftlimit=0\tdqb_curspace=0\t"
	       "dqb_ihardlimit=0\tdqb_isoftlimit=0\tdqb_btime=0\tdqb_itime=0\tdqi_bgrace=0\tdqi_igrace=0\tdqi_flags=0\t"
	       "quota_fmt_out=?\tcmd=Q_GETFMT\ttype=USRQUOTA\tid=0\tquota_fmt=QFMT_NOT_USED");

	/* open_by_handle_at: a handle of f_open, opened through the directory's fd */
	struct {
		struct file_handle h;
		unsigned char data[128];
	} fh = {.h.handle_bytes = 128};
	int mount_id;
	SC(SYS_name_to_handle_at, AT_FDCWD, L("f_open"), L(&fh), L(&mount_id), 0);
	long dfd = SC(SYS_open, L("."), O_RDONLY | O_DIRECTORY, 0);
	/* O_DIRECTORY is a bit of O_TMPFILE: the modern probe reports both */
	expect("name=.\tflags=O_RDONLY|O_DIRECTORY|O_TMPFILE%s\tmode=0\tdev=%u\tino=%llu", upper(), dev_of("."),
	       ino_of("."));
	fd = SC(SYS_open_by_handle_at, dfd, L(&fh), O_RDONLY);
	expect("mountfd=%ld\tflags=O_RDONLY%s\tpath=%s/f_open\tdev=%u\tino=%llu", dfd, upper(), dir,
	       dev_of("f_open"), ino_of("f_open"));
	close_fd(fd);
	close_fd(dfd);

	fd = SC(SYS_memfd_create, L("pg_memfd"), MFD_CLOEXEC | MFD_ALLOW_SEALING);
	expect("name=pg_memfd\tflags=MFD_CLOEXEC|MFD_ALLOW_SEALING");
	close_fd(fd);
	SC(SYS_init_module, L("not a module"), 12, L("pg=1"));
	expect("img=not a module\tlength=12\tuargs=pg=1");
	fd = SC(SYS_open, L("f_open"), O_RDONLY, 0);
	expect("name=f_open\tflags=O_RDONLY%s\tmode=0\tdev=%u\tino=%llu", upper(), dev_of("f_open"),
	       ino_of("f_open"));
	SC(SYS_finit_module, fd, L("pg=2"), 1 /* MODULE_INIT_IGNORE_MODVERSIONS */);
	expect("fd=%ld\tuargs=pg=2\tflags=MODULE_INIT_IGNORE_MODVERSIONS", fd);
	close_fd(fd);
	SC(SYS_delete_module, L("pg_no_such_module"), O_NONBLOCK);
	expect("name=pg_no_such_module\tflags=O_NONBLOCK");
}

/* ---- fds of other kinds */

static void other_fds(void)
{
	long fd, r;
	fd = SC(SYS_dup, 0);
	expect("oldfd=0");
	r = SC(SYS_dup2, fd, 60);
	expect("oldfd=%ld\tnewfd=60", fd);
	r = SC(SYS_dup3, fd, 61, O_CLOEXEC);
	expect("oldfd=%ld\tnewfd=61\tflags=O_CLOEXEC", fd);
	(void)r;
	close_fd(60);
	close_fd(61);
	close_fd(fd);
	fd = SC(SYS_eventfd, 3);
	expect("initval=3\tflags=0");
	close_fd(fd);
	fd = SC(SYS_eventfd2, 4, O_NONBLOCK | O_CLOEXEC);
	expect("flags=O_NONBLOCK|O_CLOEXEC\tinitval=4");
	close_fd(fd);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	fd = SC(SYS_signalfd, -1, L(&mask), 8);
	expect("fd=-1\tmask=0\tflags=0");
	close_fd(fd);
	fd = SC(SYS_signalfd4, -1, L(&mask), 8, O_CLOEXEC);
	expect("flags=O_CLOEXEC\tfd=-1\tmask=0");
	close_fd(fd);
	fd = SC(SYS_timerfd_create, CLOCK_MONOTONIC, O_NONBLOCK);
	expect("clockid=%d\tflags=%d", CLOCK_MONOTONIC, 64 /* PPM_O_NONBLOCK, as a plain u8 */);
	close_fd(fd);
	fd = SC(SYS_inotify_init);
	expect("flags=0");
	close_fd(fd);
	fd = SC(SYS_inotify_init1, O_NONBLOCK);
	expect("flags=O_NONBLOCK");
	close_fd(fd);
	fd = SC(SYS_epoll_create, 5);
	expect("size=5");
	char events[64];
	SC(SYS_epoll_wait, fd, L(events), 4, 0);
	expect("maxevents=4");
	close_fd(fd);
	fd = SC(SYS_epoll_create1, EPOLL_CLOEXEC);
	expect("flags=EPOLL_CLOEXEC");
	close_fd(fd);
	fd = SC(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	expect("flags=%d", O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		close_fd(fd);
	}
	struct io_uring_params params = {0};
	fd = SC(SYS_io_uring_setup, 4, L(&params));
	if (fd >= 0) {
		expect("entries=4\tsq_entries=%u\tcq_entries=%u\tflags=0\tsq_thread_cpu=0\tsq_thread_idle=0\tfeatures=?",
		       params.sq_entries, params.cq_entries);
		SC(SYS_io_uring_enter, fd, 0, 0, IORING_ENTER_GETEVENTS, 0, 0);
		expect("fd=%ld\tto_submit=0\tmin_complete=0\tflags=IORING_ENTER_GETEVENTS\tsig=0", fd);
		SC(SYS_io_uring_register, fd, IORING_REGISTER_PROBE, 0, 0);
		expect("fd=%ld\topcode=IORING_REGISTER_PROBE\targ=0\tnr_args=0", fd);
		close_fd(fd);
	} else {
		expect("entries=4\tsq_entries=0\tcq_entries=0\tflags=0\tsq_thread_cpu=0\tsq_thread_idle=0\tfeatures=0");
		SC(SYS_io_uring_enter, -1, 0, 0, IORING_ENTER_GETEVENTS, 0, 0);
		expect("fd=-1\tto_submit=0\tmin_complete=0\tflags=IORING_ENTER_GETEVENTS\tsig=0");
		SC(SYS_io_uring_register, -1, IORING_REGISTER_PROBE, 0, 0);
		expect("fd=-1\topcode=IORING_REGISTER_PROBE\targ=0\tnr_args=0");
	}
	union bpf_attr_prefix {
		unsigned int map_type;
		char bytes[128];
	} attr = {0};
	fd = SC(SYS_bpf, 0 /* BPF_MAP_CREATE */, L(&attr), sizeof(attr));
	expect("cmd=BPF_MAP_CREATE");
	if (fd >= 0) {
		close_fd(fd);
	}
	long pidfd = SC(SYS_pidfd_open, pid, 0);
	expect("pid=%ld\tflags=0", pid);
	fd = SC(SYS_pidfd_getfd, pidfd, 0, 0);
	expect("pid_fd=%ld\ttarget_fd=0\tflags=0", pidfd);
	close_fd(fd);
	close_fd(pidfd);
}

/* ---- sockets */

/* socket(AF_INET, TYPE, 0). */
static long inet_socket(int type)
{
	long fd = SC(SYS_socket, AF_INET, type, 0);
	expect("domain=AF_INET\ttype=%d\tproto=0\tflags=0", type);
	return fd;
}

/* Binds FD to a free loopback port and reads that port back into SA; returns it. */
static int bind_loopback(long fd, struct sockaddr_in *sa)
{
	sa->sin_port = 0;
	SC(SYS_bind, fd, L(sa), sizeof(*sa));
	expect("addr=127.0.0.1:0\tfd=%ld", fd);
	socklen_t len = sizeof(*sa);
	SC(SYS_getsockname, fd, L(sa), L(&len));
	return ntohs(sa->sin_port);
}

/* Connects FD to the loopback address TO; returns the local port, which the connect's tuple names. */
static int connect_loopback(long fd, const struct sockaddr_in *to)
{
	int port = ntohs(to->sin_port);
	SC(SYS_connect, fd, L(to), sizeof(*to));
	int connected = nlines - 1;
	struct sockaddr_in me;
	socklen_t mlen = sizeof(me);
	SC(SYS_getsockname, fd, L(&me), L(&mlen));
	int cport = ntohs(me.sin_port);
	expect_at(connected, "tuple=127.0.0.1:%d->127.0.0.1:%d\tfd=%ld\taddr=127.0.0.1:%d", cport, port, fd, port);
	return cport;
}

static void sockets(void)
{
	char buf[256];
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	long srv = SC(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	expect("domain=AF_INET\ttype=%d\tproto=0\tflags=O_CLOEXEC", SOCK_STREAM | SOCK_CLOEXEC);
	int one = 1;
	SC(SYS_setsockopt, srv, SOL_SOCKET, SO_REUSEADDR, L(&one), sizeof(one));
	expect("fd=%ld\tlevel=SOL_SOCKET\toptname=SO_REUSEADDR\tval=2:1\toptlen=4", srv);
	int port = bind_loopback(srv, &sa);
	SC(SYS_listen, srv, 5);
	expect("fd=%ld\tbacklog=5", srv);
	int val = 0;
	socklen_t vlen = sizeof(val);
	SC(SYS_getsockopt, srv, SOL_SOCKET, SO_TYPE, L(&val), L(&vlen));
	expect("fd=%ld\tlevel=SOL_SOCKET\toptname=SO_TYPE\tval=2:%d\toptlen=4", srv, SOCK_STREAM);
	long cli = inet_socket(SOCK_STREAM);
	int cport = connect_loopback(cli, &sa);
	SC(SYS_getpeername, cli, L(&sa), L(&len));
	long acc = SC(SYS_accept, srv, 0, 0);
	expect("tuple=127.0.0.1:%d->127.0.0.1:%d\tqueuepct=0\tqueuelen=0\tqueuemax=5", cport, port);
	SC(SYS_sendto, cli, L("ping"), 4, 0, 0, 0);
	expect("data=ping\tfd=%ld\tsize=4\ttuple=127.0.0.1:%d->127.0.0.1:%d", cli, cport, port);
	SC(SYS_recvfrom, acc, L(buf), sizeof(buf), 0, 0, 0);
	expect("data=ping\ttuple=127.0.0.1:%d->127.0.0.1:%d\tfd=%ld\tsize=%zu", cport, port, acc, sizeof(buf));
	struct iovec iov = {"pong", 4};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	SC(SYS_sendmsg, acc, L(&mh), 0);
	expect("data=pong\tfd=%ld\tsize=4\ttuple=127.0.0.1:%d->127.0.0.1:%d", acc, port, cport);
	struct iovec riov = {buf, sizeof(buf)};
	struct msghdr rmh = {.msg_iov = &riov, .msg_iovlen = 1};
	SC(SYS_recvmsg, cli, L(&rmh), 0);
	expect("size=4\tdata=pong\ttuple=127.0.0.1:%d->127.0.0.1:%d\tmsgcontrol=-\tfd=%ld", port, cport, cli);
	SC(SYS_shutdown, cli, SHUT_WR);
	expect("fd=%ld\thow=SHUT_WR", cli);
	close_fd(acc);
	close_fd(cli);
	/* a refused connect: nothing listens on the port just closed */
	close_fd(srv);
	cli = inet_socket(SOCK_STREAM);
	SC(SYS_connect, cli, L(&sa), sizeof(sa));
	expect("tuple=-\tfd=%ld\taddr=127.0.0.1:%d", cli, port);
	close_fd(cli);

	/* accept4, with flags */
	srv = inet_socket(SOCK_STREAM);
	port = bind_loopback(srv, &sa);
	SC(SYS_listen, srv, 3);
	expect("fd=%ld\tbacklog=3", srv);
	cli = inet_socket(SOCK_STREAM);
	cport = connect_loopback(cli, &sa);
	acc = SC(SYS_accept4, srv, 0, 0, SOCK_NONBLOCK);
	expect("tuple=127.0.0.1:%d->127.0.0.1:%d\tqueuepct=0\tqueuelen=0\tqueuemax=3\tflags=%d", cport, port,
	       64 /* PPM_O_NONBLOCK */);
	close_fd(acc);
	close_fd(cli);
	close_fd(srv);

	/* an IPv6 socket bound to an IPv4-mapped address, which libsinsp prints as inet_ntop writes it */
	long s6 = SC(SYS_socket, AF_INET6, SOCK_DGRAM, 0);
	expect("domain=AF_INET6\ttype=%d\tproto=0\tflags=0", SOCK_DGRAM);
	struct sockaddr_in6 sa6 = {.sin6_family = AF_INET6};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &sa6.sin6_addr);
	SC(SYS_bind, s6, L(&sa6), sizeof(sa6));
	expect("addr=[0:0:0:0:0:ffff:7f00:1]:0\tfd=%ld", s6);
	close_fd(s6);

	/* UDP: several messages at once */
	long u1 = inet_socket(SOCK_DGRAM);
	long u2 = inet_socket(SOCK_DGRAM);
	port = bind_loopback(u2, &sa);
	cport = connect_loopback(u1, &sa);
	struct iovec m1 = {"one", 3}, m2 = {"two!", 4};
	struct mmsghdr out[2] = {{.msg_hdr = {.msg_iov = &m1, .msg_iovlen = 1}},
				 {.msg_hdr = {.msg_iov = &m2, .msg_iovlen = 1}}};
	SC(SYS_sendmmsg, u1, L(out), 2, 0);
	/* one event per message, each with its own length as res */
	snprintf(lines[nlines - 1], LINE, "%d\t3\tfd=%ld\tsize=3\tdata=one\ttuple=127.0.0.1:%d->127.0.0.1:%d",
		 SYS_sendmmsg, u1, cport, port);
	snprintf(lines[nlines++], LINE, "%d\t4\tfd=%ld\tsize=4\tdata=two!\ttuple=127.0.0.1:%d->127.0.0.1:%d",
		 SYS_sendmmsg, u1, cport, port);
	char r1[16], r2[16];
	struct iovec i1 = {r1, sizeof(r1)}, i2 = {r2, sizeof(r2)};
	struct sockaddr_in from1, from2; /* the senders, as the kernel writes them */
	struct mmsghdr in[2] = {
		{.msg_hdr = {.msg_name = &from1, .msg_namelen = sizeof(from1), .msg_iov = &i1, .msg_iovlen = 1}},
		{.msg_hdr = {.msg_name = &from2, .msg_namelen = sizeof(from2), .msg_iov = &i2, .msg_iovlen = 1}}};
	long got = SC(SYS_recvmmsg, u2, L(in), 2, MSG_DONTWAIT, 0);
	if (got == 2) {
		snprintf(lines[nlines - 1], LINE,
			 "%d\t3\tfd=%ld\tsize=3\tdata=one\ttuple=127.0.0.1:%d->127.0.0.1:%d\tmsgcontrol=-", SYS_recvmmsg, u2,
			 cport, port);
		snprintf(lines[nlines++], LINE,
			 "%d\t4\tfd=%ld\tsize=4\tdata=two!\ttuple=127.0.0.1:%d->127.0.0.1:%d\tmsgcontrol=-", SYS_recvmmsg,
			 u2, cport, port);
	}
	close_fd(u1);
	close_fd(u2);

	int sv[2];
	SC(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, L(sv));
	expect("fd1=%d\tfd2=%d\tsource=?\tpeer=?\tdomain=AF_UNIX\ttype=%d\tproto=0", sv[0], sv[1], SOCK_STREAM);
	close_fd(sv[0]);
	close_fd(sv[1]);
}

/* ---- processes, identities, limits, signals, IPC */

static void processes(void)
{
	char buf[64];
	long r;
	SC(SYS_getuid);
	SC(SYS_geteuid);
	SC(SYS_getgid);
	SC(SYS_getegid);
	unsigned int ru, eu, su;
	SC(SYS_getresuid, L(&ru), L(&eu), L(&su));
	expect("ruid=%u\teuid=%u\tsuid=%u", ru, eu, su);
	SC(SYS_getresgid, L(&ru), L(&eu), L(&su));
	expect("rgid=%u\tegid=%u\tsgid=%u", ru, eu, su);
	/* the ids stay what they are: setting them to themselves */
	SC(SYS_setuid, uid);
	expect("uid=%ld", uid);
	SC(SYS_setgid, gid);
	expect("gid=%ld", gid);
	SC(SYS_setreuid, -1, uid);
	expect("ruid=%u\teuid=%ld", 0xffffffffu, uid);
	SC(SYS_setregid, -1, gid);
	expect("rgid=%u\tegid=%ld", 0xffffffffu, gid);
	SC(SYS_setresuid, -1, uid, -1);
	expect("ruid=%u\teuid=%ld\tsuid=%u", 0xffffffffu, uid, 0xffffffffu);
	SC(SYS_setresgid, -1, gid, -1);
	expect("rgid=%u\tegid=%ld\tsgid=%u", 0xffffffffu, gid, 0xffffffffu);
	SC(SYS_setpgid, 0, 0);
	expect("pid=0\tpgid=0");
	struct {
		unsigned int version;
		int pid;
	} hdr = {0x20080522 /* _LINUX_CAPABILITY_VERSION_3 */, 0};
	struct {
		unsigned int effective, permitted, inheritable;
	} caps[2];
	raw(SYS_capget, L(&hdr), L(caps), 0, 0, 0, 0);
	SC(SYS_capset, L(&hdr), L(caps));
	expect("cap_inheritable=%llu\tcap_permitted=%llu\tcap_effective=%llu",
	       (unsigned long long)caps[1].inheritable << 32 | caps[0].inheritable,
	       (unsigned long long)caps[1].permitted << 32 | caps[0].permitted,
	       (unsigned long long)caps[1].effective << 32 | caps[0].effective);
	struct rlimit rl;
	SC(SYS_getrlimit, RLIMIT_NOFILE, L(&rl));
	expect("cur=%lu\tmax=%lu\tresource=RLIMIT_NOFILE", (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
	SC(SYS_setrlimit, RLIMIT_NOFILE, L(&rl));
	expect("cur=%lu\tmax=%lu\tresource=RLIMIT_NOFILE", (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
	struct rlimit old;
	SC(SYS_prlimit64, 0, RLIMIT_CORE, 0, L(&old));
	expect("newcur=0\tnewmax=0\toldcur=%ld\toldmax=%ld\tpid=0\tresource=RLIMIT_CORE", (long)old.rlim_cur,
	       (long)old.rlim_max);
	SC(SYS_prctl, PR_SET_NAME, L("pg-exerciser"), 0, 0, 0);
	expect("option=PR_SET_NAME\targ2_str=pg-exerciser\targ2_int=0");
	SC(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	expect("option=PR_GET_DUMPABLE\targ2_str=\targ2_int=0");
	SC(SYS_kill, pid, 0);
	expect("pid=%ld\tsig=0", pid);
	SC(SYS_tkill, pid, 0);
	expect("tid=%ld\tsig=0", pid);
	SC(SYS_tgkill, pid, pid, 0);
	expect("pid=%ld\ttid=%ld\tsig=0", pid, pid);
	struct timespec ts = {0, 1000};
	SC(SYS_nanosleep, L(&ts), 0);
	expect("interval=1000");
	int word = 0;
	SC(SYS_futex, L(&word), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, 0, 0);
	expect("addr=%ld\top=FUTEX_WAKE|FUTEX_PRIVATE_FLAG\tval=1", L(&word));
	struct timeval tv = {0, 0};
	SC(SYS_select, 0, 0, 0, 0, L(&tv));
	SC(SYS_unshare, 0);
	expect("flags=0");
	SC(SYS_setns, -1, CLONE_NEWNET);
	expect("fd=-1\tnstype=CLONE_NEWNET");
	int action = SECCOMP_RET_KILL_PROCESS;
	SC(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, L(&action));
	expect("op=%d\tflags=0", SECCOMP_GET_ACTION_AVAIL);
	SC(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);
	expect("operation=KEYCTL_GET_KEYRING_ID\targ2=0:%d\targ3=0:0\targ4=0:0\targ5=0:0", KEY_SPEC_SESSION_KEYRING);
	SC(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, L("pg-keyring"), 0, 0, 0);
	expect("operation=KEYCTL_JOIN_SESSION_KEYRING\targ2=1:pg-keyring\targ3=0:0\targ4=0:0\targ5=0:0");
	long sem = SC(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
	expect("key=0\tnsems=2\tsemflg=IPC_CREAT");
	struct sembuf ops[2] = {{0, 1, IPC_NOWAIT}, {1, 2, SEM_UNDO}};
	SC(SYS_semop, sem, L(ops), 2);
	expect("nsops=2\tsem_num_0=0\tsem_op_0=1\tsem_flg_0=IPC_NOWAIT\tsem_num_1=1\tsem_op_1=2\tsem_flg_1=SEM_UNDO\t"
	       "semid=%ld", sem);
	SC(SYS_semctl, sem, 1, SETVAL, 7);
	expect("semid=%ld\tsemnum=1\tcmd=SETVAL\tval=7", sem);
	SC(SYS_semctl, sem, 0, IPC_RMID, 0);
	expect("semid=%ld\tsemnum=0\tcmd=IPC_RMID\tval=0", sem);
	long data = 42, got = 0;
	struct iovec local = {&got, sizeof(got)}, remote = {&data, sizeof(data)};
	SC(SYS_process_vm_readv, pid, L(&local), 1, L(&remote), 1, 0);
	expect("pid=%ld\tdata=hex:2a00000000000000", pid);
	long back = 7;
	struct iovec local2 = {&back, sizeof(back)}, remote2 = {&data, sizeof(data)};
	SC(SYS_process_vm_writev, pid, L(&local2), 1, L(&remote2), 1, 0);
	expect("pid=%ld\tdata=hex:0700000000000000", pid);
	SC(SYS_ptrace, PTRACE_PEEKDATA, 1 /* init: not traced by us */, 0, L(buf));
	expect("addr=0:0\tdata=0:0\trequest=PTRACE_PEEKDATA\tpid=1");

	/* children: fork, vfork, clone, clone3 */
	long ppid = getppid();
	struct rlimit nofile;
	getrlimit(RLIMIT_NOFILE, &nofile);
	const char *common = "exe=?\targs=?\ttid=%ld\tpid=%ld\tptid=%ld\tcwd=\tfdlimit=%ld\tpgft_maj=?\tpgft_min=?\t"
			     "vm_size=?\tvm_rss=?\tvm_swap=?\tcomm=pg-exerciser\tcgroups=?\tflags=%s\tuid=%ld\tgid=%ld\t"
			     "vtid=%ld\tvpid=%ld\tpidns_init_start_ts=?";
	char fmt[1024];
	r = SC(SYS_fork);
	if (r == 0) {
		raw(SYS_exit, 0, 0, 0, 0, 0, 0);
	}
	snprintf(fmt, sizeof(fmt), common, pid, pid, ppid, (long)nofile.rlim_cur, "0", uid, gid, pid, pid);
	expect("%s", fmt);
	raw(SYS_wait4, r, 0, 0, 0, 0, 0);
	long child;
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov $60, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n"
			 "1:"
			 : "=a"(child)
			 : "a"((long)SYS_vfork)
			 : "rcx", "r11", "rdi", "memory");
	snprintf(lines[nlines++], LINE, "%d\t%ld", SYS_vfork, child);
	/* vfork has no flags argument: 0, as for fork */
	snprintf(fmt, sizeof(fmt), common, pid, pid, ppid, (long)nofile.rlim_cur, "0", uid, gid, pid, pid);
	expect("%s", fmt);
	raw(SYS_wait4, child, 0, 0, 0, 0, 0);
	r = SC(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (r == 0) {
		raw(SYS_exit, 0, 0, 0, 0, 0, 0);
	}
	snprintf(fmt, sizeof(fmt), common, pid, pid, ppid, (long)nofile.rlim_cur, "0", uid, gid, pid, pid);
	expect("%s", fmt);
	raw(SYS_wait4, r, 0, 0, 0, 0, 0);
	struct clone_args ca = {.flags = CLONE_PARENT_SETTID, .exit_signal = SIGCHLD};
	int ptid_out = 0;
	ca.parent_tid = (unsigned long)&ptid_out;
	r = SC(SYS_clone3, L(&ca), sizeof(ca));
	if (r == 0) {
		raw(SYS_exit, 0, 0, 0, 0, 0, 0);
	}
	snprintf(fmt, sizeof(fmt), common, pid, pid, ppid, (long)nofile.rlim_cur, "CLONE_PARENT_SETTID", uid, gid, pid,
		 pid);
	expect("%s", fmt);
	raw(SYS_wait4, r, 0, 0, 0, 0, 0);

	/* a failed execveat: its argv and envp are read from the caller */
	char *argv[] = {"pg-no-such-exe", "arg1", NULL};
	char *envp[] = {"PG=1", NULL};
	SC(SYS_execveat, AT_FDCWD, L("no_such_exe"), L(argv), L(envp), 0);
	snprintf(fmt, sizeof(fmt),
		 "exe=pg-no-such-exe\targs=arg1\\0\ttid=%ld\tpid=%ld\tptid=%ld\tcwd=\tfdlimit=%ld\tpgft_maj=?\t"
		 "pgft_min=?\tvm_size=?\tvm_rss=?\tvm_swap=?\tcomm=pg-exerciser\tcgroups=?\tenv=PG=1\\0\ttty=?\t"
		 "vpgid=?\tloginuid=?\tflags=?\tcap_inheritable=?\tcap_permitted=?\tcap_effective=?\texe_ino=?\t"
		 "exe_ino_ctime=?\texe_ino_mtime=?\tuid=%ld\ttrusted_exepath=?\tpgid=?\tgid=%ld",
		 pid, pid, ppid, (long)nofile.rlim_cur, uid, gid);
	expect("%s", fmt);
}

/* ---- the syscalls sent as generic events: arguments that make each fail harmlessly */

static void generic(long nr)
{
	long a[6] = {-1, -1, -1, -1, -1, -1};
	switch (nr) {
	case SYS_exit:
	case SYS_exit_group:
		skip(nr, "ends the process: never returns, so has no exit event");
		return;
	case SYS_rt_sigreturn:
		skip(nr, "restores a signal frame there is none of");
		return;
	case 335: /* uretprobe */
	case 336: /* uprobe */
		skip(nr, "kills a caller outside a uprobe trampoline");
		return;
	case SYS_pause: {
		/* woken by a timer's signal: returns EINTR */
		signal(SIGALRM, on_alarm);
		struct itimerval t = {{0, 0}, {0, 20000}};
		setitimer(ITIMER_REAL, &t, NULL);
		call(nr, a);
		return;
	}
	case SYS_vhangup:
		if (getsid(0) != pid) {
			skip(nr, "the process could not leave its terminal's session (setsid failed)");
			return;
		}
		break;
	case SYS_umask:
		a[0] = 022;
		break;
	case SYS_alarm:
		a[0] = 0;
		break;
	case SYS_msgget: /* -1 flags would create a queue */
	case SYS_shmget:
		a[1] = 0;
		a[2] = 0;
		break;
	}
	call(nr, a);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--exec-done") == 0) {
		raw(SYS_exit_group, 0, 0, 0, 0, 0, 0);
	}
	if (argc < 2) {
		fprintf(stderr, "usage: syscall_exerciser DIR [GENERIC_NR...]\n");
		return 2;
	}
	char go[8];
	if (read(0, go, sizeof(go)) < 0) {
		return 2;
	}
	dir = argv[1];
	struct statfs sfs;
	overlay = statfs(dir, &sfs) == 0 && sfs.f_type == 0x794c7630;
	uid = geteuid();
	gid = getegid();
	pid = getpid();
	SC(SYS_setsid); /* leaves the terminal's session, so vhangup cannot touch it */
	files();
	other_fds();
	sockets();
	processes();
	for (int i = 2; i < argc; i++) {
		generic(strtol(argv[i], NULL, 10));
	}
	/* last: the exec of itself, which prints nothing more */
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = 0;
	struct stat st;
	stat(self, &st);
	char *eargv[] = {self, "--exec-done", NULL};
	char *eenv[] = {"PG_EXERCISER=1", NULL};
	snprintf(lines[nlines++], LINE,
		 "%d\t0\texe=%s\targs=--exec-done\\0\ttid=%ld\tpid=%ld\tptid=%ld\tcwd=\tfdlimit=?\tpgft_maj=?\tpgft_min=?\t"
		 "vm_size=?\tvm_rss=?\tvm_swap=?\tcomm=?\tcgroups=?\tenv=PG_EXERCISER=1\\0\ttty=0\tvpgid=?\tloginuid=?\t"
		 "flags=%s\tcap_inheritable=?\tcap_permitted=?\tcap_effective=?\texe_ino=%llu\texe_ino_ctime=%lld\t"
		 "exe_ino_mtime=%lld\tuid=%ld\ttrusted_exepath=%s\tpgid=%ld\tgid=%ld\tfilename=%s",
		 SYS_execve, self, pid, pid, (long)getppid(), overlay ? "?" : "EXE_WRITABLE",
		 (unsigned long long)st.st_ino, (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec,
		 (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec, uid, self, (long)getpgrp(), gid, self);
	print_lines();
	raw(SYS_execve, L(self), L(eargv), L(eenv), 0, 0, 0);
	return 1;
}
