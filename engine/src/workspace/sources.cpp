// Events in: ingest, import (a source plugin over files) and pull (every
// source plugin once), each source stored whole or not at all (ADR 1).
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
  o.duplicate = r.duplicate;
  o.superseded = r.superseded;
  o.stored = r.stored;
  o.unchecked = r.unchecked;
  o.rejected.reserve(r.rejected.size());
  for (auto& x : r.rejected)
    o.rejected.push_back({std::move(x.source), x.line, std::move(x.reason), std::move(x.text), x.conflict});
  return o;
}

// Everything a source has to give, as one NDJSON text.
std::string drain(PluginProcess& p) {
  std::string out;
  while (p.next_batch(out)) {
    if (!out.empty() && out.back() != '\n') out += '\n';
  }
  return out;
}

}  // namespace

IngestOutcome Workspace::ingest(const std::string& source, std::string_view ndjson, const IngestSettings& settings) {
  IngestOptions opts;
  opts.skip_invalid = settings.skip_invalid;
  opts.supersede = settings.supersede;
  if (settings.progress) opts.progress = [&](size_t lines) { settings.progress(source, lines); };
  opts.progress_every = settings.progress_every;
  opts.before_commit = [&settings](const std::vector<Rejection>& rs) { write_rejects(settings.reject_file, rs); };
  return outcome_of(impl_->ledger().ingest(source, ndjson, opts));
}

SourceOutput Workspace::import(const std::string& plugin, const std::vector<std::string>& files) {
  auto p = impl_->plugin(impl_->plugin_named(plugin));
  if (!p->is_source()) throw Error(Exit::Usage, p->where() + ": is not a SOURCE; it cannot import");
  if (files.empty())
    throw Error(Exit::Usage, {field("import", "import"), " " + plugin + ": name the exported files to read"});
  for (const auto& file : files) p->feed(file, read_input(file));
  return {"plugin " + plugin, drain(*p)};
}

std::vector<CheckedLine> Workspace::validate(std::string_view ndjson) {
  EventDecoder decoder;
  Event ev;
  std::vector<CheckedLine> out;
  for_each_line(ndjson, [&](size_t line_no, std::string_view line) {
    CheckedLine c{line_no, line, false, {}};
    c.valid = decoder.decode(line, ev, c.reason);
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
      step.outcome = ingest("plugin " + p.name, drain(*plugin), settings);
    } catch (const Error& e) {
      step.error = e;
    }
    if (each) each(step);
  }
  return sources;
}

}  // namespace vow
