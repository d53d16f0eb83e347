/* Plugins that break the host's trust rather than its ABI checks, built from
 * one source with -D switches. Each passes the loader; what it does wrong
 * happens only when called:
 *   SEGV_IN_NEXT   one valid batch, then a segmentation fault
 *   ABORT_IN_NEXT  one valid batch, then abort()
 *   HANG_IN_NEXT   next_batch never returns
 *   EMPTY_FOREVER  next_batch returns an empty batch and "more", forever
 *   NULL_ERROR     next_batch fails and last_error returns NULL
 *   EXIT_IN_CREATE create calls exit(0)
 *   SEGV_IN_DELIVER a sink whose deliver faults
 *   STOPS_READING  create shuts the host's socket (fd 3) for reading, so that
 *                  vow's next write meets EPIPE, as when a child dies mid-send
 *   FORGED_EXIT    next_batch writes its own error frame to fd 3, claiming
 *                  exit code 1, and exits
 *   GRANDCHILD     create forks a process that sleeps forever holding fd 3
 *                  (its pid written to the file named by "pidfile" in the
 *                  config), then next_batch hangs as HANG_IN_NEXT */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vow/plugin.h"

static int calls;

/* Through volatile, so the compiler can neither prove the fault nor drop it. */
static void fault(void) {
  volatile int* volatile nowhere = NULL;
  *nowhere = 1;
}

#ifdef FORGED_EXIT
/* A frame laid out as the host's (engine/src/plugins/frames.hpp): kind
 * Error (3), exit code 1, which vow keeps for its own bugs, and a message. */
static void forge(void) {
  static const char message[] = "forged by the plugin";
  struct {
    uint32_t kind, exit;
    uint64_t size;
  } h = {3, 1, sizeof message - 1};
  if (write(3, &h, sizeof h) < 0 || write(3, message, sizeof message - 1) < 0) _exit(1);
  _exit(0);
}
#endif

#ifdef GRANDCHILD
/* The config is {"pidfile": "PATH"} as vow's TOML-to-JSON writes it. */
static void leave_grandchild(const char* config, size_t size) {
  char text[4096], path[4096];
  if (size >= sizeof text) _exit(1);
  memcpy(text, config, size);
  text[size] = 0;
  const char* key = strstr(text, "\"pidfile\"");
  const char* start = key ? strchr(key + 9, '"') : NULL;
  const char* end = start ? strchr(start + 1, '"') : NULL;
  if (!end) _exit(1);
  memcpy(path, start + 1, (size_t)(end - start - 1));
  path[end - start - 1] = 0;
  pid_t pid = fork();
  if (pid == 0) {
    /* Its stdio goes nowhere, so that were it to survive, the test fails on
     * its pid instead of hanging on vow's output pipe. fd 3 stays open. */
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    for (;;) pause();
  }
  FILE* f = fopen(path, "w");
  if (!f) _exit(1);
  fprintf(f, "%d\n", (int)pid);
  fclose(f);
}
#endif

static vow_plugin_state* create(const char* c, size_t n, const vow_host* h, int32_t* rc) {
  (void)c, (void)n, (void)h;
#ifdef EXIT_IN_CREATE
  exit(0);
#endif
#ifdef STOPS_READING
  shutdown(3, SHUT_RD);
#endif
#ifdef GRANDCHILD
  leave_grandchild(c, n);
#endif
  *rc = VOW_OK;
  return (vow_plugin_state*)&calls;
}
static void destroy(vow_plugin_state* s) {
  (void)s;
}
static const char* last_error(vow_plugin_state* s) {
  (void)s;
#ifdef NULL_ERROR
  return NULL;
#else
  return "misbehaving";
#endif
}
static int32_t feed(vow_plugin_state* s, const char* name, const char* data, size_t size) {
  (void)s, (void)name, (void)data, (void)size;
  return VOW_OK;
}
static int32_t next_batch(vow_plugin_state* s, vow_bytes* out) {
  (void)s;
#ifdef FORGED_EXIT
  forge();
#endif
  out->data = "";
  out->size = 0;
  if (calls++ == 0) {
    static const char first[] =
        "{\"id\":\"misbehaving:1\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\"}\n";
    out->data = first;
    out->size = sizeof first - 1;
#ifndef NULL_ERROR
    return VOW_OK;
#endif
  }
#if defined(SEGV_IN_NEXT)
  fault();
#elif defined(ABORT_IN_NEXT)
  abort();
#elif defined(HANG_IN_NEXT) || defined(GRANDCHILD)
  for (;;) pause();
#elif defined(EMPTY_FOREVER)
  return VOW_OK;
#endif
  return VOW_ERROR;
}
static int32_t deliver(vow_plugin_state* s, const char* kind, const char* json, size_t size, vow_bytes* ref) {
  (void)s, (void)kind, (void)json, (void)size, (void)ref;
  fault();
  return VOW_ERROR;
}

static const vow_plugin_api api = {sizeof(vow_plugin_api),
                                   VOW_PLUGIN_ABI_MAJOR,
                                   VOW_PLUGIN_ABI_MINOR,
                                   "test_misbehaving",
                                   "0.0.1",
#ifdef SEGV_IN_DELIVER
                                   VOW_CAP_SINK,
#else
                                   VOW_CAP_SOURCE,
#endif
                                   create,
                                   destroy,
                                   last_error,
                                   feed,
                                   next_batch,
                                   deliver};

__attribute__((visibility("default"))) const vow_plugin_api* vow_plugin_entry(void) {
  return &api;
}
