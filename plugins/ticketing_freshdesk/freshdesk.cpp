// Freshdesk tickets (API v2 objects, v1 listings) and ticket webhooks to
// ticket events. Status and priority are numeric codes, mapped by config.
// Satisfaction ratings (GET /api/v2/surveys/satisfaction_ratings) become
// ticket.rated.
//
// Config (all optional):
//   customers   { "company id": "customer id" }; default: the company id, else "unknown"
//   priorities  { "1": "P4", "2": "P3", "3": "P2", "4": "P1" } (the default: low, medium, high, urgent)
//   statuses    { "2": "open", "3": "pending", "4": "solved", "5": "closed",
//                 "6": "pending", "7": "on_hold" } (the default; 6 and 7 are Freshdesk's
//                 "Waiting on Customer" and "Waiting on Third Party")
//   prefix      event id prefix (default "freshdesk")
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

constexpr size_t kMaxTrigger = 1000;  // bytes of a webhook's triggered_event

// "{status:{from:4,to:6}}" (spaces allowed around each part): which field
// changed, from what, to what. Scanned by hand: std::regex recurses once
// per character, and the text is the payload's.
struct Change {
  std::string field, from, to;
};

std::optional<Change> change_in(std::string_view t) {
  auto spaces = [&](size_t& i) {
    while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
  };
  auto literal = [&](size_t& i, std::string_view word) {
    spaces(i);
    if (t.substr(i, word.size()) != word) return false;
    i += word.size();
    return true;
  };
  auto until = [&](size_t& i, std::string_view stops) {
    size_t start = i;
    while (i < t.size() && stops.find(t[i]) == std::string_view::npos) ++i;
    return std::string(t.substr(start, i - start));
  };
  for (size_t at = 0; at < t.size(); ++at)
    for (std::string_view field : {"status", "priority"}) {
      size_t i = at;
      if (t.substr(i, field.size()) != field) continue;
      i += field.size();
      if (!literal(i, ":") || !literal(i, "{") || !literal(i, "from") || !literal(i, ":")) continue;
      spaces(i);
      std::string from = until(i, ",}");
      if (!literal(i, ",") || !literal(i, "to") || !literal(i, ":")) continue;
      spaces(i);
      std::string to = until(i, "}");
      if (i < t.size()) return Change{std::string(field), from, to};
    }
  return std::nullopt;
}

std::string str(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

}  // namespace

class Freshdesk {
 public:
  static constexpr const char* name = "ticketing_freshdesk";
  static constexpr const char* version = "1.0.0";

  explicit Freshdesk(const vow::sdk::Context& cx) : cx_{{}, cx.host} {
    json config = vow::connector::config_of(cx);
    prefix_ = config.value("prefix", prefix_);
    for (auto [key, table] : {std::pair{"customers", &customers_}, std::pair{"priorities", &priorities_},
                              std::pair{"statuses", &statuses_}}) {
      if (!config.contains(key)) continue;
      if (!config[key].is_object()) throw std::runtime_error(std::string("config: ") + key + " must be a table");
      for (const auto& [k, v] : config[key].items()) (*table)[k] = v.get<std::string>();
    }
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one, and with no time of its own it happened
  // when it arrived.
  void webhook(std::string_view headers, std::string_view body) {
    arrival_.during(headers, [&] { feed("webhook", body); });
  }

  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    if (doc.is_discarded()) throw std::runtime_error(std::string(file) + ": not JSON");
    if (doc.contains("freshdesk_webhook")) return trigger(file, doc["freshdesk_webhook"]);
    if (is_rating(doc) || (doc.is_array() && !doc.empty() && is_rating(doc[0]))) {
      for (const auto& r : doc.is_array() ? doc : json::array({doc})) rating(file, r);
      return;
    }
    std::vector<json> tickets;
    if (doc.is_array())
      tickets.assign(doc.begin(), doc.end());
    else if (doc.contains("helpdesk_ticket"))
      tickets.push_back(doc["helpdesk_ticket"]);
    else if (doc.contains("id") && doc.contains("created_at"))
      tickets.push_back(doc);
    else
      throw std::runtime_error(std::string(file) + ": not Freshdesk tickets or a Freshdesk webhook");
    for (auto& t : tickets)
      if (t.contains("helpdesk_ticket")) t = t["helpdesk_ticket"];
    // Snapshots of one ticket, oldest first: the first opens it, later ones change it.
    std::stable_sort(tickets.begin(), tickets.end(),
                     [](const json& a, const json& b) { return str(a, "updated_at") < str(b, "updated_at"); });
    for (const auto& t : tickets) snapshot(file, t);
  }

  bool next_batch(std::string& ndjson) { return events_.next_batch(ndjson); }

 private:
  std::string mapped(std::string_view file, const std::map<std::string, std::string>& table, const std::string& code,
                     const char* what) const {
    auto it = table.find(code);
    if (it == table.end())
      throw std::runtime_error(std::string(file) + ": Freshdesk " + what + " " + code + " has no Vow " + what +
                               "; add it to the config's " + what + (std::string(what) == "status" ? "es" : "ies") +
                               " table");
    return it->second;
  }

  void emit(json e) { events_.emit(e); }

  static bool is_rating(const json& r) { return r.is_object() && r.contains("ratings") && r.contains("ticket_id"); }

  // The answer to the survey's default question on Vow's 1 to 5 (4 and 5
  // good): a custom survey's 103 .. -103, or a classic one's 1 happy, 2
  // neutral, 3 unhappy. 0: no answer Vow knows.
  static int score_of(long long answer) {
    switch (answer) {
      case 103:
      case 102:
      case 1:
        return 5;
      case 101:
        return 4;
      case 100:
      case 2:
        return 3;
      case -101:
        return 2;
      case -102:
      case -103:
      case 3:
        return 1;
      default:
        return 0;
    }
  }

