// The engine: holds contracts and events, and evaluates queries by calling
// the pure arithmetic in compliance/ with the contracts' Lua functions.
#include "vow/engine.hpp"

#include <algorithm>
#include <deque>
#include <fstream>
#include <span>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "compliance/cadence.hpp"
#include "compliance/clocks.hpp"
#include "compliance/credits.hpp"
#include "compliance/facts.hpp"
#include "compliance/incidents.hpp"
#include "compliance/portfolio.hpp"
#include "compliance/silence.hpp"
#include "compliance/status_terms.hpp"
#include "compliance/uptime.hpp"
#include "contracts/calls.hpp"
#include "contracts/contract_set.hpp"
#include "engine_access.hpp"
#include "engine_impl.hpp"
#include "events/decode.hpp"
#include "events/event_check.hpp"
#include "events/lines.hpp"
#include "time/period.hpp"
#include "vow/error.hpp"

namespace vow {

Engine::Engine(EngineLimits limits) : impl_(std::make_unique<Impl>(limits)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

void Engine::add_contract_source(const std::string& name, std::string source) {
  impl_->contracts.add_source(name, std::move(source));
}

void Engine::add_contract_paths(const std::vector<std::filesystem::path>& paths,
                                const std::filesystem::path& display_base) {
  namespace fs = std::filesystem;
  // A path that cannot be looked up (a loop of symbolic links, a name over
  // NAME_MAX, a path over PATH_MAX) is a config error naming it.
  auto unusable = [](const fs::path& p, const std::error_code& ec) {
    return Error(Exit::BadConfig,
                 p.string() + ": " + ec.message() + " (rule paths name .lua files or folders of them)");
  };
  for (const auto& root : paths) {
    std::vector<fs::path> files;
    std::error_code ec;
    auto st = fs::status(root, ec);
    if (ec && st.type() != fs::file_type::not_found) throw unusable(root, ec);
    if (fs::is_directory(st)) {
      auto it = fs::recursive_directory_iterator(root, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        bool lua = it->path().extension() == ".lua";
        if (lua && it->is_regular_file(ec)) files.push_back(it->path());
        if (ec) throw unusable(it->path(), ec);
      }
      if (ec) throw unusable(root, ec);
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(st)) {
      files.push_back(root);
    } else {
      throw Error(Exit::BadConfig, root.string() + ": no such rule file or folder");
    }
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) throw Error(Exit::BadConfig, file.string() + ": cannot read this rule file");
      std::stringstream text;
      text << in.rdbuf();
      // Relative to the working folder when the file is below it, else absolute.
      fs::path shown = fs::absolute(file).lexically_normal();
      if (!display_base.empty()) {
        fs::path rel = shown.lexically_relative(fs::absolute(display_base).lexically_normal());
        if (!rel.empty() && *rel.begin() != "..") shown = rel;
      }
      add_contract_source(shown.string(), text.str());
    }
  }
}

const std::vector<Diagnostic>& Engine::finish_contracts() {
  impl_->contracts.resolve();
  impl_->finished = true;
  impl_->clock_cache.clear();  // kept for contracts that may have changed
  impl_->clock_alert_cache.clear();
  impl_->scratches.clear();  // their calendar caches are keyed by address
  return impl_->contracts.diagnostics();
}

std::vector<std::string> Engine::contract_ids() const {
  std::vector<std::string> ids;
  for (const auto& c : impl_->contracts.contracts()) ids.push_back(c.id);
  return ids;
}

bool Engine::has_quarterly_commitments() const {
  const auto& all = impl_->contracts.contracts();
  return std::any_of(all.begin(), all.end(), [](const Contract& c) { return c.quarterly(); });
}

std::vector<std::string> Engine::log_lines() const {
  return impl_->calls.log_lines();
}

std::vector<Diagnostic> Engine::add_events_ndjson(std::string_view ndjson, const std::string& source) {
  std::vector<Diagnostic> problems;
  {
    // One rehash at most, not one per doubling of a big file's ids.
    auto lines = static_cast<std::size_t>(std::count(ndjson.begin(), ndjson.end(), '\n')) + 1;
    std::lock_guard lock(impl_->pending_mu);
    if (impl_->added_ids.bucket_count() < impl_->added_ids.size() + lines)  // reserve() can shrink
      impl_->added_ids.reserve(impl_->added_ids.size() + lines);
  }
  EventDecoder decoder;
  Event ev;
  std::string reason;
  std::vector<LineProblem> found;
  for_each_line(ndjson, [&](size_t line_no, std::string_view line) {
    found.clear();
    bool valid = decoder.decode(line, ev, found);
    // Every problem of the line, with its column; near-miss fields are
    // warnings and the event is still added, as the ledger does.
    for (const auto& p : found) problems.push_back(diagnostic(source, line_no, p));
    if (!valid) return;
    std::string id = ev.id;
    if (impl_->add(std::move(ev), reason) != Impl::Outcome::Conflict) return;
    problems.push_back({source, static_cast<int>(line_no), reason, 0, "id", id});
  });
  return problems;
}

