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
 *                  config), then next_batch hangs as HANG_IN_NEXT
 * Any of them also takes a "mode" from its config, which overrides the above
 * after the first batch (so one build serves several tests):
 *   "done"          VOW_DONE: a normal finish (with GRANDCHILD: one that
 *                   leaves its subprocess behind)
 *   "crash"         a segmentation fault
 *   "destroy_hang"  VOW_DONE, then destroy never returns
 *   "destroy_segv"  VOW_DONE, then destroy faults
 *   "evil_error"    (from the first call) next_batch fails, and last_error
 *                   holds a terminal escape, line breaks and invalid UTF-8
 *   "forge_65"      (from the first call) as FORGED_EXIT, but with exit code
 *                   65, which a plugin may give, and a message without its name */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vow/plugin.h"

static int calls;

enum mode { AS_BUILT, DONE, CRASH, DESTROY_HANG, DESTROY_SEGV, EVIL_ERROR, FORGE_65 };
static enum mode mode;

/* The config is JSON as vow's TOML-to-JSON writes it: {"mode": "done"}. */
static enum mode mode_of(const char* config, size_t size) {
  static const char* const names[] = {"\"done\"",         "\"crash\"",      "\"destroy_hang\"",
                                      "\"destroy_segv\"", "\"evil_error\"", "\"forge_65\""};
  char text[4096];
  if (size >= sizeof text) return AS_BUILT;
  memcpy(text, config, size);
  text[size] = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names; ++i)
    if (strstr(text, names[i])) return (enum mode)(i + 1);
  return AS_BUILT;
}

/* Through volatile, so the compiler can neither prove the fault nor drop it. */
static void fault(void) {
  volatile int* volatile nowhere = NULL;
  *nowhere = 1;
}

/* A frame laid out as the host's (engine/src/plugins/frames.hpp): kind
 * Error (3), an exit code (1 is vow's for its own bugs), and a message. */
static void forge(uint32_t code) {
  static const char message[] = "forged by the plugin";
  struct {
    uint32_t kind, exit;
    uint64_t size;
  } h = {3, code, sizeof message - 1};
  if (write(3, &h, sizeof h) < 0 || write(3, message, sizeof message - 1) < 0) _exit(1);
  _exit(0);
}

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
  mode = mode_of(c, n);
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
  if (mode == DESTROY_HANG)
    for (;;) pause();
  if (mode == DESTROY_SEGV) fault();
}
static const char* last_error(vow_plugin_state* s) {
  (void)s;
  if (mode == EVIL_ERROR) return "\x1b[2Jcleared\nforged line \xff\xfe\r\x1b[31mred";
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
/* A webhook (ABI 1.2) is taken as a file is: the misbehaviour follows in next_batch. */
static int32_t webhook(vow_plugin_state* s, const char* headers, size_t headers_size, const char* body,
                       size_t body_size) {
  (void)s, (void)headers, (void)headers_size, (void)body, (void)body_size;
  return VOW_OK;
}
static int32_t next_batch(vow_plugin_state* s, vow_bytes* out) {
  (void)s;
  if (mode == FORGE_65) forge(65);
  if (mode == EVIL_ERROR) return VOW_ERROR;
#ifdef FORGED_EXIT
  forge(1);
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
  if (mode == DONE || mode == DESTROY_HANG || mode == DESTROY_SEGV) return VOW_DONE;
  if (mode == CRASH) fault();
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
                                   deliver,
                                   0,
                                   NULL,
                                   webhook};

__attribute__((visibility("default"))) const vow_plugin_api* vow_plugin_entry(void) {
  return &api;
}
