/* Vow connector plugin ABI, version 1.2.
 *
 * A plugin is a shared library that exports one symbol:
 *
 *     const vow_plugin_api* vow_plugin_entry(void);
 *
 * returning a pointer to a table that lives as long as the library is
 * loaded. The boundary is C so that a plugin built with another compiler, or
 * in another language, still loads.
 *
 * Versioning: the table only ever grows at its end. The host reads a field
 * only when `struct_size` covers it. `abi_major` must equal the host's;
 * `abi_minor` must be at most the host's (a newer plugin may rely on fields
 * this host does not know). Fields added in a minor version say so.
 *
 * Errors: every function reports failure by its return value; the message
 * is then available from `last_error(state)` until the next call on that
 * state. No exception, signal or longjmp may cross this boundary.
 *
 * Threading: the host calls a given state from one thread at a time.
 * Different states may be used from different threads at once.
 */
#ifndef VOW_PLUGIN_H
#define VOW_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VOW_PLUGIN_ABI_MAJOR 1
#define VOW_PLUGIN_ABI_MINOR 2
#define VOW_PLUGIN_ENTRY "vow_plugin_entry"

/* Capabilities (bits of vow_plugin_api.capabilities). */
#define VOW_CAP_SOURCE 0x1u /* produces normalized events (NDJSON) */
#define VOW_CAP_SINK 0x2u   /* receives credits, alerts and drafts (JSON) */

/* Options (bits of vow_plugin_api.options, 1.1). */
/* Refuse event lines with unknown fields that look like known ones, as
 * `--strict` does. */
#define VOW_OPT_STRICT 0x1u

/* Return codes. */
#define VOW_OK 0
#define VOW_DONE 1   /* next_batch: nothing more to give */
#define VOW_ERROR -1 /* see last_error */

/* Opaque per-instance state, owned by the plugin. */
typedef struct vow_plugin_state vow_plugin_state;

/* Bytes handed from plugin to host. Owned by the plugin; valid until the
 * next call on the same state, or until destroy. */
typedef struct vow_bytes {
  const char* data;
  size_t size;
} vow_bytes;

/* What the host offers the plugin. Owned by the host; valid for the whole
 * life of the state created with it. */
typedef struct vow_host {
  uint32_t struct_size; /* sizeof(vow_host) as the host was built */
  void* context;        /* pass back to the functions below */
  /* Level 0 debug, 1 info, 2 warning. `message` is copied by the host. */
  void (*log)(void* context, int level, const char* message);
  /* --- 1.1 (read only when struct_size covers it) --- */
  /* The absolute folder of the configuration file that declared the plugin,
   * NUL-terminated, never NULL: relative paths in the plugin's config are
   * relative to it. Same lifetime as the vow_host. */
  const char* config_dir;
} vow_host;

/* Where the lines of one batch came from (1.1). Owned by the plugin; valid
 * until the next call on the same state. */
typedef struct vow_origin {
  const char* file;      /* NUL-terminated: the input the batch was made from,
                            as given to feed (or a URL); never NULL */
  const uint32_t* lines; /* lines[i]: the line of `file` (1-based) behind the
                            i-th line of the batch, counting every line of the
                            batch including blank ones; 0 when unknown */
  size_t count;          /* entries in `lines`; lines past it are unknown */
} vow_origin;

typedef struct vow_plugin_api {
  /* --- 1.0 --- */
  uint32_t struct_size;  /* sizeof(vow_plugin_api) as the plugin was built */
  uint16_t abi_major;    /* VOW_PLUGIN_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;    /* VOW_PLUGIN_ABI_MINOR the plugin was built with */
  const char* name;      /* static, e.g. "monitoring_alertmanager" */
  const char* version;   /* static, the plugin's own version, e.g. "1.2.0" */
  uint32_t capabilities; /* VOW_CAP_* bits */

  /* Creates an instance from its configuration (a JSON object; `config` is
   * owned by the host and valid only during the call). Returns the state,
   * or NULL when out of memory. On failure *rc is VOW_ERROR and the state,
   * if not NULL, still answers last_error before the host destroys it. */
  vow_plugin_state* (*create)(const char* config, size_t config_size, const vow_host* host, int32_t* rc);
  /* Frees the state and everything it handed out. Never fails. */
  void (*destroy)(vow_plugin_state* state);
  /* The message of the last failure on `state`; owned by the plugin, valid
   * until the next call on `state`. Never NULL. */
  const char* (*last_error)(vow_plugin_state* state);

  /* SOURCE: hands the plugin one exported file (`name` for messages; both
   * owned by the host, valid during the call). Optional for sources that
   * fetch by themselves (`vow pull`). Returns VOW_OK or VOW_ERROR. */
  int32_t (*feed)(vow_plugin_state* state, const char* name, const char* data, size_t size);
  /* SOURCE: the next batch of normalized events as NDJSON in *out.
   * Returns VOW_OK (a batch, possibly empty), VOW_DONE (no more; *out is
   * empty) or VOW_ERROR. Required for VOW_CAP_SOURCE. */
  int32_t (*next_batch)(vow_plugin_state* state, vow_bytes* out);

  /* SINK: delivers one item (`kind` "credit", "alert" or "draft"; `json`
   * owned by the host, valid during the call). On VOW_OK, *reference is the
   * sink's own reference for it (e.g. a credit-note id), owned by the
   * plugin until the next call. Delivering the same item twice must not
   * act twice. Required for VOW_CAP_SINK. */
  int32_t (*deliver)(vow_plugin_state* state, const char* kind, const char* json, size_t size, vow_bytes* reference);

  /* --- 1.1 (the host reads these only when struct_size covers them) --- */
  uint32_t options; /* VOW_OPT_* bits */
  /* SOURCE, optional (may be NULL): where the lines of the batch the last
   * next_batch returned came from, so that the host's messages name the
   * input file and line. Returns VOW_OK and fills *out, or VOW_DONE when the
   * plugin cannot say for this batch. */
  int32_t (*batch_origin)(vow_plugin_state* state, vow_origin* out);

  /* --- 1.2 (the host reads it only when struct_size covers it) --- */
  /* SOURCE, optional (may be NULL): one webhook request as the monitoring
   * or ticketing system sent it, to `vow serve` at POST /v1/hooks/NAME or
   * replayed by `vow hook NAME FILE`. `headers` is a JSON object of the
   * request's headers, names in lower case, values strings; the host adds
   * "x-vow-received-at", the RFC 3339 instant the request arrived, for
   * payloads that carry no time of their own. `body` is the raw body. Both
   * are owned by the host and valid during the call. On VOW_OK the events
   * it holds come from next_batch, as after feed (none is fine: a webhook
   * about something Vow does not track). VOW_ERROR refuses the request
   * (the server answers 400 with last_error). */
  int32_t (*webhook)(vow_plugin_state* state, const char* headers, size_t headers_size, const char* body,
                     size_t body_size);
} vow_plugin_api;

/* The one export. */
typedef const vow_plugin_api* (*vow_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* VOW_PLUGIN_H */
