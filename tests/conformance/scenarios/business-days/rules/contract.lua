-- terms.md (1.1), "Business days". See WORKING.md.
calendar "support" {
  timezone = "America/New_York",
  hours = { weekdays = "09:00-18:00" },
  holidays = { "2026-11-26" },
}

contract "acme" {
  timezone = "America/New_York",
  calendar = "support",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" } },
  response = {
    P1 = next_business_day(),
    P2 = business_days(2),
    P3 = business_days(1, "24x7"),
  },
  communications = { initial = minutes(15), postmortem = business_days(5) },
  burn_alerts = {},
}
