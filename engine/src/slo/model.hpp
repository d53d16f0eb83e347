// What a converted SLO objective says, in Vow's terms, before it is written
// as Lua.
#pragma once

#include <string>
#include <vector>

#include "slo/import_slo.hpp"

namespace vow::slo {

enum class Method { Ratio, Timeslices, RatioTimeslices };
enum class Commitment { Month, Quarter };

// The period an SLO is measured over: a calendar month or quarter, cut at
// midnight in `timezone` (empty: the contract's own, for Sloth).
struct Period {
  Commitment commitment = Commitment::Month;
  std::string timezone;
};

struct Objective {
  std::string name;
  std::string sli;
  std::string target;  // a percent, as exact decimal text
  Method method = Method::Ratio;
  std::string slice;           // a Vow duration ("1m") with the slice methods
  std::string max_error_rate;  // a percent, with Timeslices
  Period period;
  std::string service;                 // the source's service, naming the tier
  std::vector<std::string> source;     // comment lines: where it came from
  std::vector<std::string> indicator;  // comment lines: what a connector must count
  std::string definition;              // what is counted, to tell two indicators of one name apart
  Place place;                         // for warnings about the objective as a whole
};

// An indicator as read from its source: the name Vow's sli.counted events
// carry, and comment lines telling a connector what to count.
struct Indicator {
  enum class Kind { Counts, Threshold, RawRatio };
  std::string name;
  Kind kind = Kind::Counts;
  std::vector<std::string> about;
  std::string definition;  // the queries alone, whatever each format calls them; empty: `about`
};

}  // namespace vow::slo
