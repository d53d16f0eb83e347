// What `vow check` says of one contract file, for the tests of contract
// fields: every problem as "file:line: message".
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contracts/contract_set.hpp"

inline std::vector<std::string> problems_of(const std::string& source) {
  vow::ContractSet set;
  set.add_source("rules/c.lua", source);
  set.resolve();
  std::vector<std::string> out;
  for (const auto& d : set.diagnostics()) out.push_back(d.str());
  return out;
}

// One of them contains `fragment`.
inline void expect_problem(const std::string& source, const std::string& fragment) {
  auto ps = problems_of(source);
  bool found = false;
  std::string all;
  for (const auto& p : ps) found |= p.find(fragment) != std::string::npos, all += p + "\n";
  EXPECT_TRUE(found) << "wanted: " << fragment << "\ngot:\n" << all;
}
