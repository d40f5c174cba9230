// The WAF corpus (issue 14, ADR 0017 "Corpus and plan"): both imported sources parse file by file
// with yaml-cpp, the importers keep the counts the design inventory measured, our own cases cover
// every scored category with benign requests, bad files fail with file:line:col and never a partial
// corpus, and the fingerprints are stable.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "waf/corpus.hpp"
#include "waf/plan.hpp"
#include "waf/yaml_util.hpp"

namespace proven::waf {
namespace {

const std::filesystem::path kData = std::filesystem::path(PROVEN_SOURCE_DIR) / "data/waf";

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The whole repository corpus, loaded once per test process (about half a second of CPU).
class RepositoryCorpus : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    auto loaded = LoadCorpus(kData);
    ASSERT_TRUE(loaded) << loaded.error().message;
    corpus_ = new Corpus(std::move(*loaded));
    auto plan = Compile(*corpus_, 42);
    ASSERT_TRUE(plan) << plan.error().message;
    plan_ = new Plan(std::move(*plan));
  }
  static void TearDownTestSuite() {
    delete plan_;
    delete corpus_;
    plan_ = nullptr;
    corpus_ = nullptr;
  }
  static const Corpus& corpus() { return *corpus_; }
  static const Plan& plan() { return *plan_; }

  static int Excluded(std::string_view source, std::string_view reason_prefix) {
    int n = 0;
    for (const auto& e : plan_->excluded) {
      if (e.source == source && e.reason.starts_with(reason_prefix)) n += e.count;
    }
    return n;
  }

 private:
  static Corpus* corpus_;
  static Plan* plan_;
};
Corpus* RepositoryCorpus::corpus_ = nullptr;
Plan* RepositoryCorpus::plan_ = nullptr;

TEST(WafYaml, EveryFileOfBothSourcesParses) {
  int gotestwaf = 0;
  int crs = 0;
  for (const auto& [dir, count] : {std::pair{"sources/gotestwaf/testcases", &gotestwaf}, std::pair{"sources/crs-regression/tests", &crs}}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kData / dir)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || !(name.ends_with(".yml") || name.ends_with(".yaml"))) continue;
      auto doc = LoadYaml(entry.path().string(), ReadAll(entry.path()));
      ASSERT_TRUE(doc) << doc.error().message;
      EXPECT_TRUE(doc->IsMap() || doc->IsNull()) << entry.path();
      ++*count;
    }
  }
  EXPECT_EQ(gotestwaf, 44);
  EXPECT_EQ(crs, 323);  // 322 .yaml + 1 .yml
}

TEST(WafYaml, AcceptsGoTestWafsBackslashQuoteAndReportsErrorsWithLineAndColumn) {
  auto ok = LoadYaml("x.yml", "payload:\n  - \"\\'-alert(1)//\"\n");
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->Find("payload")->items.size(), 1u);
  EXPECT_EQ(ok->Find("payload")->items[0].scalar, "'-alert(1)//");
  EXPECT_EQ(ok->Find("payload")->items[0].line, 2);
  EXPECT_EQ(ok->Find("payload")->items[0].column, 5);

  auto bad = LoadYaml("dir/bad.yaml", "a: 1\nb: [1, 2\n");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().message.starts_with("dir/bad.yaml:3:1: ")) << bad.error().message;

  auto dup = LoadYaml("dup.yaml", "a: 1\nb: 2\na: 3\n");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().message, "dup.yaml:3:1: duplicate key \"a\"");

  // yaml-cpp 0.7.0 rejects a tagged block scalar as a sequence entry; LoadYaml drops the redundant tag.
  auto tagged = LoadYaml("t.yml", "payload:\n  - plain\n  - !!str |\n    <?xml?>\n    +ADw-\n");
  ASSERT_TRUE(tagged) << tagged.error().message;
  EXPECT_EQ(tagged->Find("payload")->items[1].scalar, "<?xml?>\n+ADw-\n");
  auto quoted = LoadYaml("q.yml", "a: \"x !!str y\"\n");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->Find("a")->scalar, "x !!str y");

  auto empty = LoadYaml("c.yaml", "# only a comment\n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->IsNull());
}

