-- terms.md (1.1), "Clause references". See WORKING.md.
tier "ent" {
  clause = "Enterprise SLA v3",
  response = { P1 = "1h", clause = "§3.1" },
}

contract "acme" {
  tier = "ent",
  clause = "Acme MSA, Schedule B",
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" }, clause = "§2.1" },
  resolution = { P1 = { target = "8h", clause = "§3.2" }, P2 = "24h" },
  credit = schedule { clause = "§4", { below = 99.9, percent = 10 } },
  burn_alerts = {},
}

contract "beta" {
  tier = "ent",
  timezone = "UTC",
  monthly_fee = 100,
  credit = function(m) return 0 end,
}
