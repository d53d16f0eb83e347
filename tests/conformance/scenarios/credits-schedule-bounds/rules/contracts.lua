-- terms.md (1.1), "Schedule rows that include their bound". See WORKING.md.
contract "exact" {
  monthly_fee = 1000,
  timezone = "UTC",
  uptime = { target = 99.9, services = { "api" } },
  credit = schedule { { at_most = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
}

contract "strict" {
  monthly_fee = 1000,
  timezone = "UTC",
  uptime = { target = 99.9, services = { "api" } },
  credit = schedule { { below = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
}

contract "worse" {
  monthly_fee = 1000,
  timezone = "UTC",
  uptime = { target = 99.9, services = { "web" } },
  credit = schedule { { at_most = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
}

contract "edge99" {
  monthly_fee = 1000,
  timezone = "UTC",
  uptime = { target = 99.9, services = { "db" } },
  credit = schedule { { at_most = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
}

contract "capped" {
  monthly_fee = 1000,
  timezone = "UTC",
  uptime = { target = 99.9, services = { "web" } },
  credit_cap_days = 3,
  credit = schedule { { at_most = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
}
