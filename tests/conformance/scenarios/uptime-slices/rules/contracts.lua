-- slis.md (1.1), "Downtime from error rates". See WORKING.md.

-- GitHub's Online Services SLA: a minute is down when more than 5% of
-- requests fail in it, on top of the outages reported for Git.
contract "octo" {
  timezone = "UTC",
  uptime = { target = 99.9, services = { "git" }, sli = "git_requests", slice = "1m", max_error_rate = 5 },
}

-- Google Cloud's style: an hour is down above a 10% error rate with at
-- least 100 requests in it; no services, the indicator alone.
contract "gcp" {
  timezone = "UTC",
  uptime = { target = 99.75, sli = "api_requests", slice = "1h", max_error_rate = 10, min_total = 100 },
}

-- Hourly slices cut from New York's midnights: 2026-11-01 has 25 hours.
contract "nyc" {
  timezone = "America/New_York",
  uptime = { target = 99.5, sli = "sync", slice = "1h", max_error_rate = 1 },
}
