// A notifier SINK: each alert as an e-mail message (RFC 5322, one .eml file
// each) in an outbox folder, for the team's mail system to send (a cron job
// with sendmail, an MTA's pickup folder) or a person to open.
//
// Config:
//   outbox  the folder (required; relative to the vow.toml's folder)
//   from    "Vow <vow@example.com>" (required)
//   to      a list of addresses, or one (required)
//
// One file per alert id (and one more for its retraction), written whole
// (a temporary file renamed into place) and synced: delivering the same
// alert again finds its file and writes nothing.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "alert_text.hpp"
#include "connector.hpp"

namespace {

namespace fs = std::filesystem;

// An id as a file name and a Message-ID's left part: letters, digits, '.',
// '-' and '_' kept, every other byte as '_' and its hex, so two ids never
// share a file.
std::string safe(const std::string& id) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
      out += static_cast<char>(c);
    else
      out += {'_', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

// A header value with anything but printable ASCII as an RFC 2047 encoded
// word; line breaks never reach a header.
std::string header_text(const std::string& text) {
  bool plain = true;
  for (unsigned char c : text) plain = plain && c >= 0x20 && c < 0x7f;
  if (plain) return text;
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string flat;
  for (char c : text) flat += c == '\r' || c == '\n' ? ' ' : c;
  std::string out = "=?UTF-8?B?";
  for (size_t i = 0; i < flat.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(flat[i]) << 16;
    if (i + 1 < flat.size()) v |= static_cast<unsigned char>(flat[i + 1]) << 8;
    if (i + 2 < flat.size()) v |= static_cast<unsigned char>(flat[i + 2]);
    out += b64[v >> 18 & 63];
    out += b64[v >> 12 & 63];
    out += i + 1 < flat.size() ? b64[v >> 6 & 63] : '=';
    out += i + 2 < flat.size() ? b64[v & 63] : '=';
  }
  return out + "?=";
}

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string rfc5322_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

void write_synced(const fs::path& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      throw std::runtime_error(path.string() + ": " + std::strerror(e));
    }
    done += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error(path.string() + ": could not be synced to disk");
}

}  // namespace

class NotifyEmail {
 public:
  static constexpr const char* name = "notify_email";
  static constexpr const char* version = "1.0.0";

  explicit NotifyEmail(const vow::sdk::Context& cx) {
    auto config = vow::connector::config_of(cx);
    auto text = [&](const char* key, const char* what) {
      if (!config.contains(key) || !config[key].is_string() || config[key].get<std::string>().empty())
        throw std::runtime_error(std::string("config: \"") + key + "\" (" + what + ") is required");
      return config[key].get<std::string>();
    };
    outbox_ = cx.config_path(text("outbox", "the folder the messages are written to"));
    from_ = text("from", "the sender, \"Vow <vow@example.com>\"");
    if (config.contains("to") && config["to"].is_array()) {
      for (const auto& a : config["to"])
        if (a.is_string()) to_.push_back(a.get<std::string>());
    } else if (config.contains("to") && config["to"].is_string()) {
      to_.push_back(config["to"].get<std::string>());
    }
    if (to_.empty()) throw std::runtime_error("config: \"to\" (one address or a list) is required");
    for (const auto& a : to_)
      if (a.find_first_of("\r\n") != std::string::npos)
        throw std::runtime_error("config: an address in \"to\" spans lines");
    if (from_.find_first_of("\r\n") != std::string::npos) throw std::runtime_error("config: \"from\" spans lines");
    std::error_code ec;
    fs::create_directories(outbox_, ec);
    if (ec) throw std::runtime_error("config: outbox " + outbox_.string() + ": " + ec.message());
  }

  std::string deliver(std::string_view kind, std::string_view payload) {
    if (kind != "alert") return "";  // drafts and credits are not sent from here
    auto a = vow::connector::parse_json(payload);
    if (a.is_discarded() || !a.is_object() || !a.contains("id") || !a["id"].is_string())
      throw std::runtime_error("an alert without an id");
    // A drill's file must not stand for the real alert of the same id.
    std::string id = vow::connector::delivery_key(a);
    fs::path file = outbox_ / (safe(id) + ".eml");
    if (fs::exists(file)) return file.filename().string();  // delivered before: once is enough
    std::string to;
    for (const auto& t : to_) to += (to.empty() ? "" : ", ") + t;
    std::string message = "From: " + from_ + "\nTo: " + to +
                          "\nSubject: " + header_text(vow::connector::alert_line(a)) + "\nDate: " + rfc5322_now() +
                          "\nMessage-ID: <" + safe(id) +
                          "@vow>\nMIME-Version: 1.0\n"
                          "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" +
                          vow::connector::alert_body(a);
    fs::path part = outbox_ / ("." + safe(id) + ".tmp");
    write_synced(part, crlf(message));
    std::error_code ec;
    fs::rename(part, file, ec);
    if (ec) throw std::runtime_error(file.string() + ": " + ec.message());
    return file.filename().string();
  }

 private:
  fs::path outbox_;
  std::string from_;
  std::vector<std::string> to_;
};

VOW_PLUGIN(NotifyEmail)
