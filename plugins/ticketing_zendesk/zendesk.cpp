// Zendesk ticket audits (GET /api/v2/ticket_audits, /tickets/{id}/audits)
// to ticket events, and satisfaction ratings (GET /api/v2/satisfaction_ratings,
// or a SatisfactionRating audit event) to ticket.rated.
//
// Config (all optional):
//   customers   { "organization id": "customer id" }; default: the organization id itself
//   priorities  { "urgent": "P1", "high": "P2", "normal": "P3", "low": "P4" } (the default)
//   statuses    Zendesk status -> Vow status; defaults below
//   prefix      event id prefix (default "zendesk")
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

std::string str(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return "";
}

std::string field(const json& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() ? "" : str(*it);
}

}  // namespace

class Zendesk {
 public:
  static constexpr const char* name = "ticketing_zendesk";
  static constexpr const char* version = "1.0.0";

  explicit Zendesk(const vow::sdk::Context& cx) : cx_{{}, cx.host} {
    json config = vow::connector::config_of(cx);
    prefix_ = config.value("prefix", prefix_);
    for (const char* table : {"customers", "priorities", "statuses"}) {
      if (!config.contains(table)) continue;
      if (!config[table].is_object()) throw std::runtime_error(std::string("config: ") + table + " must be a table");
      auto& into = std::string(table) == "customers"    ? customers_
                   : std::string(table) == "priorities" ? priorities_
                                                        : statuses_;
      for (const auto& [k, v] : config[table].items()) into[k] = v.get<std::string>();
    }
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one.
  void webhook(std::string_view /*headers*/, std::string_view body) { feed("webhook", body); }

  // An audits listing ({"audits": [...]}), one audit ({"audit": ...}), or a
  // JSON array of audits.
  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    if (doc.is_discarded()) throw std::runtime_error(std::string(file) + ": not JSON");
    if (doc.is_object() && doc.contains("satisfaction_ratings") && doc["satisfaction_ratings"].is_array()) {
      for (const auto& r : doc["satisfaction_ratings"]) listed_rating(file, r);
      return;
    }
    if (doc.is_object() && !is_ticket(doc) && doc.contains("satisfaction_rating") &&
        doc["satisfaction_rating"].is_object() && doc["satisfaction_rating"].contains("ticket_id"))
      return listed_rating(file, doc["satisfaction_rating"]);
    std::vector<json> audits;
    if (doc.is_array()) {
      audits.assign(doc.begin(), doc.end());
    } else if (doc.contains("audits") && doc["audits"].is_array()) {
      audits.assign(doc["audits"].begin(), doc["audits"].end());
    } else if (doc.contains("audit")) {
      audits.push_back(doc["audit"]);
      // GET /tickets/{id}/audits/{id} puts the ticket beside the audit.
      if (!audits.back().contains("ticket_id") && doc.contains("ticket"))
        audits.back()["ticket_id"] = doc["ticket"]["id"];
    } else if (is_ticket(doc) || (doc.contains("ticket") && is_ticket(doc["ticket"]))) {
      return snapshot(file, is_ticket(doc) ? doc : doc["ticket"]);
    } else if (doc.contains("intervals") || doc.contains("policy_metrics") || doc.contains("metric") ||
               doc.contains("reply_time_in_minutes")) {
      cx_.log(1, std::string(file) +
                     ": a Zendesk schedule, SLA policy or metric holds no ticket activity; "
                     "targets come from Vow contracts");
      return;
    } else {
      throw std::runtime_error(std::string(file) + ": not Zendesk ticket audits (no \"audits\")");
    }
    // Audits in time order, so that a ticket's requester is known before its comments.
    std::stable_sort(audits.begin(), audits.end(),
                     [](const json& a, const json& b) { return field(a, "created_at") < field(b, "created_at"); });
    for (const auto& a : audits) learn(a);
    for (const auto& a : audits) audit(file, a);
  }

  bool next_batch(std::string& ndjson) { return events_.next_batch(ndjson); }

 private:
  static bool is_ticket(const json& t) {
    return t.is_object() && t.contains("id") && t.contains("status") && t.contains("created_at") &&
           t.contains("requester_id");
  }

  // A ticket object alone: its opening, and its current status when that is
  // not open. Its history in between is in its audits, not here.
  void snapshot(std::string_view file, const json& t) {
    std::string ticket = field(t, "id"), org = field(t, "organization_id");
    std::string customer = customers_.count(org) ? customers_.at(org) : org.empty() ? "unknown" : org;
    emit({{"id", prefix_ + ":" + ticket + ":opened"},
          {"type", "ticket.opened"},
          {"at", field(t, "created_at")},
          {"ticket", ticket},
          {"customer", customer},
          {"priority", priority(field(t, "priority"))}});
    std::string st = status(file, field(t, "status"));
    if (st != "open") {
      std::string at = field(t, "updated_at");
      emit({{"id", prefix_ + ":" + ticket + ":status:" + at + ":" + st},
            {"type", "ticket.status_changed"},
            {"at", at},
            {"ticket", ticket},
            {"status", st}});
    }
  }

  // The requester and organization of each ticket, from its Create audit.
  void learn(const json& a) {
    std::string ticket = field(a, "ticket_id");
    for (const auto& e : a.value("events", json::array())) {
      if (field(e, "type") != "Create") continue;
      if (field(e, "field_name") == "requester_id") requester_[ticket] = field(e, "value");
      if (field(e, "field_name") == "organization_id") organization_[ticket] = field(e, "value");
    }
  }

