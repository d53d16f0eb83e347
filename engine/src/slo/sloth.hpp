// Sloth documents: `version: prometheus/v1` files and the same SLOs in
// Sloth's Kubernetes resource (sloth.slok.dev/v1 PrometheusServiceLevel).
// Sloth gives no window (it measures 30 rolling days unless told), so its
// SLOs are imported as calendar months, with a warning.
#pragma once

#include <vector>

#include "slo/documents.hpp"
#include "slo/model.hpp"

namespace vow::slo {

// True when something was imported.
bool convert_sloth(const Document& doc, bool kubernetes, ImportResult& out, std::vector<Objective>& objectives);

}  // namespace vow::slo
