/*
 * Shifts the wall clock of the process it is preloaded into (LD_PRELOAD), and nothing else: the
 * chaos suite's clock-step fault. CLOCK_REALTIME (and its coarse variant) and gettimeofday() are
 * moved by the number of milliseconds in a file, re-read every 20 ms, so a running process sees its
 * wall clock jump when the file changes; the monotonic clocks and every timed wait are left alone
 * (libfaketime also rewrites timed waits, which under a JVM returned at once). The file is
 * CLOCK_SHIFT_FILE, or else "clock-shift" beside RAFTCACHE_LOG_FILE (the node's data dir); a missing
 * or unreadable file means no shift.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static clock_gettime_fn real_clock_gettime;
static char shift_file[PATH_MAX];
static long long shift_nanos;     /* read and written with __atomic builtins */
static long long next_read_nanos; /* monotonic time of the next read of the file */

static void find_shift_file(void) {
  const char *explicit_file = getenv("CLOCK_SHIFT_FILE");
  const char *log_file = getenv("RAFTCACHE_LOG_FILE");
  if (explicit_file != NULL) {
    snprintf(shift_file, sizeof shift_file, "%s", explicit_file);
  } else if (log_file != NULL && strrchr(log_file, '/') != NULL) {
    int dir_length = (int) (strrchr(log_file, '/') - log_file);
    snprintf(shift_file, sizeof shift_file, "%.*s/clock-shift", dir_length, log_file);
  }
}

__attribute__((constructor)) static void init(void) {
  real_clock_gettime = (clock_gettime_fn) dlsym(RTLD_NEXT, "clock_gettime");
  find_shift_file();
}

static long long read_shift_nanos(void) {
  char text[32] = {0};
  int fd = open(shift_file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return 0;
  }
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  return n > 0 ? strtoll(text, NULL, 10) * 1000000LL : 0;
}

static long long current_shift_nanos(void) {
  if (shift_file[0] == '\0') {
    return 0;
  }
  struct timespec now;
  real_clock_gettime(CLOCK_MONOTONIC, &now);
  long long now_nanos = now.tv_sec * 1000000000LL + now.tv_nsec;
  long long due = __atomic_load_n(&next_read_nanos, __ATOMIC_ACQUIRE);
  /* One thread reads the file when it is due; the others use the shift read last. */
  if (now_nanos >= due && __atomic_compare_exchange_n(&next_read_nanos, &due, now_nanos + 20000000LL, 0,
      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&shift_nanos, read_shift_nanos(), __ATOMIC_RELEASE);
  }
  return __atomic_load_n(&shift_nanos, __ATOMIC_ACQUIRE);
}

static void shift(struct timespec *ts) {
  long long nanos = ts->tv_sec * 1000000000LL + ts->tv_nsec + current_shift_nanos();
  ts->tv_sec = nanos / 1000000000LL;
  ts->tv_nsec = nanos % 1000000000LL;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (real_clock_gettime == NULL) {
    init();
  }
  int rc = real_clock_gettime(id, ts);
  if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
    shift(ts);
  }
  return rc;
}

int gettimeofday(struct timeval *tv, void *tz) {
  struct timespec ts;
  int rc = clock_gettime(CLOCK_REALTIME, &ts);
  if (rc == 0) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  (void) tz;
  return rc;
}
