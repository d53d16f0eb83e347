-- terms.md (1.1), "Clocks for every reply and for regular updates". See WORKING.md.
contract "acme" {
  timezone = "UTC",
  monthly_fee = 1000,
  next_reply = { P1 = hours(2) },
  update_every = { P1 = hours(4) },
  -- 1% of the fee per late reply or update, to show formulas see both.
  credit = function(m) return { percent = m.next_reply.P1.breached + m.update.P1.breached } end,
  burn_alerts = {},
}
