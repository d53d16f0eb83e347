-- terms.md (1.1), "Several uptime terms in one contract". See WORKING.md.

-- One credit for two service features, each paying its share of the fee.
contract "feat" {
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = {
    { name = "API", target = 99.9, services = { "api" }, fee_share = 0.6, clause = "§2.1" },
    { name = "Dashboard", target = 99.5, services = { "dashboard" }, fee_share = 0.4 },
  },
  credit = schedule { term = "*", { at_most = 99.9, percent = 10 }, { below = 99.0, percent = 25 } },
  burn_alerts = {},
}

-- The tier's terms, overridden by name, and one of the contract's own.
tier "ent" {
  uptime = {
    { name = "API", target = 99.9, services = { "api" } },
    { name = "Web", target = 99.5, services = { "web" } },
  },
}

contract "merged" {
  tier = "ent",
  timezone = "UTC",
  monthly_fee = 600,
  uptime = {
    { name = "Status", target = 99.0, services = { "status" } },
    { name = "Web", target = 99.0 },
  },
  credit = schedule { term = "Web", { below = 99.8, percent = 10 } },
  burn_alerts = {},
}

-- A formula reads each term by name.
contract "formula" {
  timezone = "UTC",
  monthly_fee = 100,
  uptime = {
    { name = "API", target = 99.9, services = { "api" } },
    { name = "Dashboard", target = 99.5, services = { "dashboard" } },
  },
  credit = function(m)
    if not m.uptimes["Dashboard"].met then return { percent = 20 } end
    return 0
  end,
  burn_alerts = {},
}