// GoTestWafCountsMatchTheInventory
void CheckGoTestWafCounts() {
  using R = RepositoryCorpus;
  const auto& corpus = R::corpus;
  const auto& plan = R::plan;
  const auto Excluded = [](std::string_view a, std::string_view b) { return R::Excluded(a, b); };
  (void)corpus, (void)plan, (void)Excluded;
  // 44 files, 208 payloads, 822 requests; the 2 gRPC requests are excluded.
  int cases = 0;
  std::set<std::string> files;
  for (const Case& c : corpus().cases) {
    if (c.source != "gotestwaf") continue;
    ++cases;
    files.insert(c.file);
    EXPECT_EQ(c.licence, "MIT");
    EXPECT_FALSE(c.provenance.empty());
  }
  EXPECT_EQ(cases, 206);       // 208 payloads less grpc.yml's 2 (gRPC only)
  EXPECT_EQ(files.size(), 43u);  // 44 files less grpc.yml
  EXPECT_EQ(Excluded("gotestwaf", "placement gRPC"), 2);
  int attack_headline = 0, attack_robust = 0, benign_headline = 0, benign_robust = 0;
  for (const auto& r : plan().requests) {
    if (r.source != "gotestwaf") continue;
    if (r.expect == Expect::kBlock) {
      (r.headline ? attack_headline : attack_robust) += 1;
    } else {
      (r.headline ? benign_headline : benign_robust) += 1;
    }
  }
  EXPECT_EQ(attack_headline + attack_robust + benign_headline + benign_robust, 820);
  EXPECT_EQ(attack_headline, 300);
  EXPECT_EQ(attack_robust, 379);
  EXPECT_EQ(benign_headline, 94);
  EXPECT_EQ(benign_robust, 47);
  EXPECT_EQ(plan().sources[0].name, "gotestwaf");
  EXPECT_EQ(plan().sources[0].requests, 820);
  EXPECT_EQ(plan().sources[0].licence, "MIT");
}

// CrsCountsMatchTheInventory
void CheckCrsCounts() {
  using R = RepositoryCorpus;
  const auto& corpus = R::corpus;
  const auto& plan = R::plan;
  const auto Excluded = [](std::string_view a, std::string_view b) { return R::Excluded(a, b); };
  (void)corpus, (void)plan, (void)Excluded;
  std::map<std::string, int> attacks, benign;
  int general = 0;
  for (const Case& c : corpus().cases) {
    if (c.source != "crs-regression") continue;
    EXPECT_EQ(c.licence, "Apache-2.0");
    ASSERT_TRUE(c.raw.has_value());
    ASSERT_EQ(c.placements, std::vector<Placement>{Placement::kRawRequest});
    if (c.expect == Expect::kBlock) {
      ++attacks[c.category];
    } else if (c.category == "general") {
      ++general;
    } else {
      ++benign[c.category];
    }
  }
  const std::map<std::string, int> want_attacks{{"protocol", 309}, {"scanner", 5}, {"path_traversal", 66}, {"rfi", 36},
                                                {"rce", 706},      {"php", 322},   {"generic", 232},      {"xss", 207},
                                                {"sqli", 866},     {"session_fixation", 42}, {"java", 1140}};
  EXPECT_EQ(attacks, want_attacks);
  const std::map<std::string, int> want_benign{{"rce", 109}, {"sqli", 28}, {"php", 24}, {"protocol", 16}, {"path_traversal", 4}, {"xss", 2}};
  EXPECT_EQ(benign, want_benign);
  EXPECT_EQ(general, 37);
  // Every test of the 5,082 is either a case or an exclusion with its reason.
  EXPECT_EQ(Excluded("crs-regression", "response test"), 95);
  EXPECT_EQ(Excluded("crs-regression", "949"), 5);
  EXPECT_EQ(Excluded("crs-regression", "multi-stage"), 2);
  EXPECT_EQ(Excluded("crs-regression", "expects a client-side error"), 1);
  EXPECT_EQ(Excluded("crs-regression", "HTTP version"), 10);
  EXPECT_EQ(Excluded("crs-regression", "negative test"), 792);
  EXPECT_EQ(Excluded("crs-regression", "checks only"), 26);
  EXPECT_EQ(3931 + 183 + 37 + 95 + 5 + 2 + 1 + 10 + 792 + 26, 5082);
  EXPECT_EQ(plan().sources[1].name, "crs-regression");
  EXPECT_EQ(plan().sources[1].requests, 4151);
}

