// A source connector's payload parser on arbitrary bytes, through the C ABI
// the host uses: create, feed one file, drain next_batch, destroy. Built once
// per connector, with that connector's source compiled into the target.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "vow/plugin.h"

extern "C" const vow_plugin_api* vow_plugin_entry();

namespace {

// The configs the integration tests give each connector, so that the ids in
// the real payloads map to customers and services and the parser goes past
// its lookups.
const char* config_for(std::string_view name) {
  if (name == "monitoring_alertmanager") return R"({"service_label":"svc","customers_label":"tenants"})";
  if (name == "monitoring_grafana") return R"({"service_label":"zone"})";
  if (name == "monitoring_uptimerobot") return R"({"services":{"ZUTesting":"api"}})";
  if (name == "monitoring_pagerduty") return R"({"services":{"PA2P440":"api"}})";
  if (name == "ticketing_zendesk") return R"({"customers":{"6130869157658":"acme"}})";
  if (name == "ticketing_freshdesk") return R"({"priorities":{"1":"P4","3":"P2"}})";
  if (name == "billing_stripe") return R"({"customers":{"cus_QXg1o8vcGmoR32":"acme"}})";
  // The good and total responses of one indicator, both fed (see kSplit).
  if (name == "monitoring_prometheus")
    return R"({"customers":{"tenant-7":"acme"},"indicators":[{"sli":"api","step":"1m",)"
           R"("good_file":"/proc/self/exe","total_file":"/fuzz/total.json"}]})";
  if (name == "jobs_log") return R"({"jobs":{"dag_refresh":"refresh"},"customers":{"t7":"acme"}})";
  return "{}";
}

// Prometheus windows pair two responses: an input holding a form feed is
// the good response before it and the total after it; any other input is
// fed as both, so that each reaches the pairing of samples.
constexpr char kSplit = '\f';

void quiet(void*, int, const char*) {}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const vow_plugin_api* api = vow_plugin_entry();
  const char* config = config_for(api->name);
  vow_host host{sizeof(vow_host), nullptr, &quiet, "/"};
  int32_t rc = VOW_ERROR;
  vow_plugin_state* state = api->create(config, std::strlen(config), &host, &rc);
  if (!state || rc != VOW_OK) std::abort();  // the config above is valid
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (std::string_view(api->name) == "monitoring_prometheus") {
    auto split = input.find(kSplit);
    std::string_view total = split == std::string_view::npos ? input : input.substr(split + 1);
    if (split != std::string_view::npos) input = input.substr(0, split);
    // Refused or not, the good response is read too.
    api->feed(state, "/fuzz/total.json", total.data(), total.size());
  }
  // A file that exists: payloads without a time of their own take its mtime.
  if (api->feed(state, "/proc/self/exe", input.data(), input.size()) == VOW_OK) {
    vow_bytes out{};
    while (api->next_batch(state, &out) == VOW_OK) {
    }
  }
  // Never NULL, by the ABI, after any call.
  if (!api->last_error(state)) std::abort();
  api->destroy(state);
  return 0;
}