Added Engine::add_event(Event event) {
  if (std::string problem = event_problem(event); !problem.empty())
    throw Error(Exit::BadData, event.id.empty() ? problem : "event \"" + event.id + "\": " + problem);
  std::string reason;
  switch (impl_->add(std::move(event), reason)) {
    case Impl::Outcome::Fresh:
      return Added::Fresh;
    case Impl::Outcome::Duplicate:
      return Added::Duplicate;
    case Impl::Outcome::Conflict:
      break;
  }
  throw Error(Exit::BadData, reason);
}

Engine::Impl::Outcome Engine::Impl::add(Event event, std::string& reason) {
  // Worked out before the lock: a writer holds it only to queue the event.
  std::uint64_t digest = content_digest(event);
  std::lock_guard lock(pending_mu);
  auto [it, fresh] = added_ids.try_emplace(event.id, digest);
  if (!fresh) {
    if (it->second == digest) return Outcome::Duplicate;
    reason = "conflict: event \"" + event.id + "\" was added before with other content";
    return Outcome::Conflict;
  }
  if (event.seq <= 0) event.seq = next_seq;
  next_seq = std::max(next_seq, event.seq + 1);
  pending.push_back(std::move(event));
  return Outcome::Fresh;
}

EventStore& EngineAccess::events(Engine& e) {
  std::unique_lock alone(e.impl_->rw);
  e.impl_->take_pending();  // events added before come first
  e.impl_->indexed = false;
  return e.impl_->events;
}

const ClockCache& EngineAccess::clock_cache(const Engine& e) {
  return e.impl_->clock_cache;
}

const ClockAlertCache& EngineAccess::clock_alert_cache(const Engine& e) {
  return e.impl_->clock_alert_cache;
}

const MonthCache& EngineAccess::months(const Engine& e) {
  return e.impl_->months;
}

void EngineAccess::loaded(Engine& e, std::int64_t last_seq, const UnreadTickets& unread) {
  std::lock_guard lock(e.impl_->pending_mu);
  e.impl_->next_seq = std::max(e.impl_->next_seq, last_seq + 1);
  e.impl_->first_event = std::min(e.impl_->first_event, unread.earliest);
  if (unread.heard) e.impl_->unread_heard = std::max(e.impl_->unread_heard.value_or(*unread.heard), *unread.heard);
  e.impl_->indexed = false;
}

void EngineAccess::clear_events(Engine& e) {
  Engine::Impl& x = *e.impl_;
  std::unique_lock alone(x.rw);
  std::lock_guard lock(x.pending_mu);
  x.pending.clear();
  x.added_ids.clear();
  x.index = EventIndex{};
  x.clock_cache.clear();  // it keeps tickets by their place in the store
  x.clock_alert_cache.clear();
  x.months.clear();
  x.changes.clear();
  x.events.clear();
  x.next_seq = 1;
  x.indexed = false;
  x.first_event = kNever;
  x.unread_heard.reset();
  x.first_seen_whole = x.first_seen_tickets = x.first_seen_windows = 0;
}

void Engine::prepare() {
  std::unique_lock alone(impl_->rw);
  impl_->prepare();
}

Touched Engine::take_touched() {
  impl_->need_finished();
  {
    std::unique_lock alone(impl_->rw);
    impl_->prepare();
  }
  std::lock_guard lock(impl_->touched_mu);
  return std::exchange(impl_->touched, Touched{});
}

void Engine::expect_events(std::size_t more) {
  impl_->need_finished();
  std::unique_lock alone(impl_->rw);
  impl_->prepare();
  impl_->room = more;
  impl_->make_room();
}

std::size_t Engine::event_count() const {
  std::shared_lock hold(impl_->rw);
  std::lock_guard lock(impl_->pending_mu);
  return impl_->events.size() + impl_->pending.size();
}

namespace {
Period need_period(const std::string& text) {
  auto p = parse_period(text);
  if (!p) throw Error(Exit::Usage, {field("period"), " " + text + ": expected a month YYYY-MM or a quarter YYYY-Qn"});
  return *p;
}
}  // namespace

AccountReport Engine::account(const std::string& customer, const std::string& period, Instant as_of,
                              std::vector<Diagnostic>* errors) {
  return std::move(accounts({customer}, period, as_of, errors).front());
}

