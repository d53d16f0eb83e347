-- Business hours of the support team, New York, with US federal holidays
-- (2026; observed dates).
calendar "ny-business" {
  timezone = "America/New_York",
  hours = { weekdays = "09:00-18:00" },
  holidays = {
    "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
    "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
  },
}
