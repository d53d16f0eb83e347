#include "contracts/fields.hpp"

#include <algorithm>
#include <utility>

namespace vow {
namespace {

FieldSpec plain(std::string_view name) {
  return {name, false, false, {}};
}
FieldSpec identity(std::string_view name) {
  return {name, true, false, {}};
}
FieldSpec merged(std::string_view name, std::vector<std::string_view> keys = {}) {
  return {name, false, true, std::move(keys)};
}

const std::vector<FieldSpec> kContract = {
    identity("name"),
    identity("tier"),
    plain("timezone"),
    plain("commitment"),
    plain("currency"),
    plain("monthly_fee"),
    plain("acv"),
    plain("calendar"),
    merged("uptime", {"name", "target", "services", "combine", "partial_weight", "exclude", "maintenance_notice",
                      "min_outage", "clause", "fee_share", "sli", "method", "slice", "max_error_rate", "min_total"}),
    merged("response"),
    merged("resolution"),
    merged("next_reply"),
    merged("update_every"),
    plain("pause_on"),
    plain("compliance_target"),
    plain("warn_at"),
    plain("budget_warn"),
    plain("credit"),
    plain("credit_cap"),
    plain("credit_cap_days"),
    merged("communications", {"initial", "update_every", "postmortem", "clause"}),
    merged("escalate"),
    plain("burn_alerts"),
    merged("jobs"),
    plain("objectives"),
    plain("clause"),
    plain("note"),
    identity("amendments"),
};

// What an amendment may write: `from` and a contract's fields.
const std::vector<FieldSpec> kAmendment = [] {
  // The fixed fields are known names here: build_amendments says that
  // they cannot be amended, rather than that they are unknown.
  std::vector<FieldSpec> fields = {plain("from")};
  for (const auto& f : kContract) fields.push_back(f);
  return fields;
}();

const std::vector<FieldSpec> kTier = [] {
  auto fields = kContract;
  std::erase_if(fields, [](const FieldSpec& f) { return f.contract_only; });
  return fields;
}();

const std::vector<FieldSpec> kCalendar = {plain("timezone"), plain("hours"), plain("holidays")};

}  // namespace

const std::vector<std::string_view> kDayKeys = {"mon", "tue", "wed",      "thu",     "fri",
                                                "sat", "sun", "weekdays", "weekend", "daily"};
const std::vector<std::string_view> kTargetKeys = {"target", "calendar", "clause"};
const std::vector<std::string_view> kScheduleRowKeys = {"below", "at_most", "percent"};
const std::vector<std::string_view> kEscalationStepKeys = {"after", "to"};
const std::vector<std::string_view> kBurnRuleKeys = {"long", "short", "factor", "severity"};
const std::vector<std::string_view> kJobKeys = {"due", "days", "timezone", "from", "clause"};
const std::vector<std::string_view> kObjectiveKeys = {"name",           "sli",       "target", "method", "slice",
                                                      "max_error_rate", "min_total", "clause"};

const char* kind_name(Definition::Kind k) {
  return k == Definition::Kind::Calendar ? "calendar" : k == Definition::Kind::Tier ? "tier" : "contract";
}

std::string describe(const Definition& d) {
  std::string s = std::string(kind_name(d.kind)) + " " + quote(d.name);
  return d.kind == Definition::Kind::Amendment ? s + ", amendment from " + quote(d.from) : s;
}

const std::vector<FieldSpec>& field_specs(Definition::Kind kind) {
  using K = Definition::Kind;
  return kind == K::Calendar ? kCalendar : kind == K::Tier ? kTier : kind == K::Amendment ? kAmendment : kContract;
}

std::vector<std::string_view> field_names(Definition::Kind kind) {
  std::vector<std::string_view> names;
  for (const auto& f : field_specs(kind)) names.push_back(f.name);
  return names;
}

const FieldSpec* contract_field(std::string_view name) {
  auto it = std::find_if(kContract.begin(), kContract.end(), [&](const FieldSpec& f) { return f.name == name; });
  return it == kContract.end() ? nullptr : &*it;
}

}  // namespace vow
