calendar "us-business" {
  timezone = "America/New_York",
  hours = { weekdays = "09:00-18:00", fri = "09:00-15:00" },
  holidays = { "2026-10-12", "2026-11-26" },
}

calendar "eu-business" {
  timezone = "Europe/Berlin",
  hours = { weekdays = { "08:00-12:00", "13:00-17:00" } },
  holidays = { "2026-10-26" },
}

calendar "apac-business" {
  timezone = "Australia/Sydney",
  hours = { weekdays = "08:30-17:30", sat = "09:00-12:00" },
  holidays = { "2026-10-05" },
}

calendar "extended" {
  hours = { daily = "06:00-22:00" },
  timezone = "UTC",
}

contract "c000" {
  name = "Customer 0",
  tier = "standard",
  monthly_fee = 4000,
  response = { P1 = "30m" },
  pause_on = { "pending" },
}

contract "c001" {
  name = "Customer 1",
  tier = "standard",
  timezone = "Europe/Berlin",
  monthly_fee = 1500,
}

contract "c002" {
  name = "Customer 2",
  tier = "midmarket",
  timezone = "Asia/Tokyo",
  acv = 24000,
  uptime = { target = 99.95 },
}

contract "c003" {
  name = "Customer 3",
  tier = "standard",
  acv = 120000,
}

contract "c004" {
  name = "Customer 4",
  tier = "midmarket",
  timezone = "Australia/Sydney",
  acv = 60000,
  pause_on = { "pending" },
  compliance_target = 0.8,
}

contract "c005" {
  name = "Customer 5",
  tier = "enterprise",
  timezone = "Europe/Berlin",
  monthly_fee = 2500,
}

tier "enterprise" {
  uptime = { target = 99.9, services = { "api", "dashboard" } },
  response = { P1 = hours(1), P2 = hours(4), P3 = { target = hours(8), calendar = "us-business" } },
  resolution = { P1 = hours(24), P2 = hours(72) },
  credit = schedule { { below = 99.9, percent = 10 }, { below = 99.0, percent = 25 }, { below = 95.0, percent = 100 } },
  credit_cap = 50,
}

tier "midmarket" {
  uptime = { target = 99.5, services = { "api" }, partial_weight = 0.5, maintenance_notice = days(3), min_outage = "1m", exclude = function(o) return o.cause == "customer" end },
  response = { P1 = hours(4), P2 = { target = hours(8), calendar = "eu-business" }, P3 = { target = hours(24), calendar = "eu-business" } },
  resolution = { P1 = hours(48) },
  credit = function(m)
    if m.uptime.percent < 99.0 then return { percent = 20 } end
    if not m.uptime.met then return { percent = 5 } end
    return 0
  end,
  credit_cap = 25,
}

tier "standard" {
  response = { P2 = { target = hours(24), calendar = "extended" }, P3 = { target = hours(48), calendar = "extended" } },
  credit = function(m)
    local n = 0
    for _, r in pairs(m.response) do n = n + r.breached end
    return { amount = n * 150, note = n .. " late first responses" }
  end,
  credit_cap = 10,
}

