-- slis.md (1.1), "Availability as a ratio of events". See WORKING.md.

-- GitHub Actions: the share of executions that ran.
contract "actions" {
  timezone = "UTC",
  uptime = { target = 99.9, sli = "action_runs", method = "ratio" },
}

-- An indicator that saw no events all month.
contract "quiet" {
  timezone = "UTC",
  uptime = { target = 99.9, sli = "quiet_runs", method = "ratio" },
}

-- GitHub Packages: the mean of the daily error rates.
contract "packages" {
  timezone = "UTC",
  uptime = { target = 99, sli = "pkg", method = "ratio_timeslices", slice = "1d" },
  credit = schedule { { below = 99, percent = 10 } },
  monthly_fee = 1000,
}
