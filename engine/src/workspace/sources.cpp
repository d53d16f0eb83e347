// Events in: ingest, import (a source plugin over files) and pull (every
// source plugin once), each source stored whole or not at all (ADR 1).
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "ledger/ledger.hpp"
#include "vow/workspace.hpp"
#include "workspace/files.hpp"
#include "workspace/impl.hpp"

namespace vow {
namespace {

// With skip_invalid, a source's rejections are appended to the reject file
// whole before its good lines are committed, so none is lost.
void write_rejects(const std::filesystem::path& file, const std::vector<Rejection>& rs) {
  if (rs.empty()) return;
  std::string text;
  for (const auto& r : rs) {
    nlohmann::json line{{"source", r.source}, {"line", r.line}, {"reason", r.reason}, {"text", r.text}};
    text += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  append_whole(file.string(), text, "the reject file " + file.string());
}

IngestOutcome outcome_of(IngestResult&& r) {
  IngestOutcome o;
  o.source = std::move(r.source);
  o.fresh = r.fresh;
  o.fresh_by_type = std::move(r.fresh_by_type);
  o.duplicate = r.duplicate;
  o.superseded = r.superseded;
  o.stored = r.stored;
  o.unchecked = r.unchecked;
  o.rejected.reserve(r.rejected.size());
  for (auto& x : r.rejected)
    o.rejected.push_back(
        {std::move(x.source), x.line, std::move(x.reason), std::move(x.text), std::move(x.problems), x.conflict});
  o.warnings = std::move(r.warnings);
  o.more_warnings = r.more_warnings;
  return o;
}

// The lines of `batch` as for_each_line counts them.
size_t lines_in(std::string_view batch) {
  return static_cast<size_t>(std::count(batch.begin(), batch.end(), '\n')) +
         (!batch.empty() && batch.back() != '\n' ? 1 : 0);
}

// Everything a source has to give, as one NDJSON text, with the input line
// behind each of its lines when the plugin says (ABI 1.1 batch_origin).
SourceOutput drain(PluginProcess& p, const std::string& name) {
  SourceOutput out{"plugin " + name, {}, name, p.strict(), {}, {}};
  std::string file;
  std::vector<uint32_t> lines;
  size_t before = 0;  // lines of `ndjson` before this batch
  for (bool more = true; more;) {
    size_t at = out.ndjson.size();
    more = p.next_batch(out.ndjson);
    size_t n = lines_in(std::string_view(out.ndjson).substr(at));
    if (n > 0 && p.origin(file, lines)) {
      auto known = std::find(out.inputs.begin(), out.inputs.end(), file);
      if (known == out.inputs.end()) known = out.inputs.insert(out.inputs.end(), file);
      auto index = static_cast<uint32_t>(known - out.inputs.begin() + 1);
      out.origins.resize(before + n);
      for (size_t i = 0; i < n && i < lines.size(); ++i) out.origins[before + i] = {index, lines[i]};
    }
    before += n;
    if (!out.ndjson.empty() && out.ndjson.back() != '\n') out.ndjson += '\n';
  }
  return out;
}

}  // namespace

IngestOutcome Workspace::ingest(const std::string& source, std::string_view ndjson, const IngestSettings& settings) {
  IngestOptions opts;
  opts.checkpoint = !impl_->checkpoint_apart;
  opts.sync = !impl_->sync_apart;
  opts.skip_invalid = settings.skip_invalid;
  opts.supersede = settings.supersede;
  opts.strict = settings.strict;
  if (settings.progress) opts.progress = [&](size_t lines) { settings.progress(source, lines); };
  opts.progress_every = settings.progress_every;
  opts.before_commit = [&settings](const std::vector<Rejection>& rs) { write_rejects(settings.reject_file, rs); };
  bool following = impl_->following();
  opts.keep_fresh = following;
  IngestResult r = impl_->ledger().ingest(source, ndjson, opts);
  if (!opts.sync) {
    std::lock_guard lock(impl_->wal_sync_m);
    if (!impl_->wal_sync) impl_->wal_sync = std::make_unique<WalSync>(impl_->ledger().wal_path());
  }
  // One that began before follow() was first called kept none: read back.
  if (r.stored && r.fresh + r.superseded > 0)
    impl_->hand_over(std::move(r.fresh_events), following && r.superseded == 0);
  return outcome_of(std::move(r));
}

SourceOutput Workspace::import(const std::string& plugin, const std::vector<std::string>& files) {
  auto p = impl_->plugin(impl_->plugin_named(plugin));
  if (!p->is_source()) throw Error(Exit::Usage, p->where() + ": is not a SOURCE; it cannot import");
  if (files.empty())
    throw Error(Exit::Usage, {field("import", "import"), " " + plugin + ": name the exported files to read"});
  for (const auto& file : files) p->feed(file, read_input(file));
  return drain(*p, plugin);
}

SourceOutput Workspace::hook(const std::string& plugin, const WebhookRequest& request) {
  auto p = impl_->plugin(impl_->plugin_named(plugin));
  if (!p->is_source()) throw Error(Exit::Usage, p->where() + ": is not a SOURCE; it takes no webhooks");
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers[lower] = value;
  }
  if (!headers.contains("x-vow-received-at")) headers["x-vow-received-at"] = format_instant(request.received);
  // A header that is not UTF-8 reaches the plugin mended, not as an exception.
  p->webhook(headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), request.body);
  return drain(*p, plugin);
}

