// ComponentIndex: which stored SBOMs' components an OSV record affects, checked by hand and against
// Check over the same components.
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "sbom/osv.hpp"

namespace proven::sbom {
namespace {

namespace fs = std::filesystem;

OsvRecord Load(const std::string& relative) {
  std::ifstream in(fs::path(PROVEN_SBOM_FIXTURES) / "osv" / relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  auto r = ParseOsv(s.str(), relative);
  EXPECT_TRUE(r.has_value()) << relative << ": " << (r ? "" : r.error().message);
  return r ? *r : OsvRecord{};
}

using Key = std::pair<std::int64_t, std::size_t>;

std::vector<Key> Keys(const std::vector<ComponentIndex::Hit>& hits) {
  std::vector<Key> out;
  for (const auto& h : hits) out.emplace_back(h.sbom_id, h.component);
  return out;
}

const std::string kContainerd = "pkg:golang/github.com/containerd/containerd@";

TEST(SbomComponentIndex, AffectedByFindsTheComponentsInTheRanges) {
  ComponentIndex index;
  EXPECT_EQ(index.size(), 0U);
  index.Put(7, {{kContainerd + "v1.4.12", ""},
                {"pkg:golang/github.com/gin-gonic/gin@v1.5.0", ""},
                {"", "1.0.0"},
                {kContainerd + "v1.4.13", ""},
                {"pkg:golang/github.com/containerd/containerd", "v1.5.9"}});
  index.Put(3, {{kContainerd + "not-a-version", ""}, {kContainerd + "v1.6.0", ""}, {"pkg:unknowntype/x@1", ""}});
  EXPECT_EQ(index.size(), 2U);
  const auto hits = index.AffectedBy(Load("go/GO-2022-0344.json"));
  EXPECT_EQ(Keys(hits), (std::vector<Key>{{3, 1}, {7, 0}, {7, 4}}));
  ASSERT_EQ(hits.size(), 3U);
  EXPECT_EQ(hits[0].match.id, "GO-2022-0344");
  EXPECT_EQ(hits[0].match.aliases, (std::vector<std::string>{"CVE-2022-23648", "GHSA-crp2-qrr5-8pq7"}));
  EXPECT_EQ(hits[0].match.vers, "vers:golang/>=1.6.0|<1.6.1");
  EXPECT_EQ(hits[1].match.vers, "vers:golang/<1.4.13");
  EXPECT_EQ(hits[2].match.vers, "vers:golang/>=1.5.0|<1.5.10");
  EXPECT_EQ(hits[2].match.comparator, Comparator::kGo);
  EXPECT_EQ(Keys(index.AffectedBy(Load("go/GO-2020-0001.json"))), (std::vector<Key>{{7, 1}}));
  EXPECT_TRUE(index.AffectedBy(Load("pypa/PYSEC-2019-16.json")).empty());
}

TEST(SbomComponentIndex, PutReplacesAndRemoveForgets) {
  ComponentIndex index;
  index.Put(1, {{kContainerd + "v1.4.12", ""}});
  index.Put(2, {{kContainerd + "v1.4.12", ""}});
  const OsvRecord go = Load("go/GO-2022-0344.json");
  EXPECT_EQ(Keys(index.AffectedBy(go)), (std::vector<Key>{{1, 0}, {2, 0}}));
  index.Put(1, {{"pkg:npm/left-pad@1.0.0", ""}, {kContainerd + "v1.6.0", ""}});
  EXPECT_EQ(index.size(), 2U);
  EXPECT_EQ(Keys(index.AffectedBy(go)), (std::vector<Key>{{1, 1}, {2, 0}}));
  index.Remove(2);
  index.Remove(99);
  EXPECT_EQ(index.size(), 1U);
  EXPECT_EQ(Keys(index.AffectedBy(go)), (std::vector<Key>{{1, 1}}));
  index.Put(1, {});
  EXPECT_EQ(index.size(), 1U);
  EXPECT_TRUE(index.AffectedBy(go).empty());
  ComponentIndex moved(std::move(index));
  EXPECT_EQ(moved.size(), 1U);
}

TEST(SbomComponentIndex, WithdrawnRecordAffectsNothing) {
  ComponentIndex index;
  index.Put(1, {{"pkg:cargo/dirs@2.0.2", ""}});
  OsvRecord r = Load("rustsec/RUSTSEC-2020-0053.json");
  EXPECT_TRUE(index.AffectedBy(r).empty());
  r.withdrawn.clear();
  EXPECT_EQ(Keys(index.AffectedBy(r)), (std::vector<Key>{{1, 0}}));
}

TEST(SbomComponentIndex, OneHitPerComponentWhenAPackageHasSeveralEntries) {
  OsvRecord r;
  r.id = "GHSA-1";
  r.modified = "m";
  for (const auto& [introduced, fixed] : {std::pair{"1.0.0", "2.0.0"}, std::pair{"1.5.0", "3.0.0"}}) {
    OsvAffected a;
    a.ecosystem = "npm";
    a.name = "a";
    OsvRange range;
    range.type = "SEMVER";
    range.events = {{OsvEvent::Kind::kIntroduced, introduced}, {OsvEvent::Kind::kFixed, fixed}};
    a.ranges.push_back(range);
    r.affected.push_back(a);
  }
  ComponentIndex index;
  index.Put(1, {{"pkg:npm/a@1.6.0", ""}, {"pkg:npm/a@2.5.0", ""}, {"pkg:npm/a@3.0.0", ""}});
  const auto hits = index.AffectedBy(r);
  EXPECT_EQ(Keys(hits), (std::vector<Key>{{1, 0}, {1, 1}}));
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].match.affected_index, 0U);
  EXPECT_EQ(hits[1].match.affected_index, 1U);
}

// Enough removals to sweep the dead references out: what remains must be exactly the live SBOMs.
TEST(SbomComponentIndex, SweepKeepsTheLiveSboms) {
  ComponentIndex index;
  for (std::int64_t id = 0; id < 6000; ++id) {
    index.Put(id, {{kContainerd + (id % 2 == 0 ? "v1.4.12" : "v1.4.13"), ""}, {"pkg:npm/x@1.0.0", ""}});
  }
  for (std::int64_t id = 0; id < 5000; ++id) index.Remove(id);
  index.Put(10, {{kContainerd + "v1.5.0", ""}});
  EXPECT_EQ(index.size(), 1001U);
  const auto hits = index.AffectedBy(Load("go/GO-2022-0344.json"));
  std::vector<Key> want = {{10, 0}};
  for (std::int64_t id = 5000; id < 6000; id += 2) want.emplace_back(id, 0);
  EXPECT_EQ(Keys(hits), want);
}

// AffectedBy must agree with Check of every stored SBOM against an index holding only that record.
TEST(SbomComponentIndex, AgreesWithCheck) {
  const std::vector<std::string> pool = {
      kContainerd + "v1.4.12",
      kContainerd + "v1.5.10",
      kContainerd + "v1.6.0",
      "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
      "pkg:golang/github.com/gin-gonic/gin@v1.6.0",
      "pkg:pypi/django@1.11.26",
      "pkg:pypi/Django@2.2.0",
      "pkg:pypi/django@2.2.26",
      "pkg:pypi/django@3.2.5",
      "pkg:pypi/django@2.1",
      "pkg:pypi/requests@2.30.0",
      "pkg:pypi/requests@2.31.0",
      "pkg:cargo/smallvec@0.4.0-alpha",
      "pkg:cargo/smallvec@0.4.5",
      "pkg:cargo/smallvec@0.6.2",
      "pkg:cargo/time@0.1.43",
      "pkg:cargo/time@0.2.23",
      "pkg:cargo/openssl@0.8.0",
      "pkg:apk/alpine/openssl@1.0.2p-r0?distro=alpine-3.8.1",
      "pkg:apk/alpine/openssl@1.0.2q-r0?distro=alpine-3.8.1",
      "pkg:pypi/gradio@4.36.1",
      "pkg:pypi/123bla@0.0.1",
      "pkg:npm/lodash@4.17.20",
      "pkg:golang/golang.org/x/text@v0.3.6",
  };
  const std::vector<std::string> files = {
      "go/GO-2022-0344.json", "go/GO-2020-0001.json", "go/GO-2021-0113.json",
      "pypa/PYSEC-2019-16.json", "pypa/PYSEC-2022-1.json", "rustsec/RUSTSEC-2018-0003.json",
      "rustsec/RUSTSEC-2020-0071.json", "rustsec/RUSTSEC-2016-0001.json", "osv-schema-linter/CVE-2018-5407.json",
      "osv-schema-linter/PYSEC-2023-74.json", "osv-schema-linter/GHSA-9v2f-6vcg-3hgv.json",
      "osv-schema-linter/MAL-2024-10238.json"};
  std::mt19937 rng(15);
  std::vector<std::vector<CheckInput>> sboms(200);
  ComponentIndex index;
  for (std::size_t s = 0; s < sboms.size(); ++s) {
    const std::size_t n = 1 + rng() % 12;
    for (std::size_t i = 0; i < n; ++i) sboms[s].push_back(CheckInput{pool[rng() % pool.size()], ""});
    index.Put(static_cast<std::int64_t>(s), sboms[s]);
  }
  std::size_t total = 0;
  for (const std::string& file : files) {
    const OsvRecord record = Load(file);
    OsvIndex single;
    single.Put(record);
    std::vector<std::tuple<std::int64_t, std::size_t, std::string>> want;
    for (std::size_t s = 0; s < sboms.size(); ++s) {
      for (const ComponentFinding& f : Check(single, sboms[s]).findings) {
        want.emplace_back(static_cast<std::int64_t>(s), f.component, f.match.vers);
      }
    }
    std::vector<std::tuple<std::int64_t, std::size_t, std::string>> got;
    for (const auto& h : index.AffectedBy(record)) got.emplace_back(h.sbom_id, h.component, h.match.vers);
    EXPECT_EQ(got, want) << file;
    EXPECT_FALSE(got.empty()) << file;
    total += got.size();
  }
  EXPECT_GT(total, 300U);
}

}  // namespace
}  // namespace proven::sbom
