#include "services/log/log_service.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "services/programme/case_service.hpp"
#include "services/service_record.hpp"
#include "store/db.hpp"
#include "tlog/jcs.hpp"
#include "tlog/verify.hpp"

namespace proven::services {

using nlohmann::json;
using nlohmann::ordered_json;

// ---- Records ---------------------------------------------------------------------------------

std::string ServiceLogRecord(const domain::Service& s) { return ServiceAuditJson(s); }

std::string ReportLogRecord(const domain::PublishedProduct& p, const domain::ReportVersion& r,
                            const std::string& pdf_sha256) {
  ordered_json product{{"id", p.id},
                       {"name", p.name},
                       {"version", p.version},
                       {"vendor", p.vendor},
                       {"overview", p.overview},
                       {"homepage", p.homepage},
                       {"field_ids", p.field_ids},
                       {"deployment", p.deployment},
                       {"call_id", p.call_id},
                       {"first_published_at", p.first_published_at}};
  ordered_json content = ordered_json::parse(r.content, nullptr, false);
  if (content.is_discarded()) {
    content = r.content;
  } else if (content.is_object()) {
    // Internal ids and workflow state are not part of what is published.
    for (const char* internal : {"id", "application_id", "state", "verifiers", "published_versions"}) content.erase(internal);
    if (content.contains("items") && content["items"].is_array()) {
      for (auto& item : content["items"]) {
        if (item.is_object()) item.erase("evidence");
      }
    }
  }
  ordered_json report{{"version", r.version},   {"published_at", r.published_at}, {"reason", r.reason},
                      {"sha256", r.sha256},     {"pdf_sha256", pdf_sha256},       {"content", std::move(content)}};
  return ordered_json{{"product", std::move(product)}, {"report", std::move(report)}}.dump();
}

std::string CaseLogRecord(std::int64_t case_id, const std::optional<domain::DisclosedCase>& shown) {
  if (!shown) return ordered_json{{"id", case_id}, {"published", false}}.dump();
  ordered_json j = DisclosedRecord(*shown);
  j["id"] = case_id;
  j["published"] = true;
  return j.dump();
}

Status LogServiceEvent(store::ServiceWriter& w, std::int64_t service_id, domain::EventKind kind) {
  auto stored = w.Find(service_id);
  if (!stored) return Fail(stored.error());
  if (!*stored) return Fail(ErrorCode::kInternal, fmt::format("service {} vanished within its own transaction", service_id));
  const std::string event = kind == domain::EventKind::kProposalApproved ? "changed" : std::string(domain::EventKindCode(kind));
  return w.AppendLog("service." + event, service_id, ServiceLogRecord(**stored));
}

// ---- The key file ------------------------------------------------------------------------------

std::optional<std::filesystem::path> DefaultLogKeyPath(std::string_view db_spec) {
  auto target = store::DatabaseTarget::Parse(db_spec);
  if (!target || target->dialect != store::Dialect::kSqlite) return std::nullopt;
  return std::filesystem::path(target->location + ".log-key");
}

Result<tlog::SignerKey> CreateLogKey(const std::filesystem::path& file, std::string_view name) {
  auto key = tlog::GenerateSignerKey(name);
  if (!key) return Fail(key.error());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Fail(ErrorCode::kAlreadyExists, fmt::format("the key file {} exists already: it is never overwritten", file.string()));
    }
    return Fail(ErrorCode::kInvalidArgument, fmt::format("cannot create the key file {}: {}", file.string(), std::strerror(errno)));
  }
  const std::string line = tlog::FormatSignerKey(*key) + "\n";
  const bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(file);
    return Fail(ErrorCode::kInternal, fmt::format("cannot write the key file {}", file.string()));
  }
  return key;
}

