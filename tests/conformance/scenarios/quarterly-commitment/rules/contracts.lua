-- terms.md (1.1), "Commitment per quarter". See WORKING.md.
local credits = schedule { { at_most = 99.9, percent = 10 }, { below = 99.0, percent = 25 } }

-- Quarterly, in New York: the fourth quarter crosses the end of daylight time.
contract "gh" {
  commitment = "quarter",
  timezone = "America/New_York",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" } },
  credit = credits,
  burn_alerts = {}, -- only the period's alerts, for the check below
}

-- Quarterly, with an invoice for the whole quarter.
contract "qi" {
  commitment = "quarter",
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "db" } },
  credit = credits,
}

-- Monthly, as in version 1.
contract "mo" {
  timezone = "UTC",
  monthly_fee = 500,
  uptime = { target = 99.9, services = { "web" } },
  credit = credits,
}
