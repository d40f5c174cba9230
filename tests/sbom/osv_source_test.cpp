#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sbom/osv_source.hpp"
#include "sbom_test_support.hpp"

namespace proven::sbom {
namespace {

using testing::FileNames;
using testing::Fields;
using testing::ScratchDir;
using testing::Slurp;
using testing::kFixtures;

namespace fs = std::filesystem;

const fs::path kOsv = fs::path(PROVEN_SBOM_FIXTURES) / "osv";

void Write(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Builds a zip with python3's zipfile (the test binary does not link libzip). Each spec is
// "NAME=SOURCE": SOURCE a file to store deflated, "@dir" for a directory entry (NAME ends in '/'),
// "@stored:TEXT" for TEXT stored uncompressed, "@spaces:N" for N spaces deflated.
void MakeZip(const ScratchDir& scratch, const fs::path& zip, const std::vector<std::string>& specs) {
  const auto script = scratch.path() / "make_zip.py";
  Write(script,
        "import sys, zipfile\n"
        "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
        "    for spec in sys.argv[2:]:\n"
        "        name, _, src = spec.partition('=')\n"
        "        if src == '@dir':\n"
        "            z.writestr(zipfile.ZipInfo(name), b'')\n"
        "        elif src.startswith('@stored:'):\n"
        "            z.writestr(name, src[8:].encode(), compress_type=zipfile.ZIP_STORED)\n"
        "        elif src.startswith('@spaces:'):\n"
        "            z.writestr(name, b' ' * int(src[8:]))\n"
        "        else:\n"
        "            z.write(src, name)\n");
  std::string command = "python3 '" + script.string() + "' '" + zip.string() + "'";
  for (const auto& spec : specs) command += " '" + spec + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

std::string Spec(const std::string& name, const fs::path& source) { return name + "=" + source.string(); }

// ---- modified_id.csv --------------------------------------------------------------------------

TEST(SbomOsvModifiedIds, PerEcosystemAndTopLevelLines) {
  const auto ids = ParseModifiedIds(
      "2024-08-15T00:05:00Z,PYSEC-2021-123\r\n"
      "2024-08-15T00:01:00.123456Z,GO-2022-0123\n"
      "\n"
      "2024-08-14T12:00:00Z,npm/GHSA-xxxx-yyyy-zzzz\n"
      "2024-08-14T11:00:00+02:00,Rocky Linux/RLSA-2024:1234\n",
      "modified_id.csv");
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_EQ(ids->size(), 4U);
  EXPECT_EQ((*ids)[0].modified, "2024-08-15T00:05:00Z");
  EXPECT_EQ((*ids)[0].ecosystem, "");
  EXPECT_EQ((*ids)[0].id, "PYSEC-2021-123");
  EXPECT_EQ((*ids)[1].modified, "2024-08-15T00:01:00.123456Z");
  EXPECT_EQ((*ids)[1].id, "GO-2022-0123");
  EXPECT_EQ((*ids)[2].ecosystem, "npm");
  EXPECT_EQ((*ids)[2].id, "GHSA-xxxx-yyyy-zzzz");
  EXPECT_EQ((*ids)[3].ecosystem, "Rocky Linux");
  EXPECT_EQ((*ids)[3].id, "RLSA-2024:1234");
}

TEST(SbomOsvModifiedIds, EmptyTextIsAnEmptyList) {
  const auto ids = ParseModifiedIds("", "x.csv");
  ASSERT_TRUE(ids);
  EXPECT_TRUE(ids->empty());
}

TEST(SbomOsvModifiedIds, MalformedLinesNameSourceAndLine) {
  const std::string good = "2024-08-15T00:05:00Z,PYSEC-2021-123\n";
  struct Case {
    std::string line;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"2024-08-15T00:05:00Z PYSEC-2021-1", "no comma"},
      {"2024-08-15T00:05:00Z,PyPI/PYSEC-1,extra", "more than two fields"},
      {"yesterday,PYSEC-2021-1", "not an RFC 3339 timestamp"},
      {"2024-08-15,PYSEC-2021-1", "not an RFC 3339 timestamp"},
      {"modified,id", "not an RFC 3339 timestamp"},
      {"2024-08-15T00:05:00Z,", "the id is empty"},
      {"2024-08-15T00:05:00Z,PyPI/", "the id is empty"},
      {"2024-08-15T00:05:00Z,/PYSEC-1", "empty ecosystem"},
      {"2024-08-15T00:05:00Z,PYSEC 1", "blank"},
  };
  for (const auto& c : cases) {
    const auto ids = ParseModifiedIds(good + good + c.line + "\n" + good, "PyPI/modified_id.csv");
    ASSERT_FALSE(ids) << c.line;
    EXPECT_EQ(ids.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(ids.error().message.starts_with("PyPI/modified_id.csv:3: ")) << ids.error().message;
    EXPECT_NE(ids.error().message.find(c.why), std::string::npos) << ids.error().message;
  }
}

// ---- directories ------------------------------------------------------------------------------

TEST(SbomOsvSource, DirectoryListsEveryJsonBelowItSortedAndIgnoresOtherFiles) {
  const auto source = OsvSource::Open(kOsv);
  ASSERT_TRUE(source) << source.error().message;
  const auto& names = (*source)->Names();
  // go 3 + osv-schema-linter 9 + pypa 2 + rustsec 4; LICENSE*.txt and the .yaml files ignored.
  ASSERT_EQ(names.size(), 18U);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names.front(), "go/GO-2020-0001.json");
  EXPECT_EQ(names.back(), "rustsec/RUSTSEC-2020-0071.json");
  for (const auto& name : names) {
    EXPECT_TRUE(name.ends_with(".json")) << name;
    const auto bytes = (*source)->Read(name);
    ASSERT_TRUE(bytes) << name << ": " << bytes.error().message;
    EXPECT_EQ(*bytes, Slurp(kOsv / name)) << name;
  }
  EXPECT_EQ((*source)->Describe(), kOsv.string());
  const auto ids = (*source)->ModifiedIds();
  ASSERT_TRUE(ids);
  EXPECT_FALSE(ids->has_value());
}

TEST(SbomOsvSource, DirectoryEntryOfFindsTheRecordAnywhere) {
  const auto source = OsvSource::Open(kOsv);
  ASSERT_TRUE(source);
  EXPECT_EQ((*source)->EntryOf("PYSEC-2019-16"), "pypa/PYSEC-2019-16.json");
  EXPECT_EQ((*source)->EntryOf("RUSTSEC-2020-0053"), "rustsec/RUSTSEC-2020-0053.json");
  // In two places: the first in sorted order, on every run.
  EXPECT_EQ((*source)->EntryOf("GO-2020-0001"), "go/GO-2020-0001.json");
  EXPECT_EQ((*source)->EntryOf("GO-2020"), std::nullopt);
  EXPECT_EQ((*source)->EntryOf("LICENSE"), std::nullopt);
  const auto bytes = (*source)->Read(*(*source)->EntryOf("RUSTSEC-2018-0003"));
  ASSERT_TRUE(bytes);
  const auto json = nlohmann::json::parse(*bytes, nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  EXPECT_EQ(json.value("id", ""), "RUSTSEC-2018-0003");
}

TEST(SbomOsvSource, DirectoryReadsOnlyListedNames) {
  const auto source = OsvSource::Open(kOsv / "pypa");
  ASSERT_TRUE(source);
  for (const std::string name : {"PYSEC-2019-16.yaml", "LICENSE-head.txt", "../SOURCES.txt",
                                 "../rustsec/RUSTSEC-2016-0001.json", "/etc/passwd", "nope.json"}) {
    const auto bytes = (*source)->Read(name);
    ASSERT_FALSE(bytes) << name;
    EXPECT_EQ(bytes.error().code, ErrorCode::kNotFound) << name;
  }
}

TEST(SbomOsvSource, DirectoryNestedDeeplySkipsHiddenDirsAndReadsItsModifiedIds) {
  const ScratchDir dir;
  const auto root = dir.path() / "db";
  fs::create_directories(root / "crates" / "a" / "b");
  fs::copy_file(kOsv / "rustsec" / "RUSTSEC-2016-0001.json", root / "crates" / "a" / "b" / "RUSTSEC-2016-0001.json");
  fs::copy_file(kOsv / "go" / "GO-2022-0344.json", root / "GO-2022-0344.json");
  Write(root / ".git" / "objects" / "stale.json", "{}");
  Write(root / "crates" / "README.md", "# not a record");
  Write(root / "crates" / "notes.json.bak", "{}");
  fs::create_directories(root / "empty.json");  // a directory named like a record
  Write(root / "modified_id.csv", "2024-05-01T10:00:00Z,GO-2022-0344\n2023-01-01T00:00:00Z,RUSTSEC-2016-0001\n");
  Write(root / "crates" / "modified_id.csv", "garbage, never read");

  const auto source = OsvSource::Open(root);
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ((*source)->Names(), (std::vector<std::string>{"GO-2022-0344.json", "crates/a/b/RUSTSEC-2016-0001.json"}));
  EXPECT_EQ((*source)->EntryOf("RUSTSEC-2016-0001"), "crates/a/b/RUSTSEC-2016-0001.json");
  EXPECT_EQ((*source)->EntryOf("stale"), std::nullopt);
  const auto ids = (*source)->ModifiedIds();
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_TRUE(ids->has_value());
  ASSERT_EQ((*ids)->size(), 2U);
  EXPECT_EQ((**ids)[0].id, "GO-2022-0344");
  EXPECT_EQ((**ids)[1].modified, "2023-01-01T00:00:00Z");

  Write(root / "modified_id.csv", "2024-05-01T10:00:00Z,GO-2022-0344\nbroken\n");
  const auto broken = (*source)->ModifiedIds();
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(broken.error().message.starts_with((root / "modified_id.csv").string() + ":2: "))
      << broken.error().message;
}

TEST(SbomOsvSource, MissingPathIsNotFoundAndOtherFilesAreRefused) {
  const ScratchDir dir;
  const auto missing = OsvSource::Open(dir.path() / "no-such" / "all.zip");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("all.zip"), std::string::npos);

  const auto json = OsvSource::Open(kOsv / "go" / "GO-2020-0001.json");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(json.error().message.find("neither a directory"), std::string::npos) << json.error().message;
}

// ---- zips -------------------------------------------------------------------------------------

TEST(SbomOsvSource, ZipWithModifiedIdsInside) {
  const ScratchDir dir;
  const auto zip = dir.path() / "all.zip";
  const auto csv = dir.path() / "staged-modified.csv";
  Write(csv, "2024-06-01T00:00:00Z,crates.io/RUSTSEC-2020-0071\n2020-01-01T00:00:00Z,Go/GO-2020-0001\n");
  MakeZip(dir, zip,
          {Spec("RUSTSEC-2020-0071.json", kOsv / "rustsec" / "RUSTSEC-2020-0071.json"),
           Spec("GO-2020-0001.json", kOsv / "go" / "GO-2020-0001.json"),
           "nested/=@dir",
           Spec("nested/PYSEC-2022-1.json", kOsv / "pypa" / "PYSEC-2022-1.json"),
           Spec("LICENSE.txt", kOsv / "rustsec" / "LICENSE.txt"),
           Spec("modified_id.csv", csv)});
  // A sibling file loses to the one inside the archive.
  Write(dir.path() / "modified_id.csv", "not, read");

  const auto source = OsvSource::Open(zip);
  ASSERT_TRUE(source) << source.error().message << " / " << source.error().detail;
  EXPECT_EQ((*source)->Names(), (std::vector<std::string>{"GO-2020-0001.json", "RUSTSEC-2020-0071.json",
                                                         "nested/PYSEC-2022-1.json"}));
  EXPECT_EQ((*source)->Describe(), zip.string());
  const auto bytes = (*source)->Read("RUSTSEC-2020-0071.json");
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, Slurp(kOsv / "rustsec" / "RUSTSEC-2020-0071.json"));
  EXPECT_EQ((*source)->EntryOf("PYSEC-2022-1"), "nested/PYSEC-2022-1.json");
  const auto nested = (*source)->Read("nested/PYSEC-2022-1.json");
  ASSERT_TRUE(nested);
  EXPECT_EQ(*nested, Slurp(kOsv / "pypa" / "PYSEC-2022-1.json"));
  for (const std::string name : {"LICENSE.txt", "modified_id.csv", "nested/", "missing.json"}) {
    const auto r = (*source)->Read(name);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << name;
  }
  const auto ids = (*source)->ModifiedIds();
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_TRUE(ids->has_value());
  ASSERT_EQ((*ids)->size(), 2U);
  EXPECT_EQ((**ids)[0].ecosystem, "crates.io");
  EXPECT_EQ((**ids)[0].id, "RUSTSEC-2020-0071");
  EXPECT_EQ((**ids)[1].ecosystem, "Go");
}

TEST(SbomOsvSource, ZipWithModifiedIdsBesideIt) {
  const ScratchDir dir;
  const auto zip = dir.path() / "crates.io" / "all.zip";
  fs::create_directories(zip.parent_path());
  std::vector<std::string> specs;
  for (const auto& e : fs::directory_iterator(kOsv / "rustsec")) {
    if (e.path().extension() == ".json") specs.push_back(Spec(e.path().filename().string(), e.path()));
  }
  MakeZip(dir, zip, specs);

  const auto source = OsvSource::Open(zip);
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ((*source)->Names().size(), 4U);
  const auto none = (*source)->ModifiedIds();
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  Write(zip.parent_path() / "modified_id.csv",
        "2024-01-01T00:00:00Z,RUSTSEC-2020-0071\n2023-01-01T00:00:00Z,RUSTSEC-2018-0003\n");
  const auto ids = (*source)->ModifiedIds();
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_TRUE(ids->has_value());
  ASSERT_EQ((*ids)->size(), 2U);
  EXPECT_EQ((**ids)[1].id, "RUSTSEC-2018-0003");
  EXPECT_EQ((**ids)[1].ecosystem, "");

  Write(zip.parent_path() / "modified_id.csv", "2024-01-01T00:00:00Z,RUSTSEC-2020-0071\n\n2024-01-01,X\n");
  const auto broken = (*source)->ModifiedIds();
  ASSERT_FALSE(broken);
  EXPECT_TRUE(broken.error().message.starts_with((zip.parent_path() / "modified_id.csv").string() + ":3: "))
      << broken.error().message;
}

TEST(SbomOsvSource, MalformedModifiedIdsInsideTheZipNameTheZipAndLine) {
  const ScratchDir dir;
  const auto zip = dir.path() / "all.zip";
  MakeZip(dir, zip,
          {Spec("GO-2020-0001.json", kOsv / "go" / "GO-2020-0001.json"),
           "modified_id.csv=@stored:2024-01-01T00:00:00Z,GO-2020-0001\n2024-13-01T00:00:00Z,GO-2021-0113\n"});
  const auto source = OsvSource::Open(zip);
  ASSERT_TRUE(source);
  const auto ids = (*source)->ModifiedIds();
  ASSERT_FALSE(ids);
  EXPECT_EQ(ids.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ids.error().message.starts_with(zip.string() + "/modified_id.csv:2: ")) << ids.error().message;
}

TEST(SbomOsvSource, DamagedZipIsInvalidArgumentNamingTheFile) {
  const ScratchDir dir;
  const auto good = dir.path() / "good.zip";
  MakeZip(dir, good,
          {Spec("GO-2022-0344.json", kOsv / "go" / "GO-2022-0344.json"),
           Spec("PYSEC-2019-16.json", kOsv / "pypa" / "PYSEC-2019-16.json")});
  const auto bytes = Slurp(good);

  const auto truncated = dir.path() / "truncated.zip";  // a download cut short
  Write(truncated, std::string_view(bytes).substr(0, bytes.size() / 2));
  const auto garbage = dir.path() / "garbage.zip";
  Write(garbage, "this is not a zip archive at all");
  const auto empty = dir.path() / "empty.zip";
  Write(empty, "");
  for (const auto& path : {truncated, garbage, empty}) {
    const auto source = OsvSource::Open(path);
    ASSERT_FALSE(source) << path;
    EXPECT_EQ(source.error().code, ErrorCode::kInvalidArgument) << path;
    EXPECT_NE(source.error().message.find(path.filename().string()), std::string::npos) << source.error().message;
    EXPECT_NE(source.error().message.find("zip"), std::string::npos) << source.error().message;
    EXPECT_FALSE(source.error().detail.empty()) << path << ": libzip's text in the detail";
  }
}

TEST(SbomOsvSource, DamagedEntryFailsItsReadNotTheOthers) {
  const ScratchDir dir;
  const auto zip = dir.path() / "all.zip";
  const std::string marker = "MARKER-0123456789-MARKER";
  MakeZip(dir, zip,
          {Spec("GO-2022-0344.json", kOsv / "go" / "GO-2022-0344.json"),
           "BROKEN-1.json=@stored:{\"id\": \"BROKEN-1\", \"details\": \"" + marker + "\"}"});
  auto bytes = Slurp(zip);
  const auto at = bytes.find(marker);
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'X';  // the stored data no longer matches its CRC-32
  Write(zip, bytes);

  const auto source = OsvSource::Open(zip);
  ASSERT_TRUE(source) << source.error().message << " / " << source.error().detail;
  const auto broken = (*source)->Read("BROKEN-1.json");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(broken.error().message.find("BROKEN-1.json"), std::string::npos) << broken.error().message;
  EXPECT_FALSE(broken.error().detail.empty());
  const auto fine = (*source)->Read("GO-2022-0344.json");
  ASSERT_TRUE(fine) << fine.error().message;
  EXPECT_EQ(*fine, Slurp(kOsv / "go" / "GO-2022-0344.json"));
}

TEST(SbomOsvSource, OversizeEntryIsRefusedNamingIt) {
  const ScratchDir dir;
  const auto zip = dir.path() / "all.zip";
  // 65 MiB of spaces deflate to about 65 KiB: the shape of a zip bomb.
  MakeZip(dir, zip,
          {Spec("GO-2020-0001.json", kOsv / "go" / "GO-2020-0001.json"),
           "BOMB-1.json=@spaces:" + std::to_string(65 * 1024 * 1024)});
  EXPECT_LT(fs::file_size(zip), 1024U * 1024U);

  const auto source = OsvSource::Open(zip);
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ((*source)->EntryOf("BOMB-1"), "BOMB-1.json");
  const auto bomb = (*source)->Read("BOMB-1.json");
  ASSERT_FALSE(bomb);
  EXPECT_EQ(bomb.error().code, ErrorCode::kResourceExhausted);
  EXPECT_NE(bomb.error().message.find("BOMB-1.json"), std::string::npos) << bomb.error().message;
  EXPECT_NE(bomb.error().message.find("64 MiB"), std::string::npos) << bomb.error().message;
  EXPECT_TRUE((*source)->Read("GO-2020-0001.json"));
}

TEST(SbomOsvSource, OversizeEntryThatUnderstatesItsSizeIsRefusedToo) {
  const ScratchDir dir;
  const auto zip = dir.path() / "all.zip";
  MakeZip(dir, zip, {"BOMB-2.json=@spaces:" + std::to_string(65 * 1024 * 1024)});
  // Forge the uncompressed size in the local and the central header (they must agree) to 1000.
  auto bytes = Slurp(zip);
  const auto put_u32 = [&bytes](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  const auto local = bytes.find(std::string("PK\x03\x04", 4));
  const auto central = bytes.find(std::string("PK\x01\x02", 4));
  ASSERT_NE(local, std::string::npos);
  ASSERT_NE(central, std::string::npos);
  put_u32(local + 22, 1000);
  put_u32(central + 24, 1000);
  Write(zip, bytes);

  const auto source = OsvSource::Open(zip);
  ASSERT_TRUE(source) << source.error().message << " / " << source.error().detail;
  const auto bomb = (*source)->Read("BOMB-2.json");
  ASSERT_FALSE(bomb) << "read " << bomb->size() << " bytes";
  EXPECT_NE(bomb.error().message.find("BOMB-2.json"), std::string::npos) << bomb.error().message;
  EXPECT_EQ(bomb.error().code, ErrorCode::kResourceExhausted) << "counted while inflating";
}

TEST(SbomOsvSource, OversizeFileInADirectoryIsRefusedToo) {
  const ScratchDir dir;
  const auto big = dir.path() / "db" / "BIG-1.json";
  fs::create_directories(big.parent_path());
  {
    std::ofstream out(big, std::ios::binary);
    out.seekp(static_cast<std::streamoff>(kMaxOsvEntryBytes));  // sparse: no 64 MiB written
    out.put(' ');
  }
  const auto source = OsvSource::Open(dir.path() / "db");
  ASSERT_TRUE(source);
  const auto r = (*source)->Read("BIG-1.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  EXPECT_NE(r.error().message.find("BIG-1.json"), std::string::npos);
}

}  // namespace
}  // namespace proven::sbom