  std::string priority(const std::string& zendesk) const {
    auto it = priorities_.find(zendesk);
    return it != priorities_.end() ? it->second : zendesk.empty() ? "none" : zendesk;
  }

  std::string status(std::string_view file, const std::string& zendesk) const {
    auto it = statuses_.find(zendesk);
    if (it == statuses_.end())
      throw std::runtime_error(std::string(file) + ": Zendesk status \"" + zendesk +
                               "\" has no Vow status; add it to the config's statuses table");
    return it->second;
  }

  void emit(json e) { events_.emit(e); }

  // Zendesk's CSAT is good or bad: 5 or 1 on Vow's scale, where 4 and 5
  // are good. `offered` and `unoffered` are no rating yet (0).
  static int score_of(const std::string& zendesk) { return zendesk == "good" ? 5 : zendesk == "bad" ? 1 : 0; }

  void rated(const std::string& id, const std::string& at, const std::string& ticket, int score,
             const std::string& comment) {
    if (score == 0) return;
    json e = {{"id", id}, {"type", "ticket.rated"}, {"at", at}, {"ticket", ticket}, {"score", score}};
    if (!comment.empty()) e["comment"] = comment;
    emit(e);
  }

  // One rating of the ratings listing: given at updated_at (a customer may
  // change it), else created_at; each change is an event of its own.
  void listed_rating(std::string_view file, const json& r) {
    std::string ticket = field(r, "ticket_id"), id = field(r, "id");
    std::string at = field(r, "updated_at").empty() ? field(r, "created_at") : field(r, "updated_at");
    if (ticket.empty() || id.empty() || at.empty())
      throw std::runtime_error(std::string(file) + ": a satisfaction rating without ticket_id, id or created_at");
    rated(prefix_ + ":" + ticket + ":rating:" + id + ":" + at, at, ticket, score_of(field(r, "score")),
          field(r, "comment"));
  }

  void audit(std::string_view file, const json& a) {
    std::string ticket = field(a, "ticket_id"), at = field(a, "created_at"), audit_id = field(a, "id");
    if (ticket.empty() || at.empty() || audit_id.empty())
      throw std::runtime_error(std::string(file) + ": an audit without ticket_id, id or created_at");
    const json events = a.value("events", json::array());
    bool creates =
        std::any_of(events.begin(), events.end(), [](const json& e) { return field(e, "type") == "Create"; });
    std::string base = prefix_ + ":" + ticket + ":audit:" + audit_id;
    if (creates) {
      std::string org = organization_.count(ticket) ? organization_.at(ticket) : "";
      std::string customer = customers_.count(org) ? customers_.at(org) : org.empty() ? "unknown" : org;
      std::string prio;
      for (const auto& e : events)
        if (field(e, "type") == "Create" && field(e, "field_name") == "priority") prio = field(e, "value");
      emit({{"id", prefix_ + ":" + ticket + ":opened"},
            {"type", "ticket.opened"},
            {"at", at},
            {"ticket", ticket},
            {"customer", customer},
            {"priority", priority(prio)}});
    }
    for (const auto& e : events) {
      std::string type = field(e, "type"), changed = field(e, "field_name"), id = base + ":" + field(e, "id");
      if (type == "Comment" && !creates) {  // the Create audit's comment is the ticket's description
        std::string author = field(e, "author_id");
        bool by_requester = requester_.count(ticket) && requester_.at(ticket) == author;
        emit({{"id", id},
              {"type", "ticket.replied"},
              {"at", at},
              {"ticket", ticket},
              {"author", by_requester ? "customer" : "agent"},
              {"public", e.value("public", true)}});
      } else if (type == "Change" && changed == "status") {
        emit({{"id", id},
              {"type", "ticket.status_changed"},
              {"at", at},
              {"ticket", ticket},
              {"status", status(file, field(e, "value"))}});
      } else if (type == "Change" && changed == "priority") {
        emit({{"id", id},
              {"type", "ticket.priority_changed"},
              {"at", at},
              {"ticket", ticket},
              {"priority", priority(field(e, "value"))}});
      } else if (type == "SatisfactionRating") {
        rated(id, at, ticket, score_of(field(e, "score")), field(e, "body"));
      } else if (type == "Create" && changed == "status" && !creates_status_open(file, field(e, "value"))) {
        emit({{"id", id},
              {"type", "ticket.status_changed"},
              {"at", at},
              {"ticket", ticket},
              {"status", status(file, field(e, "value"))}});
      }
    }
  }

  // A ticket starts open; a ticket created in another status says so.
  bool creates_status_open(std::string_view file, const std::string& zendesk) const {
    return status(file, zendesk) == "open";
  }

  vow::sdk::Context cx_;
  std::map<std::string, std::string> customers_;
  std::map<std::string, std::string> priorities_{{"urgent", "P1"}, {"high", "P2"}, {"normal", "P3"}, {"low", "P4"}};
  std::map<std::string, std::string> statuses_{{"new", "open"},      {"open", "open"},     {"pending", "pending"},
                                               {"hold", "on_hold"},  {"solved", "solved"}, {"closed", "closed"},
                                               {"deleted", "closed"}};
  std::map<std::string, std::string> requester_, organization_;
  std::string prefix_ = "zendesk";
  vow::connector::Events events_;
};

VOW_PLUGIN(Zendesk)
