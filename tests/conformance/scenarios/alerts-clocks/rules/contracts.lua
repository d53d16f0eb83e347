calendar "ny" { timezone = "America/New_York", hours = { weekdays = "09:00-18:00" } }

contract "acme" {
  name = "Acme Corp",
  monthly_fee = 1000,
  warn_at = { 0.5, 0.8, 0.9 },
  response = { P1 = hours(1), P2 = hours(4), P3 = { target = hours(8), calendar = "ny" } },
  resolution = { P1 = hours(2) },
  escalate = { P1 = { { after = "0m", to = "support-manager" }, { after = "2h", to = "engineering-lead" } } },
}
