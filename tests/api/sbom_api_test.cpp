// SBOMs and known vulnerabilities over the real binary (issue 15): `proven osv import` from a
// directory (withdrawn records skipped, a re-import changes nothing), a vendor's SBOM upload with
// findings that say which component, purl, record, aliases, range, event and comparator, the
// components not matched with their reasons, who may read them, a user company's portfolio and
// the alerts (feed and mail) a new advisory raises for it and the vendor, VEX statements beside
// findings, the reverse index, `proven sbom check`, and the refusals on the way.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

const std::string kVendor = "apply@airlink-giken.example";  // product 1 of the demo history
const std::string kOtherVendor = "apply@mirai-shield.example";
const std::string kAdmin = "operator@demo.proven.example";
const std::string kUser = "it@toto-seisakusho.example";
const std::string kOtherUser = "it@minato-shoten.example";

std::string Fixture(const std::string& relative) { return testing::SourcePath("tests/fixtures/sbom/" + relative); }

// A CycloneDX 1.5 SBOM of a product release: containerd inside GO-2022-0344's second pair, django
// and smallvec that later advisories affect, and two components that cannot be looked up.
json Sbom() {
  return {{"bomFormat", "CycloneDX"},
          {"specVersion", "1.5"},
          {"serialNumber", "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"},
          {"version", 1},
          {"metadata", {{"component", {{"type", "application"}, {"name", "AirWatch Scope"}, {"version", "3.2"}}}}},
          {"components",
           json::array({{{"type", "library"},
                         {"bom-ref", "containerd"},
                         {"name", "containerd"},
                         {"version", "1.5.5"},
                         {"purl", "pkg:golang/github.com/containerd/containerd@v1.5.5"}},
                        {{"type", "library"},
                         {"bom-ref", "django"},
                         {"name", "Django"},
                         {"version", "2.2.1"},
                         {"purl", "pkg:pypi/Django@2.2.1"}},
                        {{"type", "library"},
                         {"bom-ref", "smallvec"},
                         {"name", "smallvec"},
                         {"version", "0.4.2"},
                         {"purl", "pkg:cargo/smallvec@0.4.2"}},
                        {{"type", "library"}, {"bom-ref", "vendored-zlib"}, {"name", "zlib"}, {"version", "1.2.11"}},
                        {{"type", "library"},
                         {"bom-ref", "curl"},
                         {"name", "curl"},
                         {"version", "7.88.1-10"},
                         {"purl", "pkg:deb/debian/curl@7.88.1-10"}}})}};
}

class SbomApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "sbom.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    tokens_ = testing::AddUsersWithTokens(db, {{kUser, "user", "東都製作所（架空）"},
                                               {kOtherUser, "user", "みなと商店（架空）"}});
    for (const std::string& demo : {kVendor, kOtherVendor, kAdmin}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create");
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    server_ = new testing::ServerProcess(db);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const std::string& body = "{}") {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(30, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    if (method == "POST") return c.Post(path.c_str(), h, body, "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body, "application/json");
    if (method == "DELETE") return c.Delete(path.c_str(), h);
    return c.Get(path.c_str(), h);
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  // A directory of OSV records copied from the fixtures.
  static std::string OsvDir(const std::string& name, const std::vector<std::string>& records) {
    const auto d = *dir_ / name;
    std::filesystem::create_directories(d / "nested");
    for (const auto& r : records) {
      std::filesystem::copy_file(Fixture("osv/" + r), d / "nested" / std::filesystem::path(r).filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
    testing::WriteFile(d / "README.txt", "not a record");
    return d.string();
  }
  static json Report(const std::string& who, std::int64_t sbom) {
    return Ok(Call(who, "GET", fmt::format("/api/v1/products/1/sboms/{}", sbom)));
  }
  static const json* FindingOf(const json& report, const std::string& id) {
    for (const auto& f : report["findings"]) {
      if (f["id"] == id) return &f;
    }
    return nullptr;
  }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static std::map<std::string, std::string> tokens_;
  static testing::ServerProcess* server_;
};
testing::TempDir* SbomApi::dir_ = nullptr;
testing::TestDatabase* SbomApi::db_ = nullptr;
std::map<std::string, std::string> SbomApi::tokens_;
testing::ServerProcess* SbomApi::server_ = nullptr;

TEST_F(SbomApi, AWholeRoundFromImportToAlertsAndStatements) {
  const std::string db = db_->spec();
  // Before any import: the snapshot says so, and an SBOM still reads (everything is unmatched or clean).
  EXPECT_EQ(Ok(Call("", "GET", "/api/v1/osv"))["snapshot"], "osv:none");

  // The first import: containerd's record, and a withdrawn record that is not taken into force.
  auto first = RunProven({"osv", "import", OsvDir("osv-a", {"go/GO-2022-0344.json", "rustsec/RUSTSEC-2020-0053.json"}),
                          "--db", db});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("2 read, 1 added, 0 updated, 0 unchanged, 1 withdrawn, 0 skipped"), std::string::npos)
      << first.out;

  // The vendor registers release 3.2's SBOM.
  auto up = Call(kVendor, "POST", "/api/v1/products/1/sboms?release=3.2", Sbom().dump());
  const json sbom = Ok(up, 201);
  ASSERT_TRUE(sbom.is_object());
  const auto sbom_id = sbom["id"].get<std::int64_t>();
  EXPECT_EQ(sbom["components"], 5);
  EXPECT_EQ(sbom["format"], "cyclonedx");
  EXPECT_EQ(sbom["spec_version"], "1.5");
  EXPECT_EQ(sbom["findings"], 1);
  EXPECT_EQ(sbom["unmatched"], 2);
  EXPECT_EQ(up->get_header_value("Location"), fmt::format("/api/v1/products/1/sboms/{}", sbom_id));
  EXPECT_EQ(Status(Call(kVendor, "POST", "/api/v1/products/1/sboms?release=3.2", Sbom().dump())), 409)
      << "one SBOM per release";

  json report = Report(kVendor, sbom_id);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump();
  const json& f = report["findings"][0];
  EXPECT_EQ(f["component"], "containerd");
  EXPECT_EQ(f["purl"], "pkg:golang/github.com/containerd/containerd@v1.5.5");
  EXPECT_EQ(f["id"], "GO-2022-0344");
  EXPECT_EQ(f["aliases"], json::array({"CVE-2022-23648", "GHSA-crp2-qrr5-8pq7"}));
  EXPECT_EQ(f["event"], json({{"introduced", "1.5.0"}, {"fixed", "1.5.10"}})) << "the pair that holds 1.5.5";
  EXPECT_EQ(f["range_type"], "SEMVER");
  EXPECT_EQ(f["comparator"], "go");
  EXPECT_TRUE(f["statement"].is_null());
  EXPECT_NE(report["snapshot"].get<std::string>().find("osv:"), std::string::npos);
  std::map<std::string, std::string> reasons;
  for (const auto& u : report["unmatched"]) reasons[u["component"]] = u["reason"];
  EXPECT_EQ(reasons, (std::map<std::string, std::string>{{"vendored-zlib", "no_purl"}, {"curl", "no_distro_release"}}));

  // Who may read: the vendor and the admin; a user company only once the product is in its portfolio.
  EXPECT_EQ(Status(Call(kAdmin, "GET", fmt::format("/api/v1/products/1/sboms/{}", sbom_id))), 200);
  EXPECT_EQ(Status(Call(kOtherVendor, "GET", fmt::format("/api/v1/products/1/sboms/{}", sbom_id))), 404);
  EXPECT_EQ(Status(Call(kUser, "GET", fmt::format("/api/v1/products/1/sboms/{}", sbom_id))), 404);
  EXPECT_EQ(Status(Call(kOtherVendor, "POST", "/api/v1/products/1/sboms?release=9", Sbom().dump())), 404)
      << "another vendor's product is not there for it";
  EXPECT_EQ(Status(Call(kUser, "POST", "/api/v1/products/1/sboms?release=9", Sbom().dump())), 403);
  EXPECT_EQ(Ok(Call(kUser, "PUT", "/api/v1/portfolio/1?lang=en"), 201)["added"], true);
  EXPECT_EQ(Ok(Call(kUser, "PUT", "/api/v1/portfolio/1"), 200)["added"], false);
  EXPECT_EQ(Status(Call(kUser, "GET", fmt::format("/api/v1/products/1/sboms/{}", sbom_id))), 200);
  EXPECT_EQ(Status(Call(kVendor, "PUT", "/api/v1/portfolio/1")), 403) << "portfolios are user companies'";
  json portfolio = Ok(Call(kUser, "GET", "/api/v1/portfolio"));
  ASSERT_EQ(portfolio["items"].size(), 1u);
  EXPECT_EQ(portfolio["items"][0]["findings"], 1);
  EXPECT_EQ(portfolio["items"][0]["open"], 1);
  EXPECT_TRUE(Ok(Call(kUser, "GET", "/api/v1/alerts"))["items"].empty()) << "nothing was imported since";

  // A second import with two new advisories: each affects the SBOM, so the vendor and the user
  // company are each told once per advisory, in the feed and by mail.
  const auto b = OsvDir("osv-b", {"pypa/PYSEC-2019-16.json", "rustsec/RUSTSEC-2018-0003.json", "go/GO-2022-0344.json"});
  auto second = RunProven({"osv", "import", b, "--db", db});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("3 read, 2 added, 0 updated, 1 unchanged"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("4 alert(s)"), std::string::npos) << second.out;
  json alerts = Ok(Call(kUser, "GET", "/api/v1/alerts"));
  std::set<std::string> told;
  for (const auto& a : alerts["items"]) {
    told.insert(a["record"]);
    EXPECT_EQ(a["audience"], "user");
    EXPECT_EQ(a["release"], "3.2");
  }
  EXPECT_EQ(told, (std::set<std::string>{"PYSEC-2019-16", "RUSTSEC-2018-0003"}));
  EXPECT_EQ(Ok(Call(kVendor, "GET", "/api/v1/alerts"))["items"].size(), 2u);
  EXPECT_TRUE(Ok(Call(kOtherUser, "GET", "/api/v1/alerts"))["items"].empty());
  // The same alerts as Atom, read with the organisation's secret key (no sign-in); a wrong key finds nothing.
  const std::string feed = alerts["feed"].get<std::string>();
  ASSERT_TRUE(feed.starts_with("/feeds/alerts/")) << feed;
  auto atom = Call("", "GET", feed);
  ASSERT_EQ(Status(atom), 200);
  EXPECT_NE(atom->get_header_value("Content-Type").find("application/atom+xml"), std::string::npos);
  EXPECT_NE(atom->body.find("PYSEC-2019-16 が "), std::string::npos) << atom->body;
  EXPECT_NE(atom->body.find("RUSTSEC-2018-0003"), std::string::npos) << atom->body;
  EXPECT_NE(atom->body.find(fmt::format("/products/1/sboms/{}", sbom_id)), std::string::npos) << atom->body;
  EXPECT_EQ(Status(Call("", "GET", feed.substr(0, feed.size() - 1) + (feed.back() == 'A' ? "B" : "A"))), 404);
  EXPECT_EQ(Status(Call("", "GET", feed.substr(0, feed.find('?')))), 404);
  EXPECT_TRUE(Ok(Call(kOtherUser, "GET", "/api/v1/alerts"))["feed"].is_null()) << "it lists no product";
  auto mail = RunProven({"mail", "list", "--db", db});
  ASSERT_EQ(mail.exit_code, 0) << mail.err;
  EXPECT_NE(mail.out.find(kUser), std::string::npos) << mail.out;
  EXPECT_NE(mail.out.find(kVendor), std::string::npos) << mail.out;

  // The same import again changes nothing and tells nobody twice.
  auto again = RunProven({"osv", "import", b, "--db", db});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("3 read, 0 added, 0 updated, 3 unchanged"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("0 alert(s)"), std::string::npos) << again.out;

  report = Report(kUser, sbom_id);
  ASSERT_EQ(report["findings"].size(), 3u) << report.dump();
  const json* django = FindingOf(report, "PYSEC-2019-16");
  ASSERT_NE(django, nullptr);
  EXPECT_EQ((*django)["event"], json({{"introduced", "2.2"}, {"fixed", "2.2.9"}}));
  EXPECT_EQ((*django)["comparator"], "pep440");
  const json* smallvec = FindingOf(report, "RUSTSEC-2018-0003");
  ASSERT_NE(smallvec, nullptr);
  EXPECT_EQ((*smallvec)["event"], json({{"introduced", "0.4.0-0"}, {"fixed", "0.4.5"}}));
  EXPECT_EQ(report["open"], 3);

  // The vendor states that Django's issue does not affect the product (naming the CVE alias).
  EXPECT_EQ(Status(Call(kVendor, "POST", "/api/v1/products/1/vex/statements",
                        json{{"vulnerability", "CVE-2019-19844"}, {"status", "not_affected"}}.dump())),
            400)
      << "not_affected needs a justification";
  auto stated = Call(kVendor, "POST", "/api/v1/products/1/vex/statements",
                     json{{"vulnerability", "CVE-2019-19844"},
                          {"status", "not_affected"},
                          {"justification", "vulnerable_code_not_in_execute_path"},
                          {"detail", "パスワードリセット機能を使っていません。"}}
                         .dump());
  Ok(stated, 201);
  EXPECT_EQ(Status(Call(kUser, "POST", "/api/v1/products/1/vex/statements",
                        json{{"vulnerability", "X-1"}, {"status", "fixed"}}.dump())),
            403);
  report = Report(kUser, sbom_id);
  django = FindingOf(report, "PYSEC-2019-16");
  ASSERT_NE(django, nullptr);
  EXPECT_EQ((*django)["statement"]["status"], "not_affected");
  EXPECT_EQ((*django)["statement"]["justification"], "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(report["open"], 2);

  // The reverse index: the admin sees the product an advisory affects; another vendor sees none of it.
  json advisory = Ok(Call(kAdmin, "GET", "/api/v1/advisories/CVE-2022-23648"));
  EXPECT_EQ(advisory["id"], "GO-2022-0344");
  ASSERT_EQ(advisory["products"].size(), 1u);
  EXPECT_EQ(advisory["products"][0]["product_id"], 1);
  EXPECT_EQ(advisory["products"][0]["components"][0]["component"], "containerd");
  EXPECT_TRUE(Ok(Call(kOtherVendor, "GET", "/api/v1/advisories/GO-2022-0344"))["products"].empty());
  EXPECT_EQ(Status(Call(kAdmin, "GET", "/api/v1/advisories/GHSA-0000-0000-0000")), 404);

  // `proven sbom check` gives the same findings without storing anything.
  const auto file = *dir_ / "bom.json";
  testing::WriteFile(file, Sbom().dump(2));
  auto check = RunProven({"sbom", "check", file.string(), "--db", db});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  const json checked = json::parse(check.out, nullptr, false);
  ASSERT_TRUE(checked.is_object()) << check.out;
  EXPECT_EQ(checked["findings"].size(), 3u);
  EXPECT_EQ(checked["unmatched"].size(), 2u);
  for (const auto& key : {"component", "purl", "id", "aliases", "range", "comparator"}) {
    EXPECT_TRUE(checked["findings"][0].contains(key)) << key;
  }
  for (const auto& key : {"component", "reason"}) EXPECT_TRUE(checked["unmatched"][0].contains(key)) << key;
  auto table = RunProven({"sbom", "check", file.string(), "--db", db, "--format", "table"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("GO-2022-0344"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("no_distro_release"), std::string::npos) << table.out;
  EXPECT_EQ(Ok(Call(kVendor, "GET", "/api/v1/products/1/sboms"))["items"].size(), 1u) << "nothing stored by the check";

  // The user company takes the product off its list.
  EXPECT_EQ(Status(Call(kUser, "DELETE", "/api/v1/portfolio/1")), 204);
  EXPECT_EQ(Status(Call(kUser, "DELETE", "/api/v1/portfolio/1")), 404);
  EXPECT_EQ(Status(Call(kUser, "GET", fmt::format("/api/v1/products/1/sboms/{}", sbom_id))), 404);
}

TEST_F(SbomApi, BadDocumentsAreRefusedNamingWhereAndNothingIsStored) {
  // Not JSON: line and column.
  auto r = Call(kVendor, "POST", "/api/v1/products/1/sboms?release=bad-1", "{\"bomFormat\": \"CycloneDX\",\n  oops}");
  ASSERT_EQ(Status(r), 400) << (r ? r->body : "");
  EXPECT_NE(r->body.find("line 2"), std::string::npos) << r->body;
  // A schema violation: the pointer of the offending element.
  json bad = Sbom();
  bad["components"][1]["type"] = "librar";
  r = Call(kVendor, "POST", "/api/v1/products/1/sboms?release=bad-2", bad.dump());
  ASSERT_EQ(Status(r), 400) << (r ? r->body : "");
  EXPECT_NE(r->body.find("/components/1/type"), std::string::npos) << r->body;
  // An old CycloneDX version and SPDX 2.2 say what they are and what is read.
  r = Call(kVendor, "POST", "/api/v1/products/1/sboms?release=bad-3",
           testing::ReadFile(Fixture("cyclonedx/bom-examples/SBOM_dropwizard-1.3.15_bom.json")));
  ASSERT_EQ(Status(r), 400) << (r ? r->body : "");
  EXPECT_NE(r->body.find("1.2"), std::string::npos) << r->body;
  // No release.
  EXPECT_EQ(Status(Call(kVendor, "POST", "/api/v1/products/1/sboms", Sbom().dump())), 400);
  for (const auto& s : Ok(Call(kVendor, "GET", "/api/v1/products/1/sboms"))["items"]) {
    EXPECT_FALSE(s["release"].get<std::string>().starts_with("bad-")) << s.dump();
  }
  // Unknown product, unknown SBOM.
  EXPECT_EQ(Status(Call(kVendor, "GET", "/api/v1/products/999/sboms")), 404);
  EXPECT_EQ(Status(Call(kVendor, "GET", "/api/v1/products/1/sboms/999")), 404);
  // A VEX statement with a key that is not one.
  r = Call(kVendor, "POST", "/api/v1/products/1/vex/statements", R"({"vulnerability":"X-1","state":"fixed"})");
  ASSERT_EQ(Status(r), 400);
  EXPECT_NE(r->body.find("state"), std::string::npos) << r->body;
}

TEST_F(SbomApi, OsvImportIsAllOrNothingUnlessAskedToSkip) {
  const std::string db = db_->spec();
  const auto d = *dir_ / "osv-bad";
  std::filesystem::create_directories(d);
  std::filesystem::copy_file(Fixture("osv/rustsec/RUSTSEC-2020-0071.json"), d / "RUSTSEC-2020-0071.json",
                             std::filesystem::copy_options::overwrite_existing);
  testing::WriteFile(d / "BROKEN-1.json", R"({"id": "BROKEN-1", "modified": "2024-01-01T00:00:00Z",
  "affected": [{"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "1"}, {"introduced": "2", "fixed": "3"}]}]}]})");
  auto status_before = RunProven({"osv", "status", "--db", db});
  auto refused = RunProven({"osv", "import", d.string(), "--db", db});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("BROKEN-1.json"), std::string::npos) << refused.err;
  EXPECT_EQ(RunProven({"osv", "status", "--db", db}).out, status_before.out) << "nothing was written";
  auto skipped = RunProven({"osv", "import", d.string(), "--db", db, "--skip-invalid"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("1 skipped"), std::string::npos) << skipped.out;
  EXPECT_NE(skipped.err.find("BROKEN-1.json"), std::string::npos) << skipped.err;
  EXPECT_EQ(RunProven({"osv", "import", (*dir_ / "missing").string(), "--db", db}).exit_code, 2);
}

// OSV's all.zip with its modified_id.csv: the second import reads only the record the CSV lists as
// changed; an ecosystem filter keeps the others out.
TEST_F(SbomApi, AnAllZipIsImportedIncrementallyThroughModifiedIdCsv) {
  testing::TempDir work;
  testing::TestDatabase database(work, "zip.db");
  const std::string db = database.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  const auto zip = work / "all.zip";
  // python3's zipfile writes the archive as osv.dev's exporter does (entries at the top level);
  // argv: zip, csv file, django's `modified`, records...
  testing::WriteFile(work / "mkzip.py",
                     "import json, sys, zipfile\n"
                     "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
                     "for path in sys.argv[4:]:\n"
                     "    r = json.load(open(path))\n"
                     "    if r['id'] == 'PYSEC-2019-16': r['modified'] = sys.argv[3]\n"
                     "    z.writestr(r['id'] + '.json', json.dumps(r))\n"
                     "z.writestr('modified_id.csv', open(sys.argv[2]).read())\n"
                     "z.close()\n");
  const auto write_zip = [&](const std::string& csv, const std::string& django_modified) {
    testing::WriteFile(work / "modified_id.csv", csv);
    auto made = testing::RunCommand({"python3", (work / "mkzip.py").string(), zip.string(),
                                     (work / "modified_id.csv").string(), django_modified,
                                     Fixture("osv/pypa/PYSEC-2019-16.json"), Fixture("osv/go/GO-2022-0344.json"),
                                     Fixture("osv/rustsec/RUSTSEC-2018-0003.json")});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::filesystem::remove(work / "modified_id.csv");  // only the copy inside the zip
  };
  write_zip("2020-01-08T04:15:00Z,PyPI/PYSEC-2019-16\n0001-01-01T00:00:00Z,Go/GO-2022-0344\n"
            "2026-07-17T15:52:38Z,crates.io/RUSTSEC-2018-0003\n",
            "2020-01-08T04:15:00Z");
  auto go_only = RunProven({"osv", "import", zip.string(), "--db", db, "--ecosystem", "Go"});
  ASSERT_EQ(go_only.exit_code, 0) << go_only.err;
  EXPECT_NE(go_only.out.find("(modified_id.csv): 1 read, 1 added"), std::string::npos) << go_only.out;
  auto all = RunProven({"osv", "import", zip.string(), "--db", db});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("2 read, 2 added, 0 updated, 1 unchanged"), std::string::npos) << all.out;
  // Django's record changes upstream: the CSV says so, and only it is read.
  write_zip("2026-11-30T00:00:00Z,PyPI/PYSEC-2019-16\n0001-01-01T00:00:00Z,Go/GO-2022-0344\n"
            "2026-07-17T15:52:38Z,crates.io/RUSTSEC-2018-0003\n",
            "2026-11-30T00:00:00Z");
  auto changed = RunProven({"osv", "import", zip.string(), "--db", db});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("1 read, 0 added, 1 updated, 2 unchanged"), std::string::npos) << changed.out;
  EXPECT_NE(RunProven({"osv", "status", "--db", db}).out.find("3 OSV record(s) in force"), std::string::npos);
}

// OpenVEX and CycloneDX VEX documents: every statement stored; a document with a bad statement
// stores none.
TEST_F(SbomApi, VexDocumentsAreStoredWholeOrNotAtAll) {
  const json openvex = {
      {"@context", "https://openvex.dev/ns/v0.2.0"},
      {"@id", "https://airlink-giken.example/vex/2026-001"},
      {"author", "株式会社エアリンク技研（架空）"},
      {"timestamp", "2026-11-30T10:00:00Z"},
      {"version", 1},
      {"statements",
       json::array({{{"vulnerability", {{"name", "CVE-2022-23648"}}},
                     {"products", json::array({{{"@id", "pkg:golang/github.com/containerd/containerd@v1.5.5"}}})},
                     {"status", "fixed"}},
                    {{"vulnerability", {{"name", "GHSA-rxr4-x558-x7hw"}}},
                     {"products", json::array({{{"@id", "pkg:cargo/smallvec@0.4.2"}}})},
                     {"status", "under_investigation"}}})}};
  auto r = Call(kVendor, "POST", "/api/v1/products/1/vex", openvex.dump());
  const json stored = Ok(r, 201);
  ASSERT_EQ(stored["items"].size(), 2u);
  EXPECT_EQ(stored["items"][0]["status"], "fixed");
  EXPECT_EQ(stored["items"][0]["source"], "openvex");
  EXPECT_EQ(stored["items"][0]["scope"], json::array({"pkg:golang/github.com/containerd/containerd@v1.5.5"}));
  const auto before = Ok(Call(kVendor, "GET", "/api/v1/products/1/vex"))["items"].size();
  json bad = openvex;
  bad["statements"][1]["status"] = "not_affected";  // without a justification or impact statement
  r = Call(kVendor, "POST", "/api/v1/products/1/vex", bad.dump());
  EXPECT_EQ(Status(r), 400) << (r ? r->body : "");
  EXPECT_EQ(Ok(Call(kVendor, "GET", "/api/v1/products/1/vex"))["items"].size(), before);
  r = Call(kVendor, "POST", "/api/v1/products/1/vex",
           testing::ReadFile(Fixture("cyclonedx/bom-examples/VEX_CISA-Use-Cases_Case-1_vex-not_affected.json")));
  EXPECT_EQ(Status(r), 201) << (r ? r->body : "");
  EXPECT_EQ(Status(Call(kOtherVendor, "POST", "/api/v1/products/1/vex", openvex.dump())), 404);
}

}  // namespace
}  // namespace proven
