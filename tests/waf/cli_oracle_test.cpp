// `proven waf run --oracle-listen HOST:PORT` on the real binary: the suite hosts the backend the WAF
// under test proxies to and judges each request by whether it arrived there. Against nginx +
// ModSecurity + CRS (tests/support/waf_target.hpp) configured for a fixed port, with a tiny corpus;
// plus the flag's bad values and a port already taken (exit 2), and port 0 printed on stderr.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "support/waf_target.hpp"
#include "waf/oracle_backend.hpp"
#include "waf/report.hpp"

namespace proven {
namespace {

using testing::FindWafPackages;
using testing::NginxModSecurity;
using testing::ReadFile;
using testing::RunProven;
using testing::TempDir;
using testing::WafTargetRequired;
using testing::WriteFile;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A corpus directory of three files: GoTestWAF's format (2 SQL injections, URL-encoded, in a query
// parameter and a form field: 4 attacks CRS blocks at PL1), a CRS regression test (1 attack) and our own
// schema (10 benign requests of the same category, the minimum for a scored category).
void WriteTinyCorpus(const std::filesystem::path& dir) {
  for (const char* sub : {"sources/gotestwaf/testcases/owasp", "sources/crs-regression/tests/REQUEST-942-APPLICATION-ATTACK-SQLI",
                          "corpus"}) {
    std::filesystem::create_directories(dir / sub);
  }
  WriteFile(dir / "sources/gotestwaf/testcases/owasp/sql-injection.yml",
            "payload:\n  - \"1' OR '1'='1\"\n  - \"1 UNION SELECT password FROM users--\"\nencoder:\n  - URL\n"
            "placeholder:\n  - URLParam\n  - HTMLForm\ntype: SQL Injection\n");
  WriteFile(dir / "sources/crs-regression/tests/REQUEST-942-APPLICATION-ATTACK-SQLI/942100.yaml",
            "rule_id: 942100\ntests:\n  - test_id: 1\n    desc: \"Simple SQL Injection\"\n    stages:\n      - input:\n"
            "          headers:\n            Host: localhost\n            User-Agent: \"OWASP CRS test agent\"\n"
            "          method: POST\n          uri: \"/post\"\n          data: \"var=1234 OR 1=1\"\n        output:\n"
            "          log:\n            expect_ids: [942100]\n");
  WriteFile(dir / "corpus/oracle.yaml",
            "schema: proven.waf.corpus/1\nsource: proven\nlicence: CC0-1.0\nprovenance: cli oracle test\ncases:\n"
            "  - id: prose\n    category: sqli\n    expect: allow\n"
            "    payloads: [\"O'Reilly\", \"select your colour\", \"hello world\", \"Tokyo\", \"東京都千代田区\"]\n"
            "    encoders: [plain]\n    placements: [query, form]\n");
}

// A port nothing listens on just now: taken by a backend on port 0, which is then closed.
int FreePort() {
  auto probe = waf::OracleBackend::Start("127.0.0.1", 0);
  EXPECT_TRUE(probe) << probe.error().message;
  return probe ? (*probe)->port() : 0;
}

TEST(WafCliOracle, VerdictsComeFromTheBackendTheWafProxiesTo) {
  const auto packages = FindWafPackages();
  if (!packages.available()) {
    if (WafTargetRequired()) FAIL() << "PROVEN_REQUIRE_WAF_TARGET=1 but nginx, the ModSecurity module or the CRS is missing";
    GTEST_SKIP() << "apt install nginx libnginx-mod-http-modsecurity modsecurity-crs";
  }
  const int port = FreePort();
  ASSERT_GT(port, 0);
  NginxModSecurity nginx(packages, port);
  const std::string err = nginx.Start();
  ASSERT_TRUE(err.empty()) << err;
  TempDir dir;
  WriteTinyCorpus(dir / "corpus");
  const auto report = (dir / "oracle.json").string();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  auto r = RunProven({"waf", "run", "--target", nginx.waf_url(), "--report", report, "--seed", "7", "--corpus",
                      (dir / "corpus").string(), "--oracle-listen", listen, "--ruleset", nginx.ruleset()});
  EXPECT_EQ(nginx.Stop(), 0) << nginx.ErrorLog().substr(0, 4000);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Has(r.err, "proven waf: oracle backend listening on " + listen + "\n")) << r.err;

  auto summary = waf::ReadReport(ReadFile(report));
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->oracle_kind, "backend");
  EXPECT_EQ(summary->requests, 15);
  const auto& bases = summary->json["run"]["bases"];
  EXPECT_EQ(bases.size(), 2u) << bases.dump() << ": every verdict from the oracle";
  EXPECT_EQ(bases.value("oracle_not_reached", 0), 5) << bases.dump();
  EXPECT_EQ(bases.value("oracle_reached", 0), 10) << bases.dump();
  // Too few attacks to score the category (the headline stays empty); its counts say it all.
  ASSERT_EQ(summary->slices.categories.size(), 1u);
  const auto& sqli = summary->slices.categories[0];
  EXPECT_EQ(sqli.name, "sqli");
  EXPECT_EQ(sqli.attacks, 5);
  EXPECT_EQ(sqli.blocked, 5);
  EXPECT_EQ(sqli.benign, 10);
  EXPECT_EQ(sqli.fp, 0);
  for (const auto& check : summary->json["run"]["preflight"]["checks"]) {
    EXPECT_TRUE(Has(check["basis"].get<std::string>(), "oracle_")) << check.dump();
  }
}

TEST(WafCliOracle, BadValuesAndATakenPortExit2NamingTheFlag) {
  TempDir dir;
  const auto report = (dir / "r.json").string();
  for (const char* bad : {"example.com:8081", "127.0.0.1", "127.0.0.1:65536", "127.0.0.1:-5"}) {
    auto r = RunProven({"waf", "run", "--target", "http://127.0.0.1:1/", "--report", report, "--oracle-listen", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "error: --oracle-listen: ")) << r.err;
  }
  auto taken = waf::OracleBackend::Start("127.0.0.1", 0);
  ASSERT_TRUE(taken) << taken.error().message;
  const std::string listen = "127.0.0.1:" + std::to_string((*taken)->port());
  auto r = RunProven({"waf", "run", "--target", "http://127.0.0.1:1/", "--report", report, "--oracle-listen", listen});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "error: --oracle-listen: cannot listen on " + listen + " (")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(report));
}

TEST(WafCliOracle, PortZeroListensOnAFreePortAndSaysWhich) {
  TempDir dir;
  WriteTinyCorpus(dir / "corpus");
  // Nothing answers at the target: the run fails (exit 1) after the backend started.
  auto r = RunProven({"waf", "run", "--target", "http://127.0.0.1:1/", "--report", (dir / "r.json").string(),
                      "--corpus", (dir / "corpus").string(), "--oracle-listen", "localhost:0"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "cannot connect to the target")) << r.err;
  const std::string line = "proven waf: oracle backend listening on 127.0.0.1:";
  const auto at = r.err.find(line);
  ASSERT_NE(at, std::string::npos) << r.err;
  const int port = std::stoi(r.err.substr(at + line.size()));
  EXPECT_GT(port, 0);
  EXPECT_LE(port, 65535);
}

}  // namespace
}  // namespace proven
