// OSV sources (osv_source.hpp): a directory tree of <ID>.json files, or an OSV all.zip read
// through libzip one entry at a time.
//
// modified_id.csv, as osv.dev documents it (https://google.github.io/osv.dev/data/, "Data dumps",
// "Downloading recent changes"): the top-level gs://osv-vulnerabilities/modified_id.csv has lines
// "<iso modified date>,<ecosystem_dir>/<id>" (e.g. "2024-08-15T00:05:00Z,PyPI/PYSEC-2021-123"),
// each ecosystem's own <ECOSYSTEM>/modified_id.csv omits the "<ecosystem_dir>/" prefix, and both
// are sorted newest first. Records live at <ECOSYSTEM>/<ID>.json and in <ECOSYSTEM>/all.zip (and
// the every-ecosystem gs://osv-vulnerabilities/all.zip), entries named "<ID>.json".
#include "sbom/osv_source.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "core/date.hpp"

namespace proven::sbom {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kModifiedIdsName = "modified_id.csv";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "a/b/GHSA-x.json" → "GHSA-x"; "" for a name that is not a record entry.
std::string_view IdOfEntry(std::string_view name) {
  if (!EndsWith(name, ".json")) return {};
  const auto slash = name.rfind('/');
  const auto base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return base.substr(0, base.size() - 5);
}

// id → entry. Names arrive sorted, so when an id is in several places (a copy of the whole
// bucket has GHSA-… under every ecosystem it affects) the first in sorted order wins: the same
// answer on every run.
std::map<std::string, std::string, std::less<>> IndexIds(const std::vector<std::string>& names) {
  std::map<std::string, std::string, std::less<>> ids;
  for (const auto& name : names) {
    const auto id = IdOfEntry(name);
    if (!id.empty()) ids.emplace(std::string(id), name);
  }
  return ids;
}

Error TooLarge(std::string_view what, std::uint64_t limit) {
  return MakeError(ErrorCode::kResourceExhausted,
                   fmt::format("{} is larger than {} MiB: not an OSV record (refused, it may be a "
                               "zip bomb)",
                               what, limit / (1024 * 1024)));
}

// Reads a whole regular file, refusing one larger than `limit` without reading it.
Result<std::string> ReadFileCapped(const fs::path& path, std::string_view what, std::uint64_t limit) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    return Fail(ErrorCode::kNotFound, fmt::format("{} cannot be read", what),
                fmt::format("{}: {}", path.string(), ec.message()));
  }
  if (size > limit) return Fail(TooLarge(what, limit));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return Fail(ErrorCode::kInternal, fmt::format("{} cannot be read", what),
                fmt::format("{}: read failed", path.string()));
  }
  return bytes;
}

Result<std::optional<std::vector<ModifiedId>>> ParseOptional(std::optional<std::string> text,
                                                             std::string_view source) {
  if (!text) return std::optional<std::vector<ModifiedId>>();
  auto parsed = ParseModifiedIds(*text, source);
  if (!parsed) return Fail(std::move(parsed.error()));
  return std::optional<std::vector<ModifiedId>>(std::move(*parsed));
}

// Sibling or top-level modified_id.csv in the file system: nullopt when there is none.
Result<std::optional<std::string>> ReadOptionalFile(const fs::path& path, std::string_view what) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::optional<std::string>();
  auto bytes = ReadFileCapped(path, what, kMaxModifiedIdsBytes);
  if (!bytes) return Fail(std::move(bytes.error()));
  return std::optional<std::string>(std::move(*bytes));
}

// ---- directory --------------------------------------------------------------------------------

class DirectorySource final : public OsvSource {
 public:
  DirectorySource(fs::path root, std::vector<std::string> names)
      : root_(std::move(root)), names_(std::move(names)), ids_(IndexIds(names_)) {}

  const std::vector<std::string>& Names() const override { return names_; }

  Result<std::string> Read(const std::string& name) const override {
    // Only listed names: a name is never a path that could leave the directory.
    if (!std::binary_search(names_.begin(), names_.end(), name)) {
      return Fail(ErrorCode::kNotFound, fmt::format("{}: no entry {}", Describe(), name));
    }
    return ReadFileCapped(root_ / fs::path(name), fmt::format("{}: {}", Describe(), name),
                          kMaxOsvEntryBytes);
  }

