#include "ledger/sqlite_error.hpp"

#include <sqlite3.h>

#include <cstdio>

#include "vow/error.hpp"

namespace vow::sql {
namespace {

[[noreturn]] void outside(const std::string& text) {
  throw Error(Exit::BadConfig, text);
}

}  // namespace

void throw_error(const std::string& path, int code, const std::string& detail, int busy_ms) {
  auto config = [&](const std::string& what, const std::string& todo) {
    return "the ledger " + path + " " + what + " (" + detail + "); " + todo;
  };
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%g", busy_ms / 1000.0);
      outside(config(std::string("is busy: another vow has held it for more than ") + secs + " s",
                     "run this again when the other one is done"));
    }
    case SQLITE_FULL:
      outside("no space left for the ledger " + path + " (" + detail + "); make room on its disk and run this again");
    case SQLITE_IOERR:
      outside(config("could not be read or written", "check the disk it is on (the system log says more)"));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      outside(config("cannot be opened or written here",
                     "check that the file and its folder exist and can be written, and that the file system is not "
                     "read-only"));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      outside(config("is damaged", "restore it from a backup (vow check lists every problem)"));
    default:  // SQLITE_ERROR from a bad statement, SQLITE_MISUSE: vow's own mistake
      throw Error(Exit::Internal, path + ": " + detail);
  }
}

}  // namespace vow::sql