// EveryScoredCategoryHasAttacksAndBenignHeadlineRequests
void CheckScoredCategories() {
  using R = RepositoryCorpus;
  const auto& corpus = R::corpus;
  const auto& plan = R::plan;
  const auto Excluded = [](std::string_view a, std::string_view b) { return R::Excluded(a, b); };
  (void)corpus, (void)plan, (void)Excluded;
  std::map<std::string, std::pair<int, int>> counts;  // attacks, benign (headline)
  for (const auto& r : plan().requests) {
    if (!r.headline) continue;
    auto& c = counts[r.category];
    (r.expect == Expect::kBlock ? c.first : c.second) += 1;
  }
  int scored = 0;
  for (const auto code : CategoryCodes()) {
    if (!IsScoredCategory(code)) continue;
    ++scored;
    const auto& [attacks, benign] = counts[std::string(code)];
    EXPECT_GE(attacks, 5) << code;
    EXPECT_GE(benign, kMinBenignPerCategory) << code;
  }
  EXPECT_EQ(scored, 18);
  EXPECT_GE(counts["general"].second, 100);  // Japanese forms, addresses, e-mail, documents, CRS 999
}

// OwnCasesAreCc0AndCoverTheIssuesBenignExamples
void CheckOwnCases() {
  using R = RepositoryCorpus;
  const auto& corpus = R::corpus;
  const auto& plan = R::plan;
  const auto Excluded = [](std::string_view a, std::string_view b) { return R::Excluded(a, b); };
  (void)corpus, (void)plan, (void)Excluded;
  std::set<std::string> previews;
  for (const auto& r : plan().requests) {
    if (r.source == "proven" && r.expect == Expect::kAllow) previews.insert(r.preview);
  }
  for (const char* must : {"O'Reilly", "select your colour", "山田太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "ＡＢＣ株式会社", "〒100-8901 東京都千代田区霞が関1-3-1",
                           "tanaka+test@example.co.jp"}) {
    EXPECT_TRUE(previews.count(must)) << must;
  }
  for (const Case& c : corpus().cases) {
    if (c.source != "proven") continue;
    if (std::find(c.tags.begin(), c.tags.end(), "derived") != c.tags.end()) {
      EXPECT_EQ(c.licence, "MIT") << c.id;  // derived from GoTestWAF: keeps its licence
    } else {
      EXPECT_EQ(c.licence, "CC0-1.0") << c.id;
    }
  }
  // Every placement of the issue appears in the plan, with attacks and benign requests.
  for (const Placement p : AllPlacements()) {
    int attacks = 0, benign = 0;
    for (const auto& r : plan().requests) {
      if (r.placement == p) (r.expect == Expect::kBlock ? attacks : benign) += 1;
    }
    EXPECT_GT(attacks, 0) << Code(p);
    EXPECT_GT(benign, 0) << Code(p);
  }
  for (const Encoder e : AllEncoders()) {
    EXPECT_TRUE(std::any_of(plan().requests.begin(), plan().requests.end(), [&](const auto& r) { return r.encoder == e; })) << Code(e);
  }
}

