-- alerts.md, "Burn-rate rules", with terms.md (1.1) amendments: a burn the
-- amended terms see going on where they take effect. See WORKING.md.
contract "acme" {
  name = "Acme",
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99, services = { "api" }, partial_weight = 0.1 },
  burn_alerts = { { long = "1h", short = "5m", factor = 14.4, severity = "page" } },
  amendments = { { from = "2026-11", clause = "Amendment 1", uptime = { target = 99.9 } } },
}

contract "same" {
  name = "Same Terms",
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" }, partial_weight = 0.1 },
  burn_alerts = { { long = "1h", short = "5m", factor = 14.4, severity = "page" } },
  amendments = { { from = "2026-11", clause = "Amendment 1", uptime = { target = 99.9 } } },
}
