-- GitHub's Enterprise Service Level Agreement, for customers who licensed
-- the products before 2021-01-04 (github/site-policy, CC0), as one
-- contract: every clause is mapped to a field in docs/contracts.md, "From
-- a signed SLA to a contract file", which also lists the clauses Vow does
-- not compute.
--
-- The services are the Statuspage components, mapped in vow.toml.
local sla = "GitHub Enterprise SLA (pre-2021)"

-- "The Uptime calculation for each Service Feature": one uptime term each.
-- A partial outage counts in full: the SLA's Downtime is any minute whose
-- error rate exceeds 5%, and GitHub marks such minutes partial or major.
local function feature(name, service)
  return {
    name = name,
    target = 99.9,
    services = { service },
    partial_weight = 1.0,
    clause = sla .. ", Uptime Guarantee: " .. name,
  }
end

contract "github" {
  name = "GitHub Enterprise Cloud",
  clause = sla,
  timezone = "UTC",
  -- "Uptime is the percentage of total possible minutes ... in a given
  -- calendar quarter"; credits are "for a Service Feature in a calendar
  -- quarter".
  commitment = "quarter",
  -- What this customer pays: an example figure (21 seats at 100 USD).
  monthly_fee = 2100,
  uptime = {
    feature("Issues", "issues"),
    feature("Pull Requests", "pull_requests"),
    feature("Git Operations", "git"),
    feature("API Requests", "api"),
    feature("Webhooks", "webhooks"),
    feature("Pages", "pages"),
  },
  -- "10% of the amount Customer paid for a Service Feature in a calendar
  -- quarter where the Uptime for that Service Feature was less than or
  -- equal to 99.9%, but greater than 99.0%", "25% ... less than 99.0%":
  -- per feature, each feature an equal share of the fee.
  credit = schedule {
    term = "*",
    clause = sla .. ", Service Credits Calculation",
    { at_most = 99.9, percent = 10 },
    { below = 99.0, percent = 25 },
  },
  -- "limited to a maximum of ninety (90) days of paid service per calendar quarter"
  credit_cap_days = 90,
  -- Not computed, said here so that the report carries it.
  note = "Actions and Packages (counted in executions and storage errors) are not measured here. "
    .. "Exclusions (the customer's acts, force majeure) are decided by a person: exclude the outage. "
    .. "Credits must be claimed within 30 days of the quarter's end; Vow offers them before.",
}
