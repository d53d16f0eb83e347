// job.late (alerts.md, slis.md): a scheduled job's run not achieved by its
// due instant. Its condition is strict: the alert exists once as_of is past
// `due`, and its `at` is `due`.
#pragma once

#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// Appends every job.late alert of `c` existing as of `as_of`, each run
// under the terms in force in the month of its due instant.
void job_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out);

// The instant after which a job.late of `c` may first appear with no event
// added (kNever: none is coming): ADR 0039's `quiet_until` for jobs.
Instant jobs_quiet_until(const Contract& c, Instant as_of, const Facts& f);

}  // namespace vow
