-- terms.md (1.1), "Exceptions and suspensions". See WORKING.md.
contract "acme" {
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" } },
  response = { P1 = "1h" },
  credit = schedule { { below = 99.9, percent = 10 } },
  warn_at = {},
  burn_alerts = {},
}