IngestOutcome Workspace::ingest(const SourceOutput& output, const IngestSettings& settings) {
  IngestSettings s = settings;
  s.strict = settings.strict || output.strict;
  IngestOutcome o = ingest(output.source, output.ndjson, s);
  for (auto& r : o.rejected)
    for (auto& d : r.problems) d = output.at_input(std::move(d));
  for (auto& d : o.warnings) d = output.at_input(std::move(d));
  return o;
}

Diagnostic SourceOutput::at_input(Diagnostic d) const {
  if (d.line <= 0 || static_cast<size_t>(d.line) > origins.size()) return d;
  InputLine in = origins[static_cast<size_t>(d.line) - 1];
  if (in.file == 0 || in.line == 0 || in.file > inputs.size()) return d;
  // The column is the event's, not the input's: it goes in the message.
  d.message += " [plugin " + plugin + (d.column > 0 ? ", event column " + std::to_string(d.column) : "") + "]";
  d.file = inputs[in.file - 1];
  d.line = static_cast<int>(in.line);
  d.column = 0;
  return d;
}

std::vector<CheckedLine> Workspace::validate(std::string_view ndjson, bool strict) {
  EventDecoder decoder;
  Event ev;
  std::vector<CheckedLine> out;
  std::vector<LineProblem> problems;
  for_each_line(ndjson, [&](size_t line_no, std::string_view line) {
    CheckedLine c{line_no, line, false, {}, {}};
    problems.clear();
    c.valid = decoder.decode(line, ev, problems) && !(strict && !problems.empty());
    for (const auto& p : problems) {
      c.problems.push_back({"", static_cast<int>(line_no), said(p, strict), p.column, p.field, p.excerpt,
                            p.warning && !strict ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error});
      if (p.warning && !strict) continue;
      if (!c.reason.empty()) c.reason += "; ";
      c.reason += said(p, strict);
    }
    out.push_back(std::move(c));
  });
  return out;
}

int Workspace::pull(const IngestSettings& settings, const std::function<void(const PullStep&)>& each) {
  int sources = 0;
  for (const auto& p : impl_->config.plugins) {
    PullStep step{p.name, {}, {}};
    try {
      auto plugin = impl_->plugin(p);
      if (!plugin->is_source()) continue;
      ++sources;
      step.outcome = ingest(drain(*plugin, p.name), settings);
    } catch (const Error& e) {
      step.error = e;
    }
    if (each) each(step);
  }
  return sources;
}

}  // namespace vow
