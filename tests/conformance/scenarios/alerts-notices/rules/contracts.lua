contract "acme" {
  name = "Acme Corp",
  monthly_fee = 1000,
  communications = { initial = minutes(15), update_every = minutes(30), postmortem = days(3) },
  response = { P1 = hours(1) },
  compliance_target = 0.75,
  warn_at = {},
}

contract "beta" {
  name = "Beta Ltd",
  monthly_fee = 1000,
  communications = { initial = minutes(15) },
}
