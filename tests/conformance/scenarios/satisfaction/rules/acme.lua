-- terms.md (1.1), "Satisfaction beside compliance". See WORKING.md.
contract "acme" {
  timezone = "UTC",
  response = { P1 = "1h", P2 = "4h" },
  resolution = { P1 = "8h", P2 = "24h" },
}