std::vector<AccountReport> Engine::accounts(const std::vector<std::string>& customers, const std::string& period,
                                            Instant as_of, std::vector<Diagnostic>* errors) {
  impl_->need_finished();
  std::vector<const Contract*> contracts;
  CustomerSet only;
  for (const std::string& id : customers) {
    const Contract* c = impl_->contracts.find(id);
    if (!c) throw Error(Exit::Usage, {field("customer"), " " + id + ": no contract has this id"});
    contracts.push_back(c);
    only.insert(c->id);
  }
  Period p = need_period(period);
  auto hold = impl_->read();
  Facts f = gather_facts(
      impl_->index, as_of, [this](std::string_view id) { return impl_->contracts.find(id); }, &only);
  std::vector<Diagnostic> own;
  std::vector<AccountReport> out;
  out.reserve(contracts.size());
  for (const Contract* c : contracts) out.push_back(impl_->account(*c, p, as_of, f, errors ? *errors : own));
  return out;
}

// A failure of contract code met again (a trend's earlier month, a
// quarter's months, the forecast) is one error, said once.
static void once_each(std::vector<Diagnostic>& errors) {
  std::vector<Diagnostic> out;
  for (auto& d : errors)
    if (std::none_of(out.begin(), out.end(), [&](const Diagnostic& o) {
          return o.line == d.line && o.file == d.file && o.message == d.message;
        }))
      out.push_back(std::move(d));
  errors = std::move(out);
}

Report Engine::report(const Query& q) {
  Period period = need_period(q.period);
  if (q.customer_audience && q.customers.size() != 1)
    throw Error(Exit::Usage,
                {field("audience"), " customer: name exactly one ", field("customer"), ", the one the report is for"});
  auto selected = impl_->select(q);
  auto hold = impl_->read();
  impl_->forget_months_before(q.as_of);
  Facts f = impl_->facts(q.as_of);
  auto clocks = impl_->clock_views(q.as_of, f, q.customer_audience ? selected : impl_->all_contracts());
  auto& settled = clocks.settled;
  // Earlier periods feed only the trend and the projections: no credits.
  auto evaluate = [&](const Period& p, bool with_credit) {
    Report r;
    r.period = p.label();
    r.quarter = p.is_quarter();
    r.as_of = q.as_of;
    r.accounts.reserve(selected.size());
    for (const Contract* c : selected)
      r.accounts.push_back(impl_->account(*c, p, q.as_of, f, r.errors, &settled[c], with_credit));
    return r;
  };
  Report r = evaluate(period, true);
  // Earlier periods, oldest first, for the trend and the projections.
  // Earlier periods that end before the ledger's first event held no data,
  // not perfect service: they stay out of the trend.
  std::vector<Report> earlier;
  Period p = period;
  Instant first_event = impl_->first_event;  // read() above has indexed the events
  for (int i = 0; i < q.history; ++i) {
    p = previous(p);
    bool has_data = false;
    for (const Contract* c : selected) has_data |= p.bounds(*c->zone).b > first_event;
    if (!has_data) break;
    earlier.insert(earlier.begin(), evaluate(p, false));
  }
  std::vector<const Report*> history;
  for (const auto& e : earlier) history.push_back(&e);
  r.customer_audience = q.customer_audience;
  std::vector<AccountFlag> flags = flag_accounts(r.accounts, 10);
  if (q.customer_audience) {
    // Only the customer's own figures: nothing about other customers or internals.
    r.trends =
        trends(history, r, {AccountFlag{r.accounts.at(0).customer, r.accounts.at(0).name, Status::Green, 0, {}}});
    std::erase_if(r.trends, [](const Trend& t) { return !t.account; });
    r.incidents = incidents_of(*selected.at(0), period.bounds(*selected.at(0)->zone), q.as_of, f);
  } else {
    r.tiers = summarize_tiers(r.accounts);
    r.flags = flags;
    r.trends = trends(history, r, flags);
    for (auto& pr : f.problems) r.problems.push_back({pr.event, pr.reason});
    std::vector<SilenceInput> inputs;
    for (const Contract* c : selected)
      inputs.push_back({c->id, c->uptime_services(), c->has_ticket_targets(), period.bounds(*c->zone)});
    r.silent_sources = silent_sources(f, inputs, q.as_of, impl_->unread_heard);
    std::vector<ContractPeriod> periods;
    for (const Contract* c : selected) periods.push_back({c, period.bounds(*c->zone)});
    r.incidents = incidents_of(periods, q.as_of, f);
  }
  // At risk: the commitment period running at as_of (a month, or a
  // quarterly contract's quarter), when it overlaps this period or the next.
  if (!q.customer_audience) {
    Period next = following(period);
    auto wanted = [&](const Contract& c, const Period& running) {
      Interval b = running.bounds(*c.zone);
      return b.b > period.bounds(*c.zone).a && b.a < next.bounds(*c.zone).b;
    };
    r.risks = impl_->risks_at(selected, q.as_of, f, clocks, wanted, r.errors);
  }
  once_each(r.errors);
  return r;
}

