// The framing between `vow` and its plugin-host child (docs/adr/0009): each
// message is a fixed header and then `size` bytes of payload.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vow::frames {

// Requests, parent to child. Payloads: Create the config JSON; Feed and
// Deliver a 4-byte length, a name (file or kind), then the data; the others
// none. Origin asks where the last batch's lines came from (ABI 1.1).
// Webhook (ABI 1.2) carries the headers' JSON as Feed carries a name, then
// the body.
enum class Request : uint32_t { Create = 1, Feed, NextBatch, Deliver, Quit, Origin, Webhook };

// Replies, child to parent. Ok's payload: after Create the capabilities,
// the options and the CreateFlags (4 bytes each), after NextBatch the batch,
// after Deliver the reference, after Origin the file as Feed names one and
// then a 4-byte line for each line of the batch (Done: not known). Error's:
// the message, with `exit` the vow::Exit it carries.
enum class Reply : uint32_t { Ok = 1, Done, Error };

// What Create's reply says of the plugin besides its capabilities.
inline constexpr uint32_t kHasBatchOrigin = 0x1;
inline constexpr uint32_t kHasWebhook = 0x2;

struct Header {
  uint32_t kind = 0;
  uint32_t exit = 0;
  uint64_t size = 0;
};

enum class Io { Ok, Closed, TimedOut, Failed };

// No deadline: the child blocks on its parent, which is what keeps it alive.
using Deadline = std::chrono::steady_clock::time_point;
inline constexpr Deadline kNever = Deadline::max();

// Writes the header and up to two payload pieces (their sizes summed into
// the header) in as few system calls as the socket allows. Never raises
// SIGPIPE: a peer that died shows as Closed.
Io write_frame(int fd, uint32_t kind, uint32_t exit, std::string_view a, std::string_view b, Deadline until);
// Reads exactly `size` bytes.
Io read_exact(int fd, char* into, size_t size, Deadline until);
Io read_header(int fd, Header& h, Deadline until);

// Feed and Deliver carry a name before their data.
std::string name_prefix(std::string_view name);
// Splits such a payload; false when it is malformed.
bool split_named(std::string_view payload, std::string& name, std::string_view& data);

}  // namespace vow::frames
