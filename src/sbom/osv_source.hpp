#pragma once
// Where OSV records come from (issue 15): a directory tree of <ID>.json files (as osv.dev's GCS
// bucket or a git checkout of an advisory database has them), or an OSV zip archive (all.zip of
// one ecosystem or of every ecosystem). OSV's modified_id.csv, when it is beside them, lists every
// record with its `modified` time, so that an incremental import reads only the records that
// changed. Reads one record at a time: memory does not grow with the archive.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven::sbom {

// One line of modified_id.csv: "2024-05-01T10:00:00Z,GHSA-xxxx" in an ecosystem's directory,
// "2024-05-01T10:00:00Z,PyPI/PYSEC-2024-1" in the one for every ecosystem.
struct ModifiedId {
  std::string modified;   // RFC 3339 as given
  std::string ecosystem;  // "" in an ecosystem's own file
  std::string id;
};
// kInvalidArgument naming `source` and the line ("modified_id.csv:12: ...").
Result<std::vector<ModifiedId>> ParseModifiedIds(std::string_view csv, std::string_view source);

// Limits on what one read may inflate (OSV records are a few KiB; the largest known are a few MiB).
// Above them Read and ModifiedIds fail with kResourceExhausted naming the entry: a zip bomb, or
// not OSV data. The declared size in a zip is not trusted: the inflated bytes are counted too.
inline constexpr std::uint64_t kMaxOsvEntryBytes = 64ULL * 1024 * 1024;
inline constexpr std::uint64_t kMaxModifiedIdsBytes = 512ULL * 1024 * 1024;

class OsvSource {
 public:
  // A directory (every *.json below it; other files and hidden directories such as .git
  // ignored) or a .zip file. kNotFound when the path does not exist, kInvalidArgument when it is
  // neither (or the zip is damaged: the message names the file, the detail has libzip's text).
  static Result<std::unique_ptr<OsvSource>> Open(const std::filesystem::path& path);
  virtual ~OsvSource() = default;

  // The record entries (relative paths or zip entry names ending in .json), sorted.
  virtual const std::vector<std::string>& Names() const = 0;
  // One entry's bytes; kNotFound for a name that is not there, kInvalidArgument for a damaged zip
  // entry (CRC, encrypted), kResourceExhausted above kMaxOsvEntryBytes.
  virtual Result<std::string> Read(const std::string& name) const = 0;
  // The entry that holds record `id` (an entry named "<id>.json" anywhere in the source), if any.
  virtual std::optional<std::string> EntryOf(std::string_view id) const = 0;
  // modified_id.csv: in the directory (top level), inside the zip, or next to the zip file.
  // nullopt when there is none.
  virtual Result<std::optional<std::vector<ModifiedId>>> ModifiedIds() const = 0;
  // "DIR" or "FILE.zip", for messages.
  virtual std::string Describe() const = 0;
};

}  // namespace proven::sbom
