// The GET endpoints' query parameters, read into the Query the commands
// build from their options (docs/serve.md, "Endpoints").
#pragma once

#include <httplib.h>

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>

#include "vow/engine.hpp"

namespace vow::serve {

// A query parameter that is unknown, repeated where it may not be, or not
// of its form: answered 400 with this message, which names it.
class BadParameter : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The Query of a request that may carry `allowed` (of period, customer,
// tier, as_of, since); as_of defaults to `now`. `period_required`: report
// and credits.
Query query_of(const httplib::Request& req, std::initializer_list<const char*> allowed, Instant now,
               bool period_required);

// alerts' since=, when given.
std::optional<Instant> since_of(const httplib::Request& req);

}  // namespace vow::serve
