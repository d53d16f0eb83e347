contract "acme" {
  name = "Acme Corp",
  monthly_fee = 1000,
  timezone = "America/New_York",
  uptime = { target = 99.9, services = { "api", "web" }, partial_weight = 0.5, min_outage = "2m" },
  budget_warn = 0.5,
  burn_alerts = { { long = "1h", short = "10m", factor = 10, severity = "page" } },
}

contract "beta" {
  monthly_fee = 1000,
  uptime = { target = 99.95, services = { "api" } },
  burn_alerts = {},
}