  std::optional<std::string> EntryOf(std::string_view id) const override {
    const auto it = ids_.find(id);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

  Result<std::optional<std::vector<ModifiedId>>> ModifiedIds() const override {
    const auto source = fmt::format("{}/{}", Describe(), kModifiedIdsName);
    auto text = ReadOptionalFile(root_ / kModifiedIdsName, source);
    if (!text) return Fail(std::move(text.error()));
    return ParseOptional(std::move(*text), source);
  }

  std::string Describe() const override { return root_.string(); }

 private:
  fs::path root_;
  std::vector<std::string> names_;
  std::map<std::string, std::string, std::less<>> ids_;
};

Result<std::unique_ptr<OsvSource>> OpenDirectory(const fs::path& root) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    const auto file_name = entry.path().filename().string();
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      // .git and the like: a git checkout of an advisory database holds thousands of objects and
      // never a record.
      if (file_name.starts_with('.')) it.disable_recursion_pending();
      continue;
    }
    if (!EndsWith(file_name, ".json") || !entry.is_regular_file(type_ec)) continue;
    names.push_back(entry.path().lexically_relative(root).generic_string());
  }
  if (ec) {
    return Fail(ErrorCode::kInternal, fmt::format("{} cannot be listed", root.string()), ec.message());
  }
  std::sort(names.begin(), names.end());
  return std::unique_ptr<OsvSource>(std::make_unique<DirectorySource>(root, std::move(names)));
}

// ---- zip --------------------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: nothing to write back
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

class ZipSource final : public OsvSource {
 public:
  ZipSource(fs::path path, ZipPtr zip, std::vector<std::string> names,
            std::map<std::string, zip_uint64_t, std::less<>> index, std::optional<zip_uint64_t> csv)
      : path_(std::move(path)),
        zip_(std::move(zip)),
        names_(std::move(names)),
        index_(std::move(index)),
        ids_(IndexIds(names_)),
        csv_index_(csv) {}

  const std::vector<std::string>& Names() const override { return names_; }

  Result<std::string> Read(const std::string& name) const override {
    const auto it = index_.find(name);
    if (it == index_.end()) {
      return Fail(ErrorCode::kNotFound, fmt::format("{}: no entry {}", Describe(), name));
    }
    return ReadIndex(it->second, name, kMaxOsvEntryBytes);
  }

  std::optional<std::string> EntryOf(std::string_view id) const override {
    const auto it = ids_.find(id);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

  Result<std::optional<std::vector<ModifiedId>>> ModifiedIds() const override {
    if (csv_index_) {
      const auto source = fmt::format("{}/{}", Describe(), kModifiedIdsName);
      auto text = ReadIndex(*csv_index_, std::string(kModifiedIdsName), kMaxModifiedIdsBytes);
      if (!text) return Fail(std::move(text.error()));
      return ParseOptional(std::move(*text), source);
    }
    const auto sibling = path_.parent_path() / kModifiedIdsName;
    const auto source = sibling.string();
    auto text = ReadOptionalFile(sibling, source);
    if (!text) return Fail(std::move(text.error()));
    return ParseOptional(std::move(*text), source);
  }

  std::string Describe() const override { return path_.string(); }

 private:
  // The declared size is only a hint (a forged header can understate it), so the cap is enforced
  // on the bytes actually inflated as well.
  Result<std::string> ReadIndex(zip_uint64_t index, const std::string& name, std::uint64_t limit) const {
    const std::lock_guard lock(mutex_);  // a zip_t is not safe to share between threads
    const auto what = fmt::format("{}: entry {}", Describe(), name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), index, 0, &st) != 0) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{} cannot be read (damaged archive)", what),
                  zip_strerror(zip_.get()));
    }
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > limit) return Fail(TooLarge(what, limit));
    ZipFilePtr file(zip_fopen_index(zip_.get(), index, 0));
    if (!file) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{} cannot be opened", what),
                  zip_strerror(zip_.get()));
    }
    std::string bytes;
    if ((st.valid & ZIP_STAT_SIZE) != 0) bytes.reserve(st.size);
    char buffer[64 * 1024];
    for (;;) {
      const zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
      if (n < 0) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{} cannot be read (damaged archive)", what),
                    zip_file_strerror(file.get()));
      }
      if (n == 0) break;
      if (bytes.size() + static_cast<std::uint64_t>(n) > limit) return Fail(TooLarge(what, limit));
      bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
  }

  fs::path path_;
  ZipPtr zip_;
  std::vector<std::string> names_;
  std::map<std::string, zip_uint64_t, std::less<>> index_;
  std::map<std::string, std::string, std::less<>> ids_;
  std::optional<zip_uint64_t> csv_index_;
  mutable std::mutex mutex_;
};

