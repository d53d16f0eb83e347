-- GitHub's Enterprise Service Level Agreement (for customers who licensed
-- before 2021-01-04): 99.9% uptime per calendar quarter for each Service
-- Feature whose uptime is counted in minutes. Each feature is its own
-- contract, since the SLA measures and credits each one on its own.
-- (Actions and Packages count executions and storage errors, which a status
-- page cannot tell, so they are left out.)
--
-- The services are the Statuspage components' names, mapped in vow.toml.
-- Any minute of a partial outage counts: the SLA's Downtime is any minute
-- with more than 5% errors, which a partial outage is.
-- No credit formula: the SLA's credits (10% of a quarter's fee at or below
-- 99.9%, 25% below 99.0%) are per calendar quarter, and vow's credits are
-- per month. Read the quarter's uptime from `vow report --period YYYY-Qn`.
tier "github-enterprise" {}

-- One contract per Service Feature: id, name, the service its component maps to.
local function feature(id, name, service)
  contract(id) {
    name = name, tier = "github-enterprise", monthly_fee = 1000,
    uptime = { target = 99.9, services = { service }, partial_weight = 1.0 },
  }
end

feature("github-issues", "Issues", "issues")
feature("github-pull-requests", "Pull Requests", "pull_requests")
feature("github-git", "Git Operations", "git")
feature("github-api", "API Requests (for Service Features only)", "api")
feature("github-webhooks", "Webhooks", "webhooks")
feature("github-pages", "Pages", "pages")
