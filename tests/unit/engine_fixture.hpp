// An engine from one contract file and one NDJSON text, and queries of it,
// for the tests of contract language 1.1 through the engine's API.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "vow/engine.hpp"

inline vow::Instant at(const char* text) {
  return *vow::parse_instant(text);
}

inline vow::Engine engine(const char* rules, const std::string& ndjson) {
  vow::Engine e;
  e.add_contract_source("rules/c.lua", rules);
  EXPECT_TRUE(e.finish_contracts().empty());
  e.add_events_ndjson(ndjson, "events.ndjson");
  return e;
}

inline vow::Query query(const char* period, const char* as_of) {
  vow::Query q;
  q.period = period;
  q.as_of = at(as_of);
  return q;
}
