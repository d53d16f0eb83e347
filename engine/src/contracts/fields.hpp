// The fields each kind of definition knows (spec/contracts.md). The
// unknown-field and did-you-mean checks are derived from these tables, so a
// new field is named once, here, and cannot be accepted by one check and
// refused by another.
#pragma once

#include <string_view>
#include <vector>

#include "contracts/contract_set.hpp"

namespace vow {

struct FieldSpec {
  std::string_view name;
  bool contract_only = false;  // a tier cannot set it: a contract's own identity
  bool merged = false;         // a contract's table is merged key by key over its tier's
  // The keys a sub-table may hold, checked as "field.key"; empty where the
  // keys are the contract's own words (priority names) or checked with the value.
  std::vector<std::string_view> keys;
};

// In the order messages suggest them: ties in did-you-mean go to the first.
const std::vector<FieldSpec>& field_specs(Definition::Kind kind);
// The top-level names `kind` accepts.
std::vector<std::string_view> field_names(Definition::Kind kind);
// "calendar", "tier" or "contract", as messages name the kind.
const char* kind_name(Definition::Kind kind);
// How messages name a definition: `contract "acme"`, or for an amendment
// `contract "acme", amendment from "2026-11"`.
std::string describe(const Definition& d);
// The spec of a contract or tier field, or nullptr.
const FieldSpec* contract_field(std::string_view name);

// Keys of a calendar's `hours`; mon..sun first, in weekday order, so a key's
// position is its weekday.
extern const std::vector<std::string_view> kDayKeys;
// Keys of a priority's table in `response` and `resolution`.
extern const std::vector<std::string_view> kTargetKeys;
// Keys of a row of `schedule { ... }`.
extern const std::vector<std::string_view> kScheduleRowKeys;
extern const std::vector<std::string_view> kEscalationStepKeys;
// Keys of a rule of `burn_alerts`.
extern const std::vector<std::string_view> kBurnRuleKeys;
extern const std::vector<std::string_view> kJobKeys;
extern const std::vector<std::string_view> kObjectiveKeys;

}  // namespace vow
