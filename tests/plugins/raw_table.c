/* Deliberately broken tables, built in C from one source with -D switches:
 * BROKEN_MAJOR (ABI 2.0), BROKEN_MINOR (ABI 1.99), BROKEN_NO_NEXT (SOURCE
 * without next_batch), BROKEN_NO_ENTRY (exports no entry symbol). */
#include <stddef.h>

#include "vow/plugin.h"

static vow_plugin_state* create(const char* c, size_t n, const vow_host* h, int32_t* rc) {
  (void)c, (void)n, (void)h;
  static int dummy;
  *rc = VOW_OK;
  return (vow_plugin_state*)&dummy;
}
static void destroy(vow_plugin_state* s) {
  (void)s;
}
static const char* last_error(vow_plugin_state* s) {
  (void)s;
  return "none";
}
__attribute__((unused)) static int32_t next_batch(vow_plugin_state* s, vow_bytes* out) {
  (void)s;
  out->data = "";
  out->size = 0;
  return VOW_DONE;
}

/* Built as a plugin of ABI 1.0 would be: the table ends before the 1.1
 * fields, which the host must then not read. */
static const vow_plugin_api api = {offsetof(vow_plugin_api, options),
#ifdef BROKEN_MAJOR
                                   2,
#else
                                   VOW_PLUGIN_ABI_MAJOR,
#endif
#ifdef BROKEN_MINOR
                                   99,
#else
                                   0,
#endif
                                   "test_raw",
                                   "0.0.1",
                                   VOW_CAP_SOURCE,
                                   create,
                                   destroy,
                                   last_error,
                                   NULL,
#ifdef BROKEN_NO_NEXT
                                   NULL,
#else
                                   next_batch,
#endif
                                   NULL,
                                   0,
                                   NULL,
                                   NULL};

#ifdef BROKEN_NO_ENTRY
__attribute__((visibility("default"))) const vow_plugin_api* something_else(void) {
  return &api;
}
#else
__attribute__((visibility("default"))) const vow_plugin_api* vow_plugin_entry(void) {
  return &api;
}
#endif
