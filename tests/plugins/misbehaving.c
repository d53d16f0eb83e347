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
 *                  vow's next write meets EPIPE, as when a child dies mid-send */
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vow/plugin.h"

static int calls;

/* Through volatile, so the compiler can neither prove the fault nor drop it. */
static void fault(void) {
  volatile int* volatile nowhere = NULL;
  *nowhere = 1;
}

static vow_plugin_state* create(const char* c, size_t n, const vow_host* h, int32_t* rc) {
  (void)c, (void)n, (void)h;
#ifdef EXIT_IN_CREATE
  exit(0);
#endif
#ifdef STOPS_READING
  shutdown(3, SHUT_RD);
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
#elif defined(HANG_IN_NEXT)
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
