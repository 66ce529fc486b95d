/*
 * The live benchmark's workload: pairs of 1-byte read(/dev/zero) and write(/dev/null), two syscalls per pair,
 * either as fast as possible for a number of syscalls, or paced to a rate for a number of seconds.
 *   storm COUNT                    COUNT syscalls at full speed
 *   storm --rate R --seconds S     R syscalls/s for S seconds (checked every 1,000 syscalls)
 *   --procs P                      P processes share the work (COUNT or R split between them): one process makes
 *                                  the syscalls of one CPU, and a CPU cannot make 1M traced syscalls/s everywhere
 * Prints the syscalls made and the seconds taken on stdout.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* one process's share: returns the syscalls made, or -1 */
static long storm(long count, long rate, double seconds)
{
	int in = open("/dev/zero", O_RDONLY), out = open("/dev/null", O_WRONLY);
	if (in < 0 || out < 0) {
		perror("storm: open");
		return -1;
	}
	char c;
	long done = 0;
	double start = now();
	if (rate > 0) {
		double end = start + seconds;
		for (;;) {
			for (int i = 0; i < 500; i++) {
				if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1) {
					return -1;
				}
			}
			done += 1000;
			double t = now();
			if (t >= end) {
				break;
			}
			double due = start + done / (double)rate; /* when this many syscalls are due */
			if (due > t) {
				struct timespec ts = {(time_t)(due - t), (long)(((due - t) - (time_t)(due - t)) * 1e9)};
				nanosleep(&ts, NULL);
			}
		}
	} else {
		for (; done < count; done += 2) {
			if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1) {
				return -1;
			}
		}
	}
	return done;
}

int main(int argc, char **argv)
{
	long count = 2000000, rate = 0, procs = 1;
	double seconds = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rate") && i + 1 < argc) {
			rate = atol(argv[++i]);
		} else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
			seconds = atof(argv[++i]);
		} else if (!strcmp(argv[i], "--procs") && i + 1 < argc) {
			procs = atol(argv[++i]);
		} else {
			count = atol(argv[i]);
		}
	}
	if (procs < 1) {
		procs = 1;
	}
	/* each child reports its syscalls through a pipe; the wall time is the parent's, from first fork to last exit */
	int fds[2];
	if (pipe(fds) < 0) {
		perror("storm: pipe");
		return 1;
	}
	double start = now();
	for (long p = 0; p < procs; p++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("storm: fork");
			return 1;
		}
		if (pid == 0) {
			long done = storm((count / procs) & ~1L, rate / procs, seconds);
			if (write(fds[1], &done, sizeof done) != sizeof done) {
				_exit(1);
			}
			_exit(done < 0);
		}
	}
	long total = 0;
	int failed = 0;
	for (long p = 0; p < procs; p++) {
		long done = -1;
		int status;
		if (read(fds[0], &done, sizeof done) != sizeof done || done < 0) {
			failed = 1;
		} else {
			total += done;
		}
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			failed = 1;
		}
	}
	if (failed) {
		fprintf(stderr, "storm: a storm process failed\n");
		return 1;
	}
	printf("%ld %.6f\n", total, now() - start);
	return 0;
}
