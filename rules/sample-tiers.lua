-- Sample tiers and the business calendar they use; the example portfolio
-- (examples/portfolio) runs on them. Copy and adapt.

-- Business hours of the support team, New York, with US federal holidays
-- (2026; observed dates).
calendar "ny-business" {
  timezone = "America/New_York",
  hours = { weekdays = "09:00-18:00" },
  holidays = {
    "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
    "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
  },
}
-- Support priorities, P0 to P3, differ by tier: see each tier's response
-- and resolution tables.

tier "enterprise" {
  timezone = "America/New_York",
  -- Where each term stands in the signed agreement: reports and drafts quote it.
  clause = "Enterprise SLA",
  uptime = {
    target = 99.9, services = { "api", "dashboard" }, partial_weight = 0.5, min_outage = "1m",
    clause = "Enterprise SLA §2 (Availability)",
  },
  response = { P0 = minutes(15), P1 = hours(4), P2 = hours(24), P3 = hours(24), clause = "Enterprise SLA §3.1" },
  resolution = { P0 = hours(4), P1 = hours(24), P2 = hours(48), P3 = days(7), clause = "Enterprise SLA §3.2" },
  communications = {
    initial = minutes(15), update_every = minutes(30), postmortem = days(5), clause = "Enterprise SLA §5",
  },
  -- Below 99.5%: 5% of the monthly fee, plus 5% for each full percentage
  -- point below 99.5% (99.4% pays 5%, 98.5% and 98.4% pay 10%), capped at 25%.
  credit = function(m)
    if m.uptime.percent >= 99.5 then return 0 end
    local points = math.floor(99.5 - m.uptime.percent) + 1
    return { percent = 5 * points, note = string.format("%.3f%% uptime", m.uptime.percent) }
  end,
  credit_cap = 25,
}

tier "mid-market" {
  timezone = "America/New_York",
  calendar = "ny-business",
  uptime = { target = 99.5, services = { "api" }, maintenance_notice = days(3) },
  response = { P0 = hours(1), P1 = hours(4), P2 = hours(24) },
  resolution = { P0 = hours(24), P1 = hours(48) },
  -- An AWS-style threshold table.
  credit = schedule {
    { below = 99.5, percent = 10 },
    { below = 99.0, percent = 25 },
    { below = 95.0, percent = 100 },
  },
  credit_cap = 100,
}

tier "standard" {
  calendar = "ny-business",
  response = { P1 = hours(24), P2 = hours(24), P3 = days(2) },
  pause_on = { "pending", "on_hold" },
}
