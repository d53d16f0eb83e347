-- terms.md (1.1), "Amendments with effective dates". See WORKING.md.
contract "acme" {
  clause = "MSA 2026",
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" } },
  response = { P1 = "1h" },
  resolution = { P1 = "8h" },
  credit = schedule { { below = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
  warn_at = { 0.5 },
  burn_alerts = {},
  amendments = {
    {
      from = "2026-11",
      clause = "Amendment 1, §2",
      uptime = { target = 99.95 },
      resolution = { P1 = "4h" },
      credit = schedule { { below = 99.95, percent = 10 }, { below = 99.0, percent = 25 } },
    },
    { from = "2027-01", response = { P1 = "30m" }, credit_cap = 5 },
  },
}
