#pragma once
// What the SBOM engine's tests share: reading fixture files, listing a fixture directory, the
// fields of an error's problems, and a scratch directory per test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace proven::sbom::testing {

namespace fs = std::filesystem;

inline const fs::path kFixtures = PROVEN_SBOM_FIXTURES;

// A file's bytes ("" when it cannot be read, which the EXPECT reports).
inline std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every regular file in `dir` (not below it), sorted by name.
inline std::vector<std::string> FileNames(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The fields (JSON pointers) of an error's problems, in order.
inline std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> fields;
  for (const auto& p : e.problems) fields.push_back(p.field);
  return fields;
}

// A fresh directory under gtest's temp dir, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    // Named after the test, or the suite in SetUpTestSuite (no test is running there).
    const auto* unit = ::testing::UnitTest::GetInstance();
    const auto* info = unit->current_test_info();
    const auto* suite = unit->current_test_suite();
    const std::string name = info ? info->name() : suite ? suite->name() : "suite";
    path_ = fs::path(::testing::TempDir()) /
            ("proven-sbom-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace proven::sbom::testing