// CategoryOverridesApply
void CheckOverrides() {
  using R = RepositoryCorpus;
  const auto& corpus = R::corpus;
  const auto& plan = R::plan;
  const auto Excluded = [](std::string_view a, std::string_view b) { return R::Excluded(a, b); };
  (void)corpus, (void)plan, (void)Excluded;
  const auto find = [&](std::string_view id) -> const Case* {
    for (const Case& c : corpus().cases) {
      if (c.id == id) return &c;
    }
    return nullptr;
  };
  ASSERT_NE(find("gotestwaf/owasp-api/rest/p2"), nullptr);
  EXPECT_EQ(find("gotestwaf/owasp-api/rest/p2")->category, "sqli");
  EXPECT_EQ(find("gotestwaf/owasp-api/rest/p1")->category, "xss");
  EXPECT_EQ(find("gotestwaf/owasp-api/graphql/p1-graphql-get")->category, "api");
  EXPECT_EQ(find("gotestwaf/false-pos/texts/p1")->category, "sqli");
  EXPECT_EQ(find("gotestwaf/false-pos/texts/p1")->expect, Expect::kAllow);
  EXPECT_EQ(find("gotestwaf/false-pos/texts/p5")->category, "general");
  EXPECT_EQ(find("gotestwaf/owasp/xss-scripting/p1")->category, "xss");
  EXPECT_EQ(find("gotestwaf/community/community-128kb-sqli/p1")->tags.front(), "size:131072");
}

// FingerprintsAreStableAndThePlanFingerprintIsSeedIndependent
void CheckFingerprints() {
  using R = RepositoryCorpus;
  const auto& corpus = R::corpus;
  const auto& plan = R::plan;
  const auto Excluded = [](std::string_view a, std::string_view b) { return R::Excluded(a, b); };
  (void)corpus, (void)plan, (void)Excluded;
  EXPECT_TRUE(corpus().fingerprint.starts_with("sha256:"));
  EXPECT_EQ(corpus().fingerprint.size(), 7u + 64u);
  // Recomputed from the files' bytes, without parsing.
  std::map<std::string, std::string> files;
  for (const char* dir : {"sources/gotestwaf/testcases", "sources/crs-regression/tests", "corpus"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kData / dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && (name.ends_with(".yml") || name.ends_with(".yaml"))) {
        files[std::filesystem::relative(entry.path(), kData).generic_string()] = ReadAll(entry.path());
      }
    }
  }
  EXPECT_EQ(static_cast<int>(files.size()), corpus().files);
  EXPECT_EQ(CorpusFingerprint(files), corpus().fingerprint);
  auto other_seed = Compile(corpus(), 7);
  ASSERT_TRUE(other_seed);
  EXPECT_EQ(other_seed->plan_fingerprint, plan().plan_fingerprint);
  EXPECT_EQ(other_seed->corpus_fingerprint, corpus().fingerprint);
  EXPECT_EQ(plan().corpus_fingerprint, corpus().fingerprint);
  EXPECT_EQ(other_seed->requests.size(), plan().requests.size());
  // Same ids in the same index order; seeded parts of the bytes differ.
  int differing = 0;
  for (std::size_t i = 0; i < plan().requests.size(); ++i) {
    ASSERT_EQ(other_seed->requests[i].id, plan().requests[i].id);
    if (other_seed->requests[i].tmpl != plan().requests[i].tmpl) ++differing;
  }
  EXPECT_GT(differing, 1000);
  // Ids are unique.
  std::set<std::string> ids;
  for (const auto& r : plan().requests) EXPECT_TRUE(ids.insert(r.id).second) << r.case_id;
  EXPECT_EQ(plan().plan_version, kPlanVersion);
}

// Two tests, not eight: ctest runs each test in a process of its own, and each loads the corpus.
TEST_F(RepositoryCorpus, ImportsMatchTheInventoryCounts) {
  CheckGoTestWafCounts();
  CheckCrsCounts();
  CheckOverrides();
}

TEST_F(RepositoryCorpus, OwnCasesCoverEveryScoredCategoryAndTheFingerprintsHold) {
  CheckScoredCategories();
  CheckOwnCases();
  CheckFingerprints();
}

