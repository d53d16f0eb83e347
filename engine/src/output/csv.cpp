// CSV: one row per account and metric, for spreadsheets.
#include "output/format.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

std::string num(std::optional<double> v) {
  return v ? fmt::fixed(*v, 6) : "";
}

}  // namespace

std::string to_csv(const Report& r) {
  std::string out = "period,customer,name,tier,status,metric,priority,value,target,achieved,breached\n";
  for (const auto& a : r.accounts) {
    std::string head = r.period + "," + fmt::csv(a.customer) + "," + fmt::csv(a.name) + "," +
                       fmt::csv(a.tier.value_or("")) + "," + fmt::csv(a.status) + ",";
    if (a.uptime) out += head + "uptime,," + num(a.uptime->percent) + "," + num(a.uptime->target) + ",,\n";
    static const PriorityTable none;
    for (auto [metric, m] : {std::pair{"response", &a.response}, std::pair{"resolution", &a.resolution},
                             std::pair{"communications", a.communications ? &*a.communications : &none}})
      for (const auto& [p, f] : *m)
        out += head + metric + "," + fmt::csv(p) + "," + num(f.rate) + "," + num(f.target_seconds) + "," +
               std::to_string(f.achieved) + "," + std::to_string(f.breached) + "\n";
    if (a.credit) out += head + "credit,," + a.credit->amount + ",,,\n";
  }
  return out;
}

std::string to_csv(const CreditsReport& r) {
  std::string out = "period,customer,amount,currency,monthly_fee,percent,final,formula,note\n";
  for (const auto& c : r.credits)
    out += r.period + "," + fmt::csv(c.customer) + "," + c.amount + "," + fmt::csv(c.currency) + "," + c.monthly_fee +
           "," + num(c.percent) + "," + (c.final ? "true" : "false") + "," + fmt::csv(c.formula) + "," +
           fmt::csv(c.note.value_or("")) + "\n";
  return out;
}

std::string to_csv(const StatusReport& r) {
  std::string out = "kind,customer,ticket,metric,priority,level,fraction,deadline,breached\n";
  for (const auto& c : r.clocks)
    out += "clock," + fmt::csv(c.customer) + "," + fmt::csv(c.ticket) + "," + c.metric + "," + fmt::csv(c.priority) +
           "," + (c.breached ? "" : num(c.level)) + "," + (c.breached ? "" : num(c.fraction)) + "," +
           (c.deadline == kNever ? "" : format_instant(c.deadline)) + "," + (c.breached ? "true" : "false") + "\n";
  for (const auto& n : r.notices)
    out += "notice," + fmt::csv(n.customer) + "," + fmt::csv(n.outage) + ",communications," + fmt::csv(n.kind) + ",,," +
           format_instant(n.deadline) + "," + (n.overdue ? "true" : "false") + "\n";
  for (const auto& a : r.accounts)
    out += "account," + fmt::csv(a.customer) + ",,uptime,," + fmt::csv(a.level) + "," + num(a.budget_consumed) + ",,\n";
  return out;
}

}  // namespace vow
