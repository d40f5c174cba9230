// The transparency log's web side on the real binary (issue 12): the checkpoint verifies with the
// key served at /.well-known/proven-log-key; a registrar's change is in a signed checkpoint within
// 2 seconds; every entry's inclusion proof (by index and by hash) and consistency proofs between
// checkpoints verify with the offline verifier (src/tlog), never with the server's word; the
// entries' paging limit and bad parameters are 400s naming the parameter; record bundles verify
// with tlog::VerifyBundle and fail when tampered with; the /log pages; and the "entry #N of the
// public log" block with its QR code on service and product pages.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"
#include "tlog/verify.hpp"

namespace proven {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kPublicUrl = "https://proven.example.jp";

// Within 2 seconds of a change its leaf is in a signed checkpoint (the promise); the
// polling itself and a loaded test machine get this much more.
constexpr auto kCheckpointPromise = std::chrono::milliseconds(2000);
constexpr auto kSlack = std::chrono::milliseconds(750);

struct Leaf {
  std::uint64_t index = 0;
  std::string text;
  tlog::LeafContent content;
};

httplib::Result Get(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(20, 0);
  return c.Get(path.c_str());
}

json GetJson(int port, const std::string& path, int status = 200) {
  auto r = Get(port, path);
  if (!r) throw std::runtime_error("no answer to " + path);
  if (r->status != status) throw std::runtime_error(fmt::format("{}: expected {}, got {}: {}", path, status, r->status, r->body));
  return json::parse(r->body);
}

tlog::VerifierKey ServedKey(int port) {
  auto r = Get(port, "/.well-known/proven-log-key");
  if (!r || r->status != 200) throw std::runtime_error("no verifier key");
  std::string line = r->body;
  if (!line.ends_with("\n")) throw std::runtime_error("the key line does not end in a newline");
  line.pop_back();
  auto key = tlog::ParseVerifierKey(line);
  if (!key) throw std::runtime_error("the served key does not parse: " + key.error().message);
  return *key;
}

// The latest checkpoint, opened with the served key (nothing when none is signed yet).
std::optional<tlog::Checkpoint> Checkpoint(int port, const tlog::VerifierKey& key, std::string* note = nullptr) {
  auto r = Get(port, "/api/v1/log/checkpoint");
  if (!r) throw std::runtime_error("no answer to /api/v1/log/checkpoint");
  // None signed yet: 503 with Retry-After (error.log.no_checkpoint), as for any "try again shortly".
  if (r->status == 503 && r->body.find("error.log.no_checkpoint") != std::string::npos) return std::nullopt;
  if (r->status != 200) throw std::runtime_error("checkpoint: " + std::to_string(r->status) + " " + r->body);
  auto cp = tlog::OpenCheckpoint(r->body, key);
  if (!cp) throw std::runtime_error("the checkpoint does not verify: " + cp.error().message + "\n" + r->body);
  if (note) *note = r->body;
  return *cp;
}

// Waits for a signed checkpoint of at least `min_size` leaves.
std::optional<tlog::Checkpoint> WaitForCheckpoint(int port, const tlog::VerifierKey& key, std::uint64_t min_size,
                                                  std::chrono::milliseconds limit) {
  const auto until = Clock::now() + limit;
  while (true) {
    auto cp = Checkpoint(port, key);
    if (cp && cp->size >= min_size) return cp;
    if (Clock::now() > until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Leaves [start, end), through the entries endpoint 1,000 at a time.
std::vector<Leaf> Entries(int port, std::uint64_t start, std::uint64_t end) {
  std::vector<Leaf> out;
  for (std::uint64_t from = start; from < end; from += 1000) {
    const std::uint64_t to = std::min(end, from + 1000);
    const json page = GetJson(port, fmt::format("/api/v1/log/entries?start={}&end={}", from, to));
    for (const auto& e : page.at("entries")) {
      Leaf l;
      l.index = e.at("index").get<std::uint64_t>();
      l.text = e.at("leaf").get<std::string>();
      auto parsed = tlog::ParseLeaf(l.text);
      if (!parsed) throw std::runtime_error("entry " + std::to_string(l.index) + ": " + parsed.error().message);
      l.content = *parsed;
      out.push_back(std::move(l));
    }
  }
  return out;
}

std::vector<tlog::Hash> Hashes(const json& list) {
  std::vector<tlog::Hash> out;
  for (const auto& h : list) {
    auto d = tlog::DecodeHash(h.get<std::string>(), "hashes");
    if (!d) throw std::runtime_error(d.error().message);
    out.push_back(*d);
  }
  return out;
}

// The newest leaf of a record ("service", 12), read from the entries like anyone could.
std::optional<Leaf> NewestLeafOf(int port, std::uint64_t size, const std::string& type, std::int64_t id) {
  std::optional<Leaf> newest;
  for (auto& l : Entries(port, 0, size)) {
    if (l.content.kind.starts_with(type + ".") && l.content.id == id) newest = std::move(l);
  }
  return newest;
}

std::string Percent(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// ---- Registrar changes on the fixture's services --------------------------------------------------

class LogApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"}},
                                     {"--today", "2026-11-28", "--public-url", kPublicUrl});
    port_ = env_->server->port();
    token_ = env_->tokens["a@example.jp"];
    key_ = new tlog::VerifierKey(ServedKey(port_));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete env_;
  }
  static httplib::Result Post(const std::string& path, const json& body) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(20, 0);
    return c.Post(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token_}}, body.dump(), "application/json");
  }
  // The fixture's services are in the log from the server's start (baseline leaves).
  static tlog::Checkpoint Latest() {
    auto cp = WaitForCheckpoint(port_, *key_, 1, std::chrono::seconds(10));
    if (!cp) throw std::runtime_error("no signed checkpoint within 10 s of the start");
    return *cp;
  }
  // Performs a change and waits for its leaf ("service.<kind>", id) to be in a signed checkpoint;
  // returns the leaf and how long that took.
  static std::pair<Leaf, Clock::duration> ChangeAndWait(const std::function<void()>& change, const std::string& kind,
                                                        std::int64_t id) {
    const auto before = Latest();
    const auto t0 = Clock::now();
    change();
    const auto until = t0 + std::chrono::seconds(10);
    while (Clock::now() < until) {
      auto cp = Checkpoint(port_, *key_);
      if (cp && cp->size > before.size) {
        for (auto& l : Entries(port_, before.size, cp->size)) {
          if (l.content.kind == kind && l.content.id == id) return {std::move(l), Clock::now() - t0};
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("no " + kind + " leaf for " + std::to_string(id) + " in a signed checkpoint within 10 s");
  }
  static testing::SeededServer* env_;
  static int port_;
  static std::string token_;
  static tlog::VerifierKey* key_;
};
testing::SeededServer* LogApi::env_ = nullptr;
int LogApi::port_ = 0;
std::string LogApi::token_;
tlog::VerifierKey* LogApi::key_ = nullptr;

const json kNewService = {
    {"name", "透明性ログ検証サービス"}, {"provider", "ログ株式会社"},  {"address", "東京都港区1-2-3"},
    {"overview", "ログの検証です。"},   {"industries", {"全業種"}},    {"regions", {"関東"}},
    {"registered_on", "2026-11-01"},  {"expires_on", "2029-10-31"}, {"type", "audit"},
    {"url", "https://log.example/"}};

TEST_F(LogApi, TheCheckpointVerifiesWithTheKeyServedAtWellKnown) {
  auto r = Get(port_, "/api/v1/log/checkpoint");
  ASSERT_TRUE(r);
  const auto cp = Latest();
  r = Get(port_, "/api/v1/log/checkpoint");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  auto opened = tlog::OpenCheckpoint(r->body, *key_);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->origin, key_->name);
  EXPECT_GE(opened->size, cp.size);
  // The fixture's services are all in it.
  EXPECT_GE(opened->size, 10u);

  auto k = Get(port_, "/.well-known/proven-log-key");
  EXPECT_EQ(k->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(std::count(k->body.begin(), k->body.end(), '\n'), 1) << "one line";
  EXPECT_TRUE(k->body.starts_with(key_->name + "+")) << "<name>+<hex key id>+<base64 key>";
  EXPECT_EQ(k->body.substr(key_->name.size() + 1, 9), fmt::format("{:08x}+", key_->key_id));
  // A different key does not open it: the check means something.
  auto other = tlog::GenerateSignerKey(key_->name);
  ASSERT_TRUE(other);
  EXPECT_FALSE(tlog::OpenCheckpoint(r->body, tlog::VerifierOf(*other)));
  // Nor does an edited size.
  std::string forged = r->body;
  forged.replace(forged.find('\n') + 1, std::to_string(opened->size).size(), std::to_string(opened->size + 1));
  EXPECT_FALSE(tlog::OpenCheckpoint(forged, *key_));
}

TEST_F(LogApi, ARegistrarsChangesAreInASignedCheckpointWithinTwoSeconds) {
  std::int64_t id = 0;
  auto [registered, t_register] = [&] {
    const auto before = Latest();
    std::pair<Leaf, Clock::duration> out;
    // The id is known only from the answer: find the leaf by the name in its record.
    const auto t0 = Clock::now();
    auto r = Post("/api/v1/services", kNewService);
    if (!r || r->status != 201) throw std::runtime_error("register: " + (r ? r->body : std::string("no answer")));
    id = json::parse(r->body)["id"].get<std::int64_t>();
    const auto until = t0 + std::chrono::seconds(10);
    while (Clock::now() < until) {
      auto cp = Checkpoint(port_, *key_);
      if (cp && cp->size > before.size) {
        for (auto& l : Entries(port_, before.size, cp->size)) {
          if (l.content.kind == "service.registered" && l.content.id == id) {
            out = {std::move(l), Clock::now() - t0};
            return out;
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("the registration's leaf is not in a signed checkpoint within 10 s");
  }();
  EXPECT_LE(t_register, kCheckpointPromise + kSlack);
  EXPECT_EQ(registered.content.record["name"], kNewService["name"]);
  EXPECT_EQ(registered.content.version, 1);

  const std::string base = "/api/v1/services/" + std::to_string(id);
  auto [suspended, t_suspend] = ChangeAndWait(
      [&] { ASSERT_EQ(Post(base + "/suspend", json{{"reason", "監査報告の提出遅延"}})->status, 200); },
      "service.suspended", id);
  EXPECT_LE(t_suspend, kCheckpointPromise + kSlack);
  EXPECT_GT(suspended.index, registered.index);
  EXPECT_GT(suspended.content.version, registered.content.version);

  auto [resumed, t_resume] =
      ChangeAndWait([&] { ASSERT_EQ(Post(base + "/resume", json::object())->status, 200); }, "service.resumed", id);
  EXPECT_LE(t_resume, kCheckpointPromise + kSlack);

  auto [renewed, t_renew] = ChangeAndWait(
      [&] { ASSERT_EQ(Post(base + "/renew", json{{"expires_on", "2032-10-31"}})->status, 200); }, "service.renewed", id);
  EXPECT_LE(t_renew, kCheckpointPromise + kSlack);
  EXPECT_EQ(renewed.content.record["expires_on"], "2032-10-31") << "the record after the event";

  // The record's page names its newest entry (the renewal), with the proof link, QR code and bundle.
  for (const auto& [lang, words] :
       {std::pair<std::string, std::string>{"en", fmt::format("entry #{} of the public log", renewed.index)},
        std::pair<std::string, std::string>{"ja", fmt::format("公開ログのエントリー #{}", renewed.index)}}) {
    auto page = Get(port_, "/services/" + std::to_string(id) + "?lang=" + lang);
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find(words), std::string::npos) << lang;
    EXPECT_NE(page->body.find(fmt::format("href=\"/log/entries/{}\"", renewed.index)), std::string::npos);
    EXPECT_NE(page->body.find(fmt::format("href=\"/api/v1/log/entries/{}/bundle\"", renewed.index)), std::string::npos);
    const auto qr = page->body.find("data-testid=\"log-qr\"");
    ASSERT_NE(qr, std::string::npos);
    EXPECT_EQ(page->body.find("<svg", qr), page->body.find('>', qr) + 1) << "the QR code's SVG is in its box";
    EXPECT_NE(page->body.find("role=\"img\"", qr), std::string::npos);
  }

  // The entry's page: what it records, the link back, the proof and the absolute URL the QR holds.
  auto entry = Get(port_, fmt::format("/log/entries/{}?lang=en", renewed.index));
  ASSERT_EQ(entry->status, 200);
  EXPECT_NE(entry->body.find("Registration renewed"), std::string::npos);
  EXPECT_NE(entry->body.find(fmt::format("href=\"/services/{}\"", id)), std::string::npos);
  EXPECT_NE(entry->body.find(fmt::format("{}/log/entries/{}", kPublicUrl, renewed.index)), std::string::npos);
  EXPECT_NE(entry->body.find("data-testid=\"log-proof-hashes\""), std::string::npos);
  EXPECT_NE(entry->body.find("<svg"), std::string::npos);
  EXPECT_NE(entry->body.find(" JST"), std::string::npos) << "times in Japan's";
  auto ja = Get(port_, fmt::format("/log/entries/{}", renewed.index));
  EXPECT_NE(ja->body.find("登録の更新"), std::string::npos);
}

TEST_F(LogApi, EveryEntrysInclusionProofByIndexAndByHashVerifiesAgainstTheCheckpoint) {
  const auto cp = std::optional<tlog::Checkpoint>(Latest());
  const auto leaves = Entries(port_, 0, cp->size);
  ASSERT_EQ(leaves.size(), cp->size);
  std::vector<std::string> texts;
  for (const auto& l : leaves) texts.push_back(l.text);
  auto whole = tlog::VerifyEntries(texts, *cp);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->checked, cp->size);

  for (const auto& l : leaves) {
    const tlog::Hash h = tlog::LeafHash(l.text);
    const json by_index = GetJson(port_, fmt::format("/api/v1/log/proof/inclusion?index={}&size={}", l.index, cp->size));
    EXPECT_EQ(by_index["index"], l.index);
    EXPECT_EQ(by_index["size"], cp->size);
    const auto proof = Hashes(by_index["hashes"]);
    EXPECT_TRUE(tlog::VerifyInclusion(l.index, cp->size, h, proof, cp->root)) << "entry " << l.index;
    // Against another leaf's hash the same proof fails: the check can fail.
    if (cp->size > 1) {
      EXPECT_FALSE(tlog::VerifyInclusion(l.index, cp->size, tlog::LeafHash(l.text + " "), proof, cp->root));
    }
    const json by_hash = GetJson(port_, fmt::format("/api/v1/log/proof/inclusion?hash={}&size={}",
                                                    Percent(tlog::Base64(h)), cp->size));
    EXPECT_EQ(by_hash["index"], l.index);
    EXPECT_TRUE(tlog::VerifyInclusion(by_hash["index"].get<std::uint64_t>(), cp->size, h, Hashes(by_hash["hashes"]),
                                      cp->root))
        << "entry " << l.index << " by hash";
  }
  // A hash with its '+' unencoded (read as a space) and in the URL-safe alphabet is the same hash.
  for (const auto& l : leaves) {
    const std::string b64 = tlog::Base64(tlog::LeafHash(l.text));
    if (b64.find('+') == std::string::npos && b64.find('/') == std::string::npos) continue;
    std::string loose = b64;
    for (char& c : loose) c = c == '/' ? '_' : c;
    std::string raw;
    for (char c : loose) raw += c == '=' ? std::string("%3D") : std::string(1, c);
    const json j = GetJson(port_, fmt::format("/api/v1/log/proof/inclusion?hash={}&size={}", raw, cp->size));
    EXPECT_EQ(j["index"], l.index) << b64;
    break;
  }
}

TEST_F(LogApi, ConsistencyProofsBetweenTwoCheckpointsVerify) {
  const auto first = Latest();
  json body = kNewService;
  body["name"] = "整合性証明の確認サービス";
  const auto r = Post("/api/v1/services", body);
  ASSERT_EQ(r->status, 201) << r->body;
  const auto second = WaitForCheckpoint(port_, *key_, first.size + 1, std::chrono::seconds(10));
  ASSERT_TRUE(second) << "no newer checkpoint";
  const json j = GetJson(port_, fmt::format("/api/v1/log/proof/consistency?from={}&to={}", first.size, second->size));
  const auto proof = Hashes(j["hashes"]);
  EXPECT_TRUE(tlog::VerifyConsistency(first.size, second->size, first.root, second->root, proof));
  EXPECT_FALSE(tlog::VerifyConsistency(first.size, second->size, second->root, second->root, proof))
      << "a different old root is not consistent";
  // Every smaller size is consistent with the newest checkpoint too.
  for (std::uint64_t m = 1; m <= second->size; m += std::max<std::uint64_t>(1, second->size / 7)) {
    const json p = GetJson(port_, fmt::format("/api/v1/log/proof/consistency?from={}&to={}", m, second->size));
    const json inc = GetJson(port_, fmt::format("/api/v1/log/entries?start=0&end={}", m));
    std::vector<tlog::Hash> hashes;
    for (const auto& e : inc["entries"]) hashes.push_back(tlog::LeafHash(e["leaf"].get<std::string>()));
    EXPECT_TRUE(tlog::VerifyConsistency(m, second->size, tlog::RootOf(hashes), second->root, Hashes(p["hashes"])))
        << m << " → " << second->size;
  }
}

TEST_F(LogApi, EntriesArePagedAtAThousandAndBadParametersAre400sNamingThem) {
  const auto cp = Latest();
  auto error = [&](const std::string& path) {
    auto r = Get(port_, path);
    EXPECT_EQ(r->status, 400) << path << ": " << r->body;
    const json j = json::parse(r->body);
    EXPECT_EQ(j["error"]["code"], "invalid_argument") << path;
    return j["error"].value("parameter", std::string());
  };
  EXPECT_EQ(error("/api/v1/log/entries?start=0&end=1001"), "end");
  EXPECT_EQ(error("/api/v1/log/entries?end=5"), "start");
  EXPECT_EQ(error("/api/v1/log/entries?start=0"), "end");
  EXPECT_EQ(error("/api/v1/log/entries?start=-1&end=5"), "start");
  EXPECT_EQ(error("/api/v1/log/entries?start=abc&end=5"), "start");
  EXPECT_EQ(error("/api/v1/log/entries?start=0&end=5x"), "end");
  EXPECT_EQ(error("/api/v1/log/entries?start=1&end=1&start=2"), "start");
  EXPECT_EQ(error("/api/v1/log/entries?start=99999999999999999999&end=5"), "start");
  EXPECT_EQ(error("/api/v1/log/entries?start=5&end=5"), "end") << "an empty range";
  EXPECT_EQ(error("/api/v1/log/entries?start=5&end=2"), "end") << "a reversed range";
  EXPECT_EQ(error(fmt::format("/api/v1/log/entries?start={}&end={}", cp.size + 5000, cp.size + 5001)), "start")
      << "beyond the log";
  // An end beyond the log gives the leaves up to its end.
  const json tail = GetJson(port_, fmt::format("/api/v1/log/entries?start={}&end={}", cp.size - 1, cp.size + 500));
  EXPECT_GE(tail["entries"].size(), 1u);
  EXPECT_EQ(tail["entries"][0]["index"], cp.size - 1);
  EXPECT_EQ(Get(port_, fmt::format("/api/v1/log/entries?start={}&end={}", cp.size - 1, cp.size + 500))
                ->get_header_value("Cache-Control"),
            "no-cache")
      << "a range cut short grows later: not cached";
  EXPECT_EQ(Get(port_, "/api/v1/log/entries?start=0&end=1")->get_header_value("Cache-Control"), "public, max-age=86400");
  EXPECT_EQ(error("/api/v1/log/proof/inclusion?size=1"), "index");
  EXPECT_EQ(error("/api/v1/log/proof/inclusion?index=0"), "size");
  EXPECT_EQ(error("/api/v1/log/proof/inclusion?index=x&size=1"), "index");
  EXPECT_EQ(error("/api/v1/log/proof/inclusion?hash=notbase64!&size=1"), "hash");
  EXPECT_EQ(error("/api/v1/log/proof/inclusion?hash=AAAA&size=1"), "hash") << "not 32 bytes";
  EXPECT_EQ(error(fmt::format("/api/v1/log/proof/inclusion?index=0&hash={}&size=1",
                              Percent(tlog::Base64(tlog::LeafHash("x"))))),
            "hash");
  EXPECT_EQ(error("/api/v1/log/proof/consistency?to=2"), "from");
  EXPECT_EQ(error("/api/v1/log/proof/consistency?from=1"), "to");
  EXPECT_EQ(error("/api/v1/log/proof/consistency?from=one&to=2"), "from");
  // A Japanese page of errors is not what the API gives: JSON with the key.
  auto r = Get(port_, "/api/v1/log/entries?start=0&end=1001");
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");

  // Exactly 1,000 is fine when the log holds them, and the limit is on the width, not the end.
  const auto ok = Get(port_, fmt::format("/api/v1/log/entries?start=0&end={}", std::min<std::uint64_t>(cp.size, 1000)));
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(json::parse(ok->body)["entries"].size(), std::min<std::uint64_t>(cp.size, 1000));
  // A hash no leaf has: 404 naming it.
  auto missing = Get(port_, fmt::format("/api/v1/log/proof/inclusion?hash={}&size={}",
                                        Percent(tlog::Base64(tlog::LeafHash("no such leaf"))), cp.size));
  EXPECT_EQ(missing->status, 404) << missing->body;
  EXPECT_EQ(Get(port_, "/api/v1/log/entries/999999/bundle")->status, 404);
  EXPECT_EQ(Get(port_, "/log/entries/999999")->status, 404);
}

TEST_F(LogApi, ABundleVerifiesOfflineAndFailsWhenTamperedWith) {
  const auto cp = Latest();
  const auto leaves = Entries(port_, 0, cp.size);
  const Leaf* service = nullptr;
  for (const auto& l : leaves) {
    if (l.content.kind.starts_with("service.")) service = &l;
  }
  ASSERT_NE(service, nullptr);
  auto r = Get(port_, fmt::format("/api/v1/log/entries/{}/bundle", service->index));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Disposition"),
            fmt::format("attachment; filename=\"proven-record-{}.json\"", service->index));
  auto checked = tlog::VerifyBundle(r->body, *key_);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->index, service->index);
  EXPECT_EQ(checked->leaf.id, service->content.id);
  EXPECT_EQ(checked->leaf.kind, service->content.kind);

  // The leaf edited (another expiry) no longer matches the proof.
  json bundle = json::parse(r->body);
  std::string leaf = bundle["leaf"];
  const auto at = leaf.find("\"expires_on\":\"");
  ASSERT_NE(at, std::string::npos);
  leaf[at + 17] = leaf[at + 17] == '9' ? '8' : '9';
  bundle["leaf"] = leaf;
  EXPECT_FALSE(tlog::VerifyBundle(bundle.dump(), *key_));
  // Nor does it verify with another key.
  auto other = tlog::GenerateSignerKey(key_->name);
  EXPECT_FALSE(tlog::VerifyBundle(r->body, tlog::VerifierOf(*other)));
}

TEST_F(LogApi, TheLogPageExplainsItAndShowsTheCheckpointAndTheKey) {
  const auto cp = Latest();
  auto key = Get(port_, "/.well-known/proven-log-key");
  std::string line = key->body;
  line.pop_back();
  for (const auto& [lang, words] : {std::pair<std::string, std::string>{"ja", "公開ログとは"},
                                    std::pair<std::string, std::string>{"en", "What the public log is"}}) {
    auto r = Get(port_, "/log?lang=" + lang);
    ASSERT_EQ(r->status, 200);
    EXPECT_NE(r->body.find(words), std::string::npos);
    EXPECT_NE(r->body.find(line), std::string::npos) << "the verifier key";
    EXPECT_NE(r->body.find("proven verify RECORD.json --key KEY"), std::string::npos);
    EXPECT_NE(r->body.find("proven log verify"), std::string::npos);
    EXPECT_NE(r->body.find("proven log monitor --url " + std::string(kPublicUrl)), std::string::npos);
    EXPECT_NE(r->body.find("data-testid=\"checkpoint-size\""), std::string::npos);
    EXPECT_NE(r->body.find(fmt::format("href=\"/log/entries/{}\"", cp.size - 1)), std::string::npos)
        << "the newest entries are listed";
  }
}

// ---- Products: the demo programme's published reports ----------------------------------------

class LogProducts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "products.db");
    const std::string db = db_->spec();
    if (testing::RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = testing::RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    server_ = new testing::ServerProcess(db, {"--public-url", kPublicUrl});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static testing::ServerProcess* server_;
};
testing::TempDir* LogProducts::dir_ = nullptr;
testing::TestDatabase* LogProducts::db_ = nullptr;
testing::ServerProcess* LogProducts::server_ = nullptr;

TEST_F(LogProducts, AVerifiedProductsPageShowsItsEntryWithTheQrCodeAndTheBundle) {
  const int port = server_->port();
  const auto key = ServedKey(port);
  const json products = GetJson(port, "/api/v1/products?per_page=100");
  ASSERT_GT(products["total"].get<int>(), 0);
  const std::int64_t id = products["items"][0]["id"].get<std::int64_t>();
  // Every published product is in the log (its report versions), and a checkpoint covers them.
  std::optional<Leaf> newest;
  const auto until = Clock::now() + std::chrono::seconds(10);
  while (!newest && Clock::now() < until) {
    auto cp = Checkpoint(port, key);
    if (cp) newest = NewestLeafOf(port, cp->size, "report", id);
    if (!newest) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(newest) << "no report leaf of product " << id << " in a signed checkpoint";
  for (const auto& [lang, words] :
       {std::pair<std::string, std::string>{"en", fmt::format("entry #{} of the public log", newest->index)},
        std::pair<std::string, std::string>{"ja", fmt::format("公開ログのエントリー #{}", newest->index)}}) {
    auto page = Get(port, fmt::format("/products/{}?lang={}", id, lang));
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find(words), std::string::npos) << lang;
    EXPECT_NE(page->body.find(fmt::format("href=\"/log/entries/{}\"", newest->index)), std::string::npos);
    const auto qr = page->body.find("data-testid=\"log-qr\"");
    ASSERT_NE(qr, std::string::npos);
    EXPECT_NE(page->body.find("<svg", qr), std::string::npos);
  }
  auto entry = Get(port, fmt::format("/log/entries/{}?lang=en", newest->index));
  ASSERT_EQ(entry->status, 200);
  EXPECT_NE(entry->body.find(fmt::format("href=\"/products/{}\"", id)), std::string::npos);
  auto bundle = Get(port, fmt::format("/api/v1/log/entries/{}/bundle", newest->index));
  ASSERT_EQ(bundle->status, 200) << bundle->body;
  auto checked = tlog::VerifyBundle(bundle->body, key);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->leaf.id, id);
  EXPECT_TRUE(checked->leaf.kind.starts_with("report."));
}

}  // namespace
}  // namespace proven