// A small corpus in memory: one GoTestWAF file, one CRS file, our own file.
std::map<std::string, std::string> SmallFiles() {
  return {
      {"sources/gotestwaf/testcases/owasp/sql-injection.yml",
       "payload:\n  - \"' or 1=1 --\"\n  - \"1 union select 1\"\nencoder:\n  - URL\nplaceholder:\n  - URLParam\n  - HTMLForm\ntype: SQL Injection\n"},
      {"sources/crs-regression/tests/REQUEST-942-APPLICATION-ATTACK-SQLI/942100.yaml",
       "rule_id: 942100\ntests:\n  - test_id: 1\n    desc: \"Simple SQL Injection\"\n    stages:\n      - input:\n          headers:\n"
       "            Host: localhost\n            User-Agent: \"OWASP CRS test agent\"\n          method: POST\n          uri: \"/post\"\n"
       "          data: \"var=1234 OR 1=1\"\n        output:\n          log:\n            expect_ids: [942100]\n"},
      {"corpus/benign.yaml",
       "schema: proven.waf.corpus/1\nsource: proven\nlicence: CC0-1.0\nprovenance: test\ncases:\n  - id: prose\n    category: sqli\n"
       "    expect: allow\n    payloads: [\"O'Reilly\", \"select your colour\", \"a\", \"b\", \"c\"]\n    encoders: [plain]\n"
       "    placements: [query, form]\n"},
  };
}

TEST(WafCorpusFiles, ASmallCorpusLoadsAndCompiles) {
  auto corpus = LoadCorpusFiles(SmallFiles());
  ASSERT_TRUE(corpus) << corpus.error().message;
  ASSERT_EQ(corpus->cases.size(), 4u);
  EXPECT_EQ(corpus->cases[0].id, "gotestwaf/owasp/sql-injection/p1");
  EXPECT_EQ(corpus->cases[0].line, 2);
  EXPECT_EQ(corpus->cases[2].id, "crs-regression/942100/1");
  EXPECT_EQ(corpus->cases[3].id, "proven/benign/prose");
  EXPECT_EQ(corpus->fingerprint, CorpusFingerprint(SmallFiles()));
  auto plan = Compile(*corpus, 1);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->requests.size(), 2u * 2u + 1u + 5u * 2u);
}

TEST(WafCorpusFiles, TheFingerprintCoversPathsAndBytes) {
  auto files = SmallFiles();
  const std::string base = CorpusFingerprint(files);
  EXPECT_EQ(CorpusFingerprint(files), base);
  files["corpus/benign.yaml"] += " ";
  EXPECT_NE(CorpusFingerprint(files), base);
  files = SmallFiles();
  auto node = files.extract("corpus/benign.yaml");
  node.key() = "corpus/benign2.yaml";
  files.insert(std::move(node));
  EXPECT_NE(CorpusFingerprint(files), base);
}

struct BadCase {
  std::string name;
  std::string find;
  std::string replace;
  std::string error;  // the whole message, or its start
};