  void rating(std::string_view file, const json& r) {
    if (!is_rating(r))
      throw std::runtime_error(std::string(file) + ": a satisfaction rating without ratings or ticket_id");
    std::string ticket = str(r, "ticket_id"), id = str(r, "id");
    std::string at = str(r, "updated_at").empty() ? str(r, "created_at") : str(r, "updated_at");
    if (ticket.empty() || id.empty() || at.empty())
      throw std::runtime_error(std::string(file) + ": a satisfaction rating without id, ticket_id or created_at");
    const json& answers = r["ratings"];
    auto q = answers.is_object() ? answers.find("default_question") : answers.end();
    int score = q != answers.end() && q->is_number_integer() ? score_of(q->get<long long>()) : 0;
    if (score == 0) {
      cx_.log(1, std::string(file) + ": rating " + id + " of ticket " + ticket +
                     " has no default_question answer Vow knows; left out");
      return;
    }
    json e = {{"id", prefix_ + ":" + ticket + ":rating:" + id + ":" + at},
              {"type", "ticket.rated"},
              {"at", at},
              {"ticket", ticket},
              {"score", score}};
    if (!str(r, "feedback").empty()) e["comment"] = str(r, "feedback");
    emit(e);
  }

  void snapshot(std::string_view file, const json& t) {
    std::string id = str(t, "id"), created = str(t, "created_at");
    if (id.empty() || created.empty())
      throw std::runtime_error(std::string(file) + ": a ticket without id or created_at");
    std::string updated = str(t, "updated_at").empty() ? created : str(t, "updated_at");
    std::string priority = mapped(file, priorities_, str(t, "priority"), "priority");
    std::string status = mapped(file, statuses_, str(t, "status"), "status");
    std::string base = prefix_ + ":" + id;
    auto seen = state_.find(id);
    if (seen == state_.end()) {
      std::string company = str(t, "company_id");
      std::string customer = customers_.count(company) ? customers_.at(company) : company.empty() ? "unknown" : company;
      emit({{"id", base + ":opened"},
            {"type", "ticket.opened"},
            {"at", created},
            {"ticket", id},
            {"customer", customer},
            {"priority", priority}});
      seen = state_.emplace(id, std::pair<std::string, std::string>{priority, "open"}).first;
    } else if (seen->second.first != priority) {
      emit({{"id", base + ":priority:" + updated + ":" + priority},
            {"type", "ticket.priority_changed"},
            {"at", updated},
            {"ticket", id},
            {"priority", priority}});
    }
    seen->second.first = priority;
    // What the stats block says happened, each at its own instant.
    const json stats = t.value("stats", json::object());
    auto reply = [&](const char* key, const char* author) {
      std::string at = str(stats, key);
      if (!at.empty())
        emit({{"id", base + ":" + key + ":" + at},
              {"type", "ticket.replied"},
              {"at", at},
              {"ticket", id},
              {"author", author}});
    };
    reply("first_responded_at", "agent");
    reply("agent_responded_at", "agent");
    reply("requester_responded_at", "customer");
    if (status != seen->second.second) {
      std::string at = str(stats, "status_updated_at").empty() ? updated : str(stats, "status_updated_at");
      emit({{"id", base + ":status:" + at + ":" + status},
            {"type", "ticket.status_changed"},
            {"at", at},
            {"ticket", id},
            {"status", status}});
      seen->second.second = status;
    }
  }

  // {"triggered_event": "{status:{from:4,to:6}}", "ticket_id": "11", ...}: no
  // timestamp, so the time a webhook request arrived, or else the time the
  // payload file was written, stands in.
  void trigger(std::string_view file, const json& w) {
    std::string id = str(w, "ticket_id"), event = str(w, "triggered_event");
    if (event.size() > kMaxTrigger) return;  // a real one ("{status:{from:4,to:6}}") is short
    auto m = change_in(event);
    if (id.empty() || !m) return;  // other triggers: nothing to record
    std::string at;
    if (arrival_.at) {
      at = vow::connector::utc(*arrival_.at);
    } else {
      at = vow::connector::utc(
          vow::connector::written_at(file, "a webhook has no timestamp and the file's time is unknown"));
      cx_.log(2, std::string(file) + ": Freshdesk webhooks carry no time; using the file's, " + at);
    }
    const std::string &field = m->field, &to = m->to;
    std::string base = prefix_ + ":" + id + ":" + field + ":" + m->from + "-" + to + ":" + at;
    if (field == "status")
      emit({{"id", base},
            {"type", "ticket.status_changed"},
            {"at", at},
            {"ticket", id},
            {"status", mapped(file, statuses_, to, "status")}});
    else
      emit({{"id", base},
            {"type", "ticket.priority_changed"},
            {"at", at},
            {"ticket", id},
            {"priority", mapped(file, priorities_, to, "priority")}});
  }

  vow::sdk::Context cx_;
  std::map<std::string, std::string> customers_;
  std::map<std::string, std::string> priorities_{{"1", "P4"}, {"2", "P3"}, {"3", "P2"}, {"4", "P1"}};
  std::map<std::string, std::string> statuses_{{"2", "open"},   {"3", "pending"}, {"4", "solved"},
                                               {"5", "closed"}, {"6", "pending"}, {"7", "on_hold"}};
  std::map<std::string, std::pair<std::string, std::string>> state_;  // ticket -> (priority, status) so far
  std::string prefix_ = "freshdesk";
  vow::connector::Events events_;
  vow::connector::Arrival arrival_;
};

VOW_PLUGIN(Freshdesk)
