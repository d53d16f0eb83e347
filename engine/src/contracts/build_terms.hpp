// The builders of a contract's terms, one per kind of field, called by the
// resolver (resolve.cpp) with the field's value, inherited from the tier,
// on top of the Lua stack. Each checks the value, reports its problems
// through the FieldReader, fills its part of the Contract and returns
// false when something was wrong. None pops the value.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/terms.hpp"
#include "contracts/calendar_lookup.hpp"
#include "contracts/field_reader.hpp"
#include "contracts/inherit.hpp"

namespace vow {

// build_settings.cpp: the fields that hold one value.
bool build_name(FieldReader& r, std::string& out);
bool build_timezone(FieldReader& r, const Zone*& out);
bool build_currency(FieldReader& r, std::string& out);
bool build_amount(FieldReader& r, const char* field, std::optional<Decimal>& out);
bool build_pause_on(FieldReader& r, std::set<TicketStatus>& out);
bool build_compliance_target(FieldReader& r, double& out);
bool build_budget_warn(FieldReader& r, double& out);
bool build_credit_cap(FieldReader& r, double& out);
bool build_commitment(FieldReader& r, Commitment& out);
// The `clause` text of the table at stack index `t`, when it has one (1.1).
bool build_clause(FieldReader& r, const std::string& field, int t, std::optional<std::string>& out);
bool build_credit_cap_days(FieldReader& r, std::optional<double>& out);
bool build_warn_at(FieldReader& r, std::vector<double>& out);

// build_targets.cpp: `calendar`, the default calendar of ticket targets.
bool build_default_calendar(FieldReader& r, CalendarLookup& calendars, const Zone* zone, std::string& out);
// `response` and `resolution`, priority -> target;
// a target without a calendar of its own opens in `default_calendar`.
bool build_targets(FieldReader& r, CalendarLookup& calendars, const std::string& field,
                   std::map<std::string, Target>& out, const std::string& default_calendar, const Zone* zone);

// build_escalate.cpp: `escalate`, priority -> a step { after, to } or a list of steps.
bool build_escalate(FieldReader& r, std::map<std::string, std::vector<EscalationStep>>& out);
bool build_burn_alerts(FieldReader& r, std::vector<BurnRule>& out);

// build_uptime.cpp: the contract's uptime terms, merged by name over its
// tier's and under its amendments' (terms.md); each key's problems point
// into the text of the layer that wrote it.
bool build_uptimes(FieldReader& r, const Layers& layers, Contract& c);

// build_amendments.cpp: the contract `own`'s `amendments` (on top of the
// stack), checked; each becomes a layer in `out` (a deque: they are pointed
// to), also listed in `layers` in order. `quarterly`: `from` must open a quarter.
bool build_amendments(FieldReader& r, const Definition& own, bool quarterly, std::deque<Definition>& out,
                      std::vector<const Definition*>& layers);
// The figures amendment `a` wrote take its `clause` (else the contract's)
// unless their own table names one (ADR 0045).
void apply_amendment_clause(lua_State* L, const Definition& a, Contract& c);

// build_jobs.cpp: `jobs` (1.1), by name; each runs in `zone` unless it
// names its own, and skips the holidays of `calendar` (none: 24x7).
bool build_jobs(FieldReader& r, const Zone* zone, const Calendar* calendar, std::map<std::string, JobTerm>& out);

// build_objectives.cpp: `objectives` (1.1), a list; and how a term reads an
// indicator (`sli`'s method, slice, max_error_rate, min_total) from the
// table at `t`. `method_allowed`: the table may name a method.
bool build_objectives(FieldReader& r, std::vector<Objective>& out);
bool build_measure(FieldReader& r, int t, const std::string& field, bool method_allowed, SliMeasure& m);

// build_credit.cpp: a credit function or a schedule.
bool build_credit(FieldReader& r, CreditTerm& out);

// build_communications.cpp: the notice cadence; business_days (1.1) count
// the open days of `default_calendar` unless they name their own.
bool build_communications(FieldReader& r, CalendarLookup& calendars, const std::string& default_calendar,
                          const Zone* zone, std::optional<Communications>& out);

}  // namespace vow