CreditsReport Engine::credits(const Query& q) {
  Period period = need_period(q.period);
  CreditsReport r;
  r.period = period.label();
  r.as_of = q.as_of;
  auto hold = impl_->read();
  Facts f = impl_->facts(q.as_of);
  for (const Contract* c : impl_->select(q)) {
    // A quarter lists the quarterly commitments, a month the monthly ones (terms.md).
    if (c->in_force(period).credit.kind == CreditTerm::Kind::None || c->quarterly() != period.is_quarter()) continue;
    AccountReport a = impl_->account(*c, period, q.as_of, f, r.errors);
    if (a.credit) r.credits.push_back(std::move(*a.credit));
  }
  once_each(r.errors);
  return r;
}

StatusReport Engine::status(const Query& q) {
  StatusReport r;
  r.as_of = q.as_of;
  auto hold = impl_->read();
  Facts f = impl_->facts(q.as_of);
  auto selected = impl_->select(q);
  ClockScratch& scratch = impl_->scratch();
  for (const Contract* c : selected) {
    for_each_ticket_clock(*c, q.as_of, f, scratch, [&](const TicketHistory& t, const ClockResult& clock) {
      if (f.exempt(c->id, clock.start)) return;  // an exception holds it: not at risk (1.1)
      StatusClock s;
      s.customer = c->id;
      s.name = c->name;
      s.ticket = t.opened->ref;
      s.metric = metric_name(clock.metric);
      s.priority = clock.priority;
      s.deadline = clock.deadline;
      if (clock.state == ClockResult::State::Breached && !clock.stopped) {
        s.breached = true;
        r.clocks.push_back(s);
      } else if (clock.state == ClockResult::State::InProgress && clock.has_target && clock.target > 0) {
        s.elapsed_seconds = static_cast<double>(clock.elapsed) / 1000.0;
        s.target_seconds = static_cast<double>(clock.target) / 1000.0;
        s.fraction = s.elapsed_seconds / s.target_seconds;
        bool warned = false;
        for (double w : c->in_force_at(t.opening->at).warn_at)
          if (s.fraction >= w && (!warned || w > s.level)) s.level = w, warned = true;
        if (warned || q.every_clock) r.clocks.push_back(s);
      }
    });
    if (c->any_version([](const Contract& v) { return v.communications.has_value(); }))
      for_each_notice_clock(*c, q.as_of, f, [&](const Outage& o, const NoticeClock& clock) {
        // Due, or past due and still unsent while it can still be sent.
        bool overdue =
            clock.state == NoticeClock::State::Breached && !clock.sent && (clock.kind != NoticeKind::Update || !o.end);
        if (clock.state == NoticeClock::State::InProgress || overdue)
          r.notices.push_back(
              {c->id, c->name, o.started->ref, std::string(to_string(clock.kind)), clock.deadline, overdue});
      });
    Period month = c->period_at(q.as_of);  // the commitment period: a month, or a quarter
    const Contract& terms = c->in_force(month);
    for (const UptimeTerm& term : terms.uptimes) {
      UptimeResult u = compute_uptime(term, c->id, month.bounds(*c->zone), q.as_of, f,
                                      exclude_for(terms, term, impl_->evaluation(f, q.as_of, r.errors)));
      // A ratio below target mid-period can rise again: at risk, not lost (alerts.md).
      bool can_rise = term.measure && term.measure->method == SliMethod::Ratio && q.as_of < month.bounds(*c->zone).b;
      std::string level = status_level(u.met, can_rise, u.budget_consumed, terms.budget_warn);
      if (!level.empty())
        r.accounts.push_back({c->id, c->name, month.label(), level, u.percent, u.budget_consumed,
                              terms.uptime_list ? term.name : std::string()});
    }
    objective_status(*c, terms, month, q.as_of, f, r.objectives);
    job_status(*c, terms, month, q.as_of, f, r.jobs);
  }
  // Outages going on now, by id, for `vow draft KIND --outage ID`.
  std::vector<ContractPeriod> now;
  for (const Contract* c : selected) now.push_back({c, Interval{q.as_of - 1, q.as_of + 1}});
  for (auto& i : incidents_of(now, q.as_of, f))
    if (!i.ended) r.open_outages.push_back(std::move(i));
  std::stable_sort(r.notices.begin(), r.notices.end(), [](const StatusNotice& a, const StatusNotice& b) {
    return std::tie(a.customer, a.outage, a.deadline) < std::tie(b.customer, b.outage, b.deadline);
  });
  std::stable_sort(r.clocks.begin(), r.clocks.end(), [](const StatusClock& a, const StatusClock& b) {
    return std::tie(a.customer, a.ticket, a.metric) < std::tie(b.customer, b.ticket, b.metric);
  });
  once_each(r.errors);
  return r;
}

}  // namespace vow