Result<std::unique_ptr<OsvSource>> OpenZip(const fs::path& path) {
  int code = 0;
  // ZIP_CHECKCONS: a truncated download is refused here, not halfway through an import.
  ZipPtr zip(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!zip) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} is not a readable zip archive (damaged or not a zip file)", path.string()),
                ZipErrorText(code));
  }
  const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
  if (count < 0) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is a damaged zip archive", path.string()),
                zip_strerror(zip.get()));
  }
  std::vector<std::string> names;
  std::map<std::string, zip_uint64_t, std::less<>> index;
  std::optional<zip_uint64_t> csv;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    const char* raw = zip_get_name(zip.get(), i, 0);
    if (raw == nullptr) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is a damaged zip archive", path.string()),
                  zip_strerror(zip.get()));
    }
    const std::string_view name(raw);
    if (name == kModifiedIdsName) {
      csv = i;
      continue;
    }
    if (EndsWith(name, "/") || !EndsWith(name, ".json")) continue;
    if (index.emplace(std::string(name), i).second) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return std::unique_ptr<OsvSource>(
      std::make_unique<ZipSource>(path, std::move(zip), std::move(names), std::move(index), csv));
}

bool LooksLikeZip(const fs::path& path) {
  if (EndsWith(path.filename().string(), ".zip")) return true;
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  return in.read(magic, 2) && magic[0] == 'P' && magic[1] == 'K';
}

// An id as the csv gives it: no blanks or separators (it becomes a file name: "<id>.json").
bool ValidId(std::string_view id) {
  if (id.empty()) return false;
  return std::none_of(id.begin(), id.end(), [](char c) {
    return c == ' ' || c == '\t' || c == ',' || c == '/' || c == '"' || static_cast<unsigned char>(c) < 0x20;
  });
}

}  // namespace

Result<std::vector<ModifiedId>> ParseModifiedIds(std::string_view csv, std::string_view source) {
  std::vector<ModifiedId> out;
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < csv.size()) {
    ++line_no;
    const auto end = csv.find('\n', pos);
    auto line = csv.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? csv.size() : end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    auto fail = [&](std::string_view why) {
      constexpr std::size_t kQuote = 80;
      const auto quoted = line.size() > kQuote ? fmt::format("{}…", line.substr(0, kQuote)) : std::string(line);
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}:{}: {} (expected \"<modified>,<id>\" or \"<modified>,<ecosystem>/<id>\"): \"{}\"",
                              source, line_no, why, quoted));
    };
    const auto comma = line.find(',');
    if (comma == std::string_view::npos) return fail("no comma");
    const auto modified = line.substr(0, comma);
    auto rest = line.substr(comma + 1);
    if (rest.find(',') != std::string_view::npos) return fail("more than two fields");
    if (!ParseIsoInstant(modified)) return fail("the modified time is not an RFC 3339 timestamp");
    std::string_view ecosystem;
    // The id never holds a '/', the ecosystem directory might one day: split at the last one.
    if (const auto slash = rest.rfind('/'); slash != std::string_view::npos) {
      ecosystem = rest.substr(0, slash);
      rest = rest.substr(slash + 1);
      if (ecosystem.empty()) return fail("empty ecosystem before '/'");
    }
    if (!ValidId(rest)) return fail("the id is empty or holds a blank, quote or control character");
    out.push_back(ModifiedId{std::string(modified), std::string(ecosystem), std::string(rest)});
  }
  return out;
}

Result<std::unique_ptr<OsvSource>> OsvSource::Open(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    return Fail(ErrorCode::kNotFound, fmt::format("{} does not exist", path.string()));
  }
  if (ec) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{} cannot be read", path.string()), ec.message());
  }
  if (fs::is_directory(status)) return OpenDirectory(path);
  if (fs::is_regular_file(status) && LooksLikeZip(path)) return OpenZip(path);
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("{} is neither a directory of OSV records nor a .zip file", path.string()));
}

}  // namespace proven::sbom
