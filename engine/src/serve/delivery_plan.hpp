// Which alert goes to which notifier sink now (docs/alerts.md, "Delivery"):
// a pure function of the alerts as of now, the routes, and the deliveries
// the ledger records, so that a restart neither drops nor repeats one.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vow/config.hpp"
#include "vow/report.hpp"

namespace vow {

using Route = ServeRoute;

using DeliveryRecord = AlertDeliveryRecord;

struct PlannedDelivery {
  Alert alert;
  std::string sink;
  bool retraction = false;
  bool late = false;
  Millis late_by = 0;  // known_at - alert.at, when late
  // 1; 2 for an alert raised again at a sink that had it and its
  // retraction, ...; a retraction carries the occurrence it withdraws.
  int occurrence = 1;
};

struct DeliveryInputs {
  const AlertsReport* alerts = nullptr;  // existing and retracted, as of now
  const std::vector<Route>* routes = nullptr;
  const std::map<std::string, std::string>* tiers = nullptr;  // customer -> tier; a customer without one is absent
  const std::vector<DeliveryRecord>* done = nullptr;
  Instant known_at = 0;  // when these alerts are first known: now
  // An alert whose `at` lies further back than this when it is first known
  // is late (a late event); evaluation runs every second, so closer than a
  // minute is on time (docs/adr/0033).
  Millis late_after = 60'000;
};

bool route_matches(const Route& route, const Alert& alert, const std::optional<std::string>& tier);

// Every delivery still owed: each existing alert to each sink of each route
// it matches, unless that sink shows it (it has more deliveries of it
// recorded than retractions); each retracted alert's retraction to each
// sink that shows it. In the order of the alerts (by at, then id), then of the
// sinks as the routes name them, each pair once.
std::vector<PlannedDelivery> plan_deliveries(const DeliveryInputs& in);

}  // namespace vow