TEST(WafCorpusFiles, BadFilesFailWithFileAndLineAndNeverAPartialCorpus) {
  const std::vector<BadCase> cases{
      {"unknown encoder", "encoders: [plain]", "encoders: [plain, rot13]", "corpus/benign.yaml:10:23: unknown encoder \"rot13\""},
      {"unknown placement", "placements: [query, form]", "placements: [query, body]", "corpus/benign.yaml:11:25: unknown placement \"body\""},
      {"unknown category", "category: sqli", "category: sql", "corpus/benign.yaml:7:15: unknown category \"sql\""},
      {"bad expect", "expect: allow", "expect: maybe", "corpus/benign.yaml:8:13: expect must be block or allow"},
      {"unknown key", "    encoders: [plain]\n", "    encoders: [plain]\n    colour: red\n", "corpus/benign.yaml:11:13: unknown key \"colour\""},
      {"wrong schema", "proven.waf.corpus/1", "proven.waf.corpus/2", "corpus/benign.yaml:1:9: schema must be proven.waf.corpus/1"},
      {"missing payloads", "    payloads: [\"O'Reilly\", \"select your colour\", \"a\", \"b\", \"c\"]\n", "",
       "corpus/benign.yaml:6:5: \"payloads\" is required"},
      {"syntax", "    expect: allow\n", "    expect: [allow\n", "corpus/benign.yaml:"},
      {"too few benign", "\"a\", \"b\", \"c\"", "\"a\"",
       "corpus/: category sqli has 5 headline attack requests but only 6 headline benign requests; at least 10 are needed"},
      {"case_mix outside sqli", "category: sqli\n    expect: allow\n    payloads: [\"O'Reilly\", \"select your colour\", \"a\", \"b\", \"c\"]\n    encoders: [plain]",
       "category: general\n    expect: allow\n    payloads: [\"O'Reilly\", \"select your colour\", \"a\", \"b\", \"c\"]\n    encoders: [case_mix]",
       "corpus/benign.yaml:6:5: case proven/benign/prose: encoder case_mix is for sqli cases only"},
  };
  for (const auto& c : cases) {
    auto files = SmallFiles();
    std::string& text = files["corpus/benign.yaml"];
    const auto pos = text.find(c.find);
    ASSERT_NE(pos, std::string::npos) << c.name;
    text.replace(pos, c.find.size(), c.replace);
    auto corpus = LoadCorpusFiles(files);
    ASSERT_FALSE(corpus) << c.name;
    EXPECT_TRUE(corpus.error().message.starts_with(c.error)) << c.name << ": " << corpus.error().message;
  }
  // A duplicate id across two of our files.
  auto files = SmallFiles();
  files["corpus/more.yaml"] = files["corpus/benign.yaml"];
  files["corpus/more.yaml"].replace(files["corpus/more.yaml"].find("id: prose"), 9, "id: pros2");
  ASSERT_TRUE(LoadCorpusFiles(files));
  files["corpus/benign.yaml"] += "  - id: prose\n    category: general\n    expect: allow\n    payloads: [x]\n    placements: [query]\n";
  auto dup = LoadCorpusFiles(files);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().message, "corpus/benign.yaml:12:5: duplicate case id proven/benign/prose");
  // A broken imported file fails the whole load too.
  files = SmallFiles();
  files["sources/gotestwaf/testcases/owasp/sql-injection.yml"].replace(0, 7, "pay_load");
  auto broken = LoadCorpusFiles(files);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message, "sources/gotestwaf/testcases/owasp/sql-injection.yml:1:1: \"payload\" must be a non-empty list");
  files = SmallFiles();
  files["corpus/gotestwaf-categories.yaml"] = "schema: proven.waf.overrides/1\noverrides:\n  - {case: gotestwaf/owasp/nothing/p1, category: xss}\n";
  auto override = LoadCorpusFiles(files);
  ASSERT_FALSE(override);
  EXPECT_EQ(override.error().message, "corpus/gotestwaf-categories.yaml:3:12: no imported case \"gotestwaf/owasp/nothing/p1\"");
}

TEST(WafCorpusFiles, CrsNegativeTestsAreBenignOnlyWhenDescribedAsFalsePositives) {
  auto files = SmallFiles();
  std::string& crs = files["sources/crs-regression/tests/REQUEST-942-APPLICATION-ATTACK-SQLI/942100.yaml"];
  int id = 10;
  for (const char* desc : {"False positive: a name", "false-positive test", "falsepositive", "FP: prose", "[FP] prose", "fp",
                           "fpx is not it", "Not a false positive", "another rule's attack"}) {
    crs += "  - test_id: " + std::to_string(id++) + "\n    desc: \"" + desc +
           "\"\n    stages:\n      - input:\n          uri: \"/get?q=1\"\n        output:\n          log:\n"
           "            no_expect_ids: [942100]\n";
  }
  auto corpus = LoadCorpusFiles(files);
  ASSERT_TRUE(corpus) << corpus.error().message;
  std::vector<std::string> benign;
  for (const Case& c : corpus->cases) {
    if (c.source == "crs-regression" && c.expect == Expect::kAllow) benign.push_back(c.id);
  }
  EXPECT_EQ(benign, (std::vector<std::string>{"crs-regression/942100/10", "crs-regression/942100/11", "crs-regression/942100/12",
                                              "crs-regression/942100/13", "crs-regression/942100/14", "crs-regression/942100/15"}));
  ASSERT_EQ(corpus->excluded.size(), 1u);
  EXPECT_EQ(corpus->excluded[0].count, 3);
}

TEST(WafCorpusFiles, AMissingDirectoryIsAnErrorNamingIt) {
  auto missing = LoadCorpus("/nonexistent/waf");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "/nonexistent/waf: not a corpus directory");
  EXPECT_EQ(missing.error().field, "corpus");
}

}  // namespace
}  // namespace proven::waf