Result<tlog::SignerKey> LoadLogKey(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("the log key file {} does not exist (create it with: proven log init-key {})", file.string(),
                            file.string()));
  }
  if ((st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the log key file {} can be read by others (mode {:04o}); the signing key must be private: "
                            "chmod 600 {}",
                            file.string(), st.st_mode & 07777, file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return Fail(ErrorCode::kInvalidArgument, fmt::format("cannot read the log key file {}", file.string()));
  auto key = tlog::ParseSignerKey(buf.str());
  if (!key) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", file.string(), key.error().message));
  return key;
}

// ---- LogService -----------------------------------------------------------------------------------

LogService::LogService(store::LogStore& log, store::ServiceStore& services, store::VerificationStore& verifications,
                       store::CaseStore& cases, std::optional<tlog::SignerKey> key, const Clock& clock,
                       std::function<Date()> today)
    : log_(log), services_(services), verifications_(verifications), cases_(cases), key_(std::move(key)), clock_(clock),
      today_(today ? std::move(today) : std::function<Date()>(TodayInTokyo)) {}

Result<std::string> LogService::VerifierKey() const {
  if (!key_) return Fail(ErrorCode::kFailedPrecondition, "this instance has no log key");
  return tlog::FormatVerifierKey(tlog::VerifierOf(*key_));
}

Status LogService::RefreshLocked() {
  Status bad;
  auto st = log_.ForEachHash(static_cast<std::int64_t>(tree_.size()), [&](std::int64_t index, const tlog::Hash& h) {
    if (!bad) return;
    if (static_cast<std::uint64_t>(index) != tree_.size()) {
      bad = Fail(ErrorCode::kInternal, fmt::format("the log has a gap: leaf {} follows {} leaves", index, tree_.size()));
      return;
    }
    tree_.Append(h);
  });
  if (!st) return st;
  return bad;
}

Status LogService::Refresh() {
  std::lock_guard lock(mu_);
  return RefreshLocked();
}

std::uint64_t LogService::Size() {
  std::lock_guard lock(mu_);
  return tree_.size();
}

namespace {

std::string RecordOfLeaf(const store::LogLeaf& leaf) {
  auto parsed = json::parse(leaf.leaf, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("record")) return "{}";
  return parsed["record"].dump();
}

// An anchored head equal to the audit log's.
bool Anchored(const std::optional<store::LogLeaf>& anchor, const std::pair<std::int64_t, std::string>& head) {
  if (!anchor) return false;
  const auto last = json::parse(anchor->leaf, nullptr, false);
  return !last.is_discarded() && last["record"].value("seq", std::int64_t{-1}) == head.first &&
         last["record"].value("hash", "") == head.second;
}

}  // namespace

Result<std::optional<std::int64_t>> LogService::Tick() {
  if (!key_) return std::optional<std::int64_t>();
  // Registrations that ran out: looked for when the day changes and every minute (a service
  // registered already expired), and each logged once per expiry date.
  const Date today = today_();
  std::vector<domain::Service> expired;
  const std::int64_t now = clock_.NowUnix();
  if (swept_day_ != today || now - swept_at_ >= 60) {
    auto all = services_.ExpiringBetween(Date::FromDays(0), today.AddDays(-1), std::nullopt);
    if (!all) return Fail(all.error());
    for (auto& s : *all) {
      auto it = expiry_logged_.find(s.id);
      if (it == expiry_logged_.end() || it->second != s.expires_on) expired.push_back(std::move(s));
    }
    swept_day_ = today;
    swept_at_ = now;
  }
  // The audit head and the expiries, under the writer lock, only when there is something to write.
  auto head = log_.AuditHead();
  if (!head) return Fail(head.error());
  auto anchor = log_.LatestOf("audit", 0);
  if (!anchor) return Fail(anchor.error());
  if (!expired.empty() || (head->first != 0 && !Anchored(*anchor, *head))) {
    auto wrote = log_.Write([&](store::LogWriter& w) -> Status {
      for (const auto& s : expired) {
        auto last = w.LatestOf("service", s.id);
        if (!last) return Fail(last.error());
        if (!*last) continue;  // no leaf yet: Backfill's baseline comes first
        if ((*last)->kind == "service.expired") continue;
        // Renewed since the list was read: its newest leaf holds the new expiry.
        const auto leaf = json::parse((*last)->leaf, nullptr, false);
        if (leaf.is_discarded()) continue;
        auto expires_on = ParseIsoDate(leaf["record"].value("expires_on", ""));
        if (!expires_on || *expires_on >= today) continue;
        if (auto a = w.Append("service.expired", s.id, RecordOfLeaf(**last)); !a) return Fail(a.error());
      }
      auto current = w.AuditHead();
      if (!current) return Fail(current.error());
      if (current->first == 0) return {};
      auto anchored = w.LatestOf("audit", 0);
      if (!anchored) return Fail(anchored.error());
      if (Anchored(*anchored, *current)) return {};
      auto a = w.Append("audit.head", 0, json{{"seq", current->first}, {"hash", current->second}}.dump());
      if (!a) return Fail(a.error());
      return {};
    });
    if (!wrote) return Fail(wrote.error());
    for (const auto& s : expired) expiry_logged_[s.id] = s.expires_on;
  }

  std::lock_guard lock(mu_);
  if (auto st = RefreshLocked(); !st) return Fail(st.error());
  const std::uint64_t size = tree_.size();
  if (size == 0) return std::optional<std::int64_t>();
  auto latest = log_.LatestCheckpoint();
  if (!latest) return Fail(latest.error());
  if (*latest && static_cast<std::uint64_t>((*latest)->size) >= size) return std::optional<std::int64_t>();
  const tlog::Hash root = tree_.Root();
  store::StoredCheckpoint c;
  c.size = static_cast<std::int64_t>(size);
  c.root = root;
  c.note = tlog::SignNote(tlog::FormatCheckpoint({key_->name, size, root, {}}), *key_);
  c.verifier_key = tlog::FormatVerifierKey(tlog::VerifierOf(*key_));
  auto stored = log_.Write([&](store::LogWriter& w) -> Status {
    c.at = w.Now();
    auto newest = w.LatestCheckpoint();
    if (!newest) return Fail(newest.error());
    if (*newest && (*newest)->size >= c.size) return {};  // another instance was first
    return w.InsertCheckpoint(c);
  });
  if (!stored) return Fail(stored.error());
  return std::optional<std::int64_t>(c.size);
}

Result<std::size_t> LogService::Backfill() {
  std::vector<domain::Service> all;
  auto listed = services_.ForEach([&](domain::Service&& s) { all.push_back(std::move(s)); });
  if (!listed) return Fail(listed.error());
  struct Report {
    domain::PublishedProduct product;
    domain::ReportVersion version;
    std::string pdf_sha256;
  };
  std::vector<Report> reports;
  auto read = verifications_.Read([&](store::VerificationReader& r) -> Status {
    auto products = r.Products();
    if (!products) return Fail(products.error());
    for (auto& p : *products) {
      auto versions = r.ReportVersions(p.id);
      if (!versions) return Fail(versions.error());
      if (versions->empty()) continue;
      auto newest = std::max_element(versions->begin(), versions->end(),
                                     [](const auto& a, const auto& b) { return a.version < b.version; });
      auto pdf = r.ReportPdf(p.id, newest->version);
      if (!pdf) return Fail(pdf.error());
      reports.push_back({p, *newest, *pdf ? Sha256Hex(**pdf) : std::string()});
    }
    return {};
  });
  if (!read) return Fail(read.error());
  std::vector<domain::DeploymentCase> published;
  auto cases = cases_.Read([&](store::CaseReader& r) -> Status {
    store::CaseFilter f;
    f.published_only = true;
    auto list = r.Cases(f);
    if (!list) return Fail(list.error());
    published = std::move(*list);
    return {};
  });
  if (!cases) return Fail(cases.error());

  // Only records without a leaf need the writer lock (usually none: a restart writes nothing).
  auto logged = [&](std::string_view type) -> Result<std::set<std::int64_t>> {
    auto leaves = log_.LatestOfType(type);
    if (!leaves) return Fail(leaves.error());
    std::set<std::int64_t> ids;
    for (const auto& l : *leaves) ids.insert(l.record_id);
    return ids;
  };
  auto services_logged = logged("service");
  if (!services_logged) return Fail(services_logged.error());
  auto reports_logged = logged("report");
  if (!reports_logged) return Fail(reports_logged.error());
  auto cases_logged = logged("case");
  if (!cases_logged) return Fail(cases_logged.error());
  std::erase_if(all, [&](const domain::Service& s) { return services_logged->contains(s.id); });
  std::erase_if(reports, [&](const Report& r) { return reports_logged->contains(r.product.id); });
  std::erase_if(published, [&](const domain::DeploymentCase& c) { return cases_logged->contains(c.id); });
  if (all.empty() && reports.empty() && published.empty()) return std::size_t{0};

  std::size_t appended = 0;
  auto st = log_.Write([&](store::LogWriter& w) -> Status {
    for (const auto& s : all) {
      auto last = w.LatestOf("service", s.id);
      if (!last) return Fail(last.error());
      if (*last) continue;
      if (auto a = w.Append("service.baseline", s.id, ServiceLogRecord(s)); !a) return Fail(a.error());
      ++appended;
    }
    for (const auto& [p, r, pdf_sha256] : reports) {
      auto last = w.LatestOf("report", p.id);
      if (!last) return Fail(last.error());
      if (*last) continue;
      if (auto a = w.Append("report.baseline", p.id, ReportLogRecord(p, r, pdf_sha256), r.version); !a) return Fail(a.error());
      ++appended;
    }
    for (const auto& c : published) {
      auto last = w.LatestOf("case", c.id);
      if (!last) return Fail(last.error());
      if (*last) continue;
      if (auto a = w.Append("case.baseline", c.id, CaseLogRecord(c.id, DisclosedOf(c))); !a) return Fail(a.error());
      ++appended;
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return appended;
}

Result<store::StoredCheckpoint> LogService::LatestCheckpoint() {
  auto c = log_.LatestCheckpoint();
  if (!c) return Fail(c.error());
  if (!*c) {
    return Fail(Reason{"error.log.no_checkpoint", {}}, ErrorCode::kUnavailable,
                "no checkpoint has been signed yet: try again in a few seconds");
  }
  return std::move(**c);
}

Result<std::vector<store::LogLeaf>> LogService::Entries(std::uint64_t start, std::uint64_t end) {
  if (end <= start) {
    return Fail(Reason{"error.log.range", {{"start", std::to_string(start)}, {"end", std::to_string(end)}}},
                ErrorCode::kInvalidArgument, fmt::format("end ({}) must be greater than start ({})", end, start), {}, "end");
  }
  if (end - start > kMaxEntriesPerRequest) {
    return Fail(Reason{"error.log.too_many", {{"max", std::to_string(kMaxEntriesPerRequest)}}}, ErrorCode::kInvalidArgument,
                fmt::format("at most {} entries per request (asked for {})", kMaxEntriesPerRequest, end - start), {},
                "end");
  }
  const std::uint64_t size = Size();
  std::uint64_t known = size;
  // Behind the database (another instance appended): read the new leaves first, so that the
  // entries reach every checkpoint the database holds.
  if (end > known) {
    if (auto st = Refresh(); !st) return Fail(st.error());
    known = Size();
  }
  if (start >= known) {
    return Fail(Reason{"error.log.beyond", {{"size", std::to_string(known)}}}, ErrorCode::kInvalidArgument,
                fmt::format("start ({}) is beyond the log's {} entries", start, known), {}, "start");
  }
  return log_.Leaves(static_cast<std::int64_t>(start), static_cast<std::int64_t>(std::min(end, known)));
}

Result<InclusionProof> LogService::ProveInclusion(std::uint64_t index, std::uint64_t size) {
  std::lock_guard lock(mu_);
  if (size > tree_.size()) {
    if (auto st = RefreshLocked(); !st) return Fail(st.error());
  }
  auto proof = tree_.InclusionProof(index, size);
  if (!proof) return Fail(proof.error());
  return InclusionProof{index, size, std::move(*proof)};
}

Result<InclusionProof> LogService::ProveInclusionOfHash(const tlog::Hash& leaf_hash, std::uint64_t size) {
  auto index = log_.FindByHash(leaf_hash);
  if (!index) return Fail(index.error());
  if (!*index || static_cast<std::uint64_t>(**index) >= size) {
    return Fail(Reason{"error.log.no_leaf", {}}, ErrorCode::kNotFound,
                fmt::format("no leaf with this hash in the tree of {}", size), {}, "hash");
  }
  return ProveInclusion(static_cast<std::uint64_t>(**index), size);
}

Result<std::vector<tlog::Hash>> LogService::ProveConsistency(std::uint64_t from, std::uint64_t to) {
  if (from == 0) {
    return Fail(ErrorCode::kInvalidArgument, "from must be at least 1 (every tree is consistent with the empty one)", {},
                "from");
  }
  std::lock_guard lock(mu_);
  if (to > tree_.size()) {
    if (auto st = RefreshLocked(); !st) return Fail(st.error());
  }
  return tree_.ConsistencyProof(from, to);
}

Result<std::optional<store::LogLeaf>> LogService::LatestEntryOf(std::string_view record_type, std::int64_t id) {
  return log_.LatestOf(record_type, id);
}

Result<std::string> LogService::Bundle(std::uint64_t index) {
  auto leaves = log_.Leaves(static_cast<std::int64_t>(index), static_cast<std::int64_t>(index) + 1);
  if (!leaves) return Fail(leaves.error());
  if (leaves->empty()) {
    return Fail(Reason{"error.log.no_entry", {{"index", std::to_string(index)}}}, ErrorCode::kNotFound,
                fmt::format("the log has no entry {}", index), {}, "index");
  }
  auto cp = LatestCheckpoint();
  if (!cp) return Fail(cp.error());
  if (static_cast<std::uint64_t>(cp->size) <= index) {
    return Fail(Reason{"error.log.not_yet_signed", {{"index", std::to_string(index)}}}, ErrorCode::kUnavailable,
                fmt::format("entry {} is not in a signed checkpoint yet: try again in a few seconds", index));
  }
  auto proof = ProveInclusion(index, static_cast<std::uint64_t>(cp->size));
  if (!proof) return Fail(proof.error());
  ordered_json b{{"format", "proven-record-bundle/1"}, {"index", index}, {"leaf", leaves->front().leaf},
                 {"size", cp->size}, {"hashes", json::array()}, {"checkpoint", cp->note}};
  for (const auto& h : proof->hashes) b["hashes"].push_back(tlog::Base64(h));
  return b.dump(2);
}

// ---- Verification ---------------------------------------------------------------------------------

namespace {

// Canonical forms compare equal when the JSON values do.
std::string CanonicalOf(std::string_view json_text) {
  auto j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return "(not JSON)";
  auto c = tlog::Canonical(j);
  return c ? *c : "(not canonical)";
}

}  // namespace

Result<LogVerification> VerifyStoredLog(store::LogStore& log, store::ServiceStore& services,
                                        store::VerificationStore& verifications, store::CaseStore& cases,
                                        const std::vector<tlog::VerifierKey>& trusted) {
  LogVerification v;
  tlog::Tree tree;
  std::map<std::pair<std::string, std::int64_t>, std::string> newest;  // (type, id) -> record canonical text
  auto walked = log.ForEachLeaf([&](const store::LogLeaf& l) -> Status {
    const std::string where = fmt::format("leaf {}", l.index);
    if (static_cast<std::uint64_t>(l.index) != v.leaves) {
      v.problems.push_back({where, fmt::format("expected leaf {} here: leaves are missing", v.leaves)});
    }
    ++v.leaves;
    const tlog::Hash h = tlog::LeafHash(l.leaf);
    tree.Append(h);
    if (h != l.hash) v.problems.push_back({where, "its stored hash is not the hash of its text (changed)"});
    auto parsed = tlog::ParseLeaf(l.leaf);
    if (!parsed) {
      v.problems.push_back({where, parsed.error().message});
      return {};
    }
    if (parsed->kind != l.kind || parsed->id != l.record_id || parsed->version != l.version || parsed->at != l.at ||
        l.kind.substr(0, l.kind.find('.')) != l.record_type) {
      v.problems.push_back({where, "its columns do not match its text (kind, id, version or time changed)"});
    }
    auto canonical = tlog::Canonical(parsed->record);
    newest[{l.record_type, l.record_id}] = canonical ? *canonical : "";
    return {};
  });
  if (!walked) return Fail(walked.error());

  auto checkpoints = log.Checkpoints();
  if (!checkpoints) return Fail(checkpoints.error());
  for (const auto& c : *checkpoints) {
    ++v.checkpoints;
    const std::string where = fmt::format("checkpoint {}", c.size);
    std::vector<tlog::VerifierKey> keys = trusted;
    if (keys.empty()) {
      auto k = tlog::ParseVerifierKey(c.verifier_key);
      if (!k) {
        v.problems.push_back({where, "the key it names is not a verifier key: " + k.error().message});
        continue;
      }
      keys.push_back(*k);
      if (std::find(v.keys.begin(), v.keys.end(), c.verifier_key) == v.keys.end()) v.keys.push_back(c.verifier_key);
    }
    std::optional<tlog::Checkpoint> opened;
    std::string why;
    for (const auto& k : keys) {
      auto o = tlog::OpenCheckpoint(c.note, k);
      if (o) {
        opened = *o;
        break;
      }
      why = o.error().message;
    }
    if (!opened) {
      v.problems.push_back({where, "its signature does not verify: " + why});
      continue;
    }
    if (opened->size != static_cast<std::uint64_t>(c.size) || opened->root != c.root) {
      v.problems.push_back({where, "the signed note does not match its stored size and root"});
    }
    auto root = tree.Root(opened->size);
    if (!root) {
      v.problems.push_back({where, fmt::format("it signs {} leaves but the log holds {}: leaves were removed", opened->size, tree.size())});
    } else if (*root != opened->root) {
      v.problems.push_back({where, "the stored leaves do not hash to its signed root: the log's history was changed"});
    }
  }

  // Every record's current public state is its newest leaf's record.
  auto compare = [&](std::string_view type, std::int64_t id, const std::string& record_json) {
    ++v.records;
    const std::string where = fmt::format("{} {}", type, id);
    auto it = newest.find({std::string(type), id});
    if (it == newest.end()) {
      v.problems.push_back({where, "it is published but has no leaf in the log"});
      return;
    }
    if (it->second != CanonicalOf(record_json)) {
      v.problems.push_back({where, "its current public record differs from its newest leaf's (changed outside the workflows)"});
    }
    newest.erase(it);
  };
  auto listed = services.ForEach([&](domain::Service&& s) { compare("service", s.id, ServiceLogRecord(s)); });
  if (!listed) return Fail(listed.error());
  auto reports = verifications.Read([&](store::VerificationReader& r) -> Status {
    auto products = r.Products();
    if (!products) return Fail(products.error());
    for (const auto& p : *products) {
      auto versions = r.ReportVersions(p.id);
      if (!versions) return Fail(versions.error());
      if (versions->empty()) continue;
      auto latest = std::max_element(versions->begin(), versions->end(),
                                     [](const auto& a, const auto& b) { return a.version < b.version; });
      auto pdf = r.ReportPdf(p.id, latest->version);
      if (!pdf) return Fail(pdf.error());
      compare("report", p.id, ReportLogRecord(p, *latest, *pdf ? Sha256Hex(**pdf) : std::string()));
    }
    return {};
  });
  if (!reports) return Fail(reports.error());
  auto case_check = cases.Read([&](store::CaseReader& r) -> Status {
    auto all = r.Cases({});
    if (!all) return Fail(all.error());
    for (const auto& c : *all) {
      const auto shown = DisclosedOf(c);
      // A case never published has no leaf, and needs none.
      if (!shown && newest.find({"case", c.id}) == newest.end()) continue;
      compare("case", c.id, CaseLogRecord(c.id, shown));
    }
    return {};
  });
  if (!case_check) return Fail(case_check.error());
  for (const auto& [key, record] : newest) {
    if (key.first == "audit") continue;
    v.problems.push_back({fmt::format("{} {}", key.first, key.second), "it has leaves in the log but no longer exists (deleted)"});
  }
  return v;
}

Result<AuditAnchorCheck> VerifyAuditAnchors(store::LogStore& log, const std::vector<store::AuditEntry>& audit) {
  AuditAnchorCheck out;
  std::map<std::int64_t, const store::AuditEntry*> by_seq;
  for (const auto& e : audit) by_seq[e.seq] = &e;
  std::string anchor_at;
  std::int64_t anchor_index = -1;
  auto walked = log.ForEachLeaf([&](const store::LogLeaf& l) -> Status {
    if (l.kind != "audit.head") return {};
    ++out.anchors;
    auto parsed = json::parse(l.leaf, nullptr, false);
    if (parsed.is_discarded() || !parsed.contains("record")) {
      out.problems.push_back({fmt::format("leaf {}", l.index), "the anchored audit head is not readable"});
      return {};
    }
    const std::int64_t seq = parsed["record"].value("seq", std::int64_t{0});
    const std::string hash = parsed["record"].value("hash", "");
    const std::string where = fmt::format("audit entry {}", seq);
    auto it = by_seq.find(seq);
    if (it == by_seq.end()) {
      out.problems.push_back({where, fmt::format("anchored in the log at leaf {} ({}) but missing: entries were deleted "
                                                 "or the audit log was replaced",
                                                 l.index, l.at)});
    } else if (it->second->hash != hash) {
      out.problems.push_back({where, fmt::format("differs from the head anchored at leaf {} ({}): the entry or one before "
                                                 "it was changed and the chain recomputed, or the audit log was replaced",
                                                 l.index, l.at)});
    }
    if (seq > out.anchored_seq) out.anchored_seq = seq;
    anchor_at = l.at;
    anchor_index = l.index;
    return {};
  });
  if (!walked) return Fail(walked.error());
  // An entry the newest anchor should cover (dated before it) but does not: appended afterwards.
  if (anchor_index >= 0) {
    for (const auto& e : audit) {
      if (e.seq > out.anchored_seq && e.at < anchor_at) {
        out.problems.push_back({fmt::format("audit entry {}", e.seq),
                                fmt::format("dated {} but not covered by the head anchored at leaf {} ({}): appended "
                                            "afterwards (forged)",
                                            e.at, anchor_index, anchor_at)});
      }
    }
  }
  return out;
}

// ---- The checkpointer ------------------------------------------------------------------------------

LogCheckpointer::LogCheckpointer(LogService& log, std::chrono::milliseconds interval)
    : log_(log), thread_(interval, [this] { Round(); }, Periodic::Start::kAtOnce) {}

void LogCheckpointer::Round() {
  if (!backfilled_) {
    if (auto n = log_.Backfill(); !n) {
      spdlog::error("log: backfill failed (retried next round): {}", n.error().message);
      return;
    } else if (*n > 0) {
      spdlog::info("log: {} published records had no leaf yet: appended as baselines", *n);
    }
    backfilled_ = true;
  }
  if (auto signed_size = log_.Tick(); !signed_size) {
    spdlog::warn("log: checkpoint round failed: {}", signed_size.error().message);
  } else if (*signed_size) {
    spdlog::debug("log: signed a checkpoint of {} leaves", **signed_size);
  }
}

}  // namespace proven::services
