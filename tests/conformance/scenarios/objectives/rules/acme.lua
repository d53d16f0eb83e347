-- slis.md (1.1), "Objectives beside uptime". See WORKING.md.
contract "acme" {
  timezone = "UTC",
  objectives = {
    { name = "Page load under 3 s", sli = "page_load_3s", target = 95, clause = "§4" },
    { name = "Sync lag under 5 min", sli = "sync_lag", target = 99, method = "timeslices", slice = "1h",
      max_error_rate = 0 },
    { name = "Packages", sli = "packages", target = 99.5, method = "ratio_timeslices", slice = "1d" },
  },
}
