-- slis.md (1.1), "Scheduled jobs". See WORKING.md.
calendar "jakarta-office" {
  timezone = "Asia/Jakarta",
  hours = { weekdays = "09:00-17:00" },
  holidays = { "2026-11-10" },
}

contract "acme" {
  timezone = "UTC",
  calendar = "jakarta-office",
  compliance_target = 0.9,
  monthly_fee = 1000,
  -- 5% of the fee for each late refresh (m.jobs, slis.md).
  credit = function(m)
    return { percent = 5 * m.jobs.refresh.breached, note = "late refreshes" }
  end,
  jobs = {
    refresh = { due = "06:00", days = "weekdays", timezone = "Asia/Jakarta", from = "2026-11-02", clause = "§3" },
  },
}

contract "globex" {
  timezone = "UTC",
  compliance_target = 0.9,
  jobs = {
    export = { due = "02:30", days = { "sun" }, timezone = "Europe/Berlin", from = "2026-03-01" },
  },
}
