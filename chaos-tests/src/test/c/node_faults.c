/*
 * Faults of a node's own machine, injected into the node process it is preloaded into
 * (LD_PRELOAD) and steered by small files in the node's data dir, each re-read every 20 ms:
 *
 *   clock-shift  milliseconds added to the wall clock: CLOCK_REALTIME (and its coarse variant)
 *                and gettimeofday(). The monotonic clocks and every timed wait are left alone
 *                (libfaketime also rewrites timed waits, which under a JVM returned at once).
 *   fsync-delay  milliseconds every fsync() and fdatasync() waits before it syncs: a slow disk.
 *
 * The data dir is the folder of RAFTCACHE_LOG_FILE (as bin/raftcache-cluster and the chaos harness
 * start nodes), or NODE_FAULTS_DIR; a missing or unreadable file means no fault.
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
typedef int (*sync_fn)(int);

/** A number of milliseconds read from a file, cached for 20 ms. Fields use __atomic builtins. */
struct steering_file {
  char path[PATH_MAX];
  long long millis;
  long long next_read_nanos; /* monotonic time of the next read of the file */
};

static clock_gettime_fn real_clock_gettime;
static sync_fn real_fsync;
static sync_fn real_fdatasync;
static struct steering_file clock_shift;
static struct steering_file fsync_delay;

static void locate(struct steering_file *file, const char *name) {
  const char *dir = getenv("NODE_FAULTS_DIR");
  const char *log_file = getenv("RAFTCACHE_LOG_FILE");
  if (dir != NULL) {
    snprintf(file->path, sizeof file->path, "%s/%s", dir, name);
  } else if (log_file != NULL && strrchr(log_file, '/') != NULL) {
    int dir_length = (int) (strrchr(log_file, '/') - log_file);
    snprintf(file->path, sizeof file->path, "%.*s/%s", dir_length, log_file, name);
  }
}

__attribute__((constructor)) static void init(void) {
  real_clock_gettime = (clock_gettime_fn) dlsym(RTLD_NEXT, "clock_gettime");
  real_fsync = (sync_fn) dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = (sync_fn) dlsym(RTLD_NEXT, "fdatasync");
  locate(&clock_shift, "clock-shift");
  locate(&fsync_delay, "fsync-delay");
}

static long long read_millis(const char *path) {
  char text[32] = {0};
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return 0;
  }
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  return n > 0 ? strtoll(text, NULL, 10) : 0;
}

static long long current_millis(struct steering_file *file) {
  if (file->path[0] == '\0') {
    return 0;
  }
  struct timespec now;
  real_clock_gettime(CLOCK_MONOTONIC, &now);
  long long now_nanos = now.tv_sec * 1000000000LL + now.tv_nsec;
  long long due = __atomic_load_n(&file->next_read_nanos, __ATOMIC_ACQUIRE);
  /* One thread reads the file when it is due; the others use the value read last. */
  if (now_nanos >= due && __atomic_compare_exchange_n(&file->next_read_nanos, &due, now_nanos + 20000000LL, 0,
      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&file->millis, read_millis(file->path), __ATOMIC_RELEASE);
  }
  return __atomic_load_n(&file->millis, __ATOMIC_ACQUIRE);
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (real_clock_gettime == NULL) {
    init();
  }
  int rc = real_clock_gettime(id, ts);
  if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
    long long nanos = ts->tv_sec * 1000000000LL + ts->tv_nsec + current_millis(&clock_shift) * 1000000LL;
    ts->tv_sec = nanos / 1000000000LL;
    ts->tv_nsec = nanos % 1000000000LL;
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

static void slow_disk(void) {
  long long delay = current_millis(&fsync_delay);
  if (delay > 0) {
    struct timespec wait = {delay / 1000, (delay % 1000) * 1000000L};
    nanosleep(&wait, NULL);
  }
}

int fsync(int fd) {
  if (real_fsync == NULL) {
    init();
  }
  slow_disk();
  return real_fsync(fd);
}

int fdatasync(int fd) {
  if (real_fdatasync == NULL) {
    init();
  }
  slow_disk();
  return real_fdatasync(fd);
}
