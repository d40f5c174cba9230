#include "waf/corpus.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "waf/corpus_internal.hpp"
#include "waf/encoders.hpp"
#include "waf/placements.hpp"

namespace proven::waf {
namespace {

struct CategoryInfo {
  std::string_view code;
  bool scored;
};

constexpr CategoryInfo kCategories[] = {
    {"sqli", true},   {"xss", true},   {"rce", true},     {"path_traversal", true}, {"ssti", true},
    {"ssi", true},    {"nosqli", true}, {"ldapi", true},  {"mail_injection", true}, {"crlf", true},
    {"xxe", true},    {"scanner", true}, {"protocol", true}, {"rfi", true},         {"php", true},
    {"generic", true}, {"session_fixation", true}, {"java", true},
    {"api", false},   {"general", false},
};

}  // namespace

const std::vector<std::string_view>& CategoryCodes() {
  static const std::vector<std::string_view> codes = [] {
    std::vector<std::string_view> v;
    for (const auto& c : kCategories) v.push_back(c.code);
    return v;
  }();
  return codes;
}

bool IsKnownCategory(std::string_view code) {
  return std::any_of(std::begin(kCategories), std::end(kCategories), [&](const auto& c) { return c.code == code; });
}

bool IsScoredCategory(std::string_view code) {
  return std::any_of(std::begin(kCategories), std::end(kCategories), [&](const auto& c) { return c.code == code && c.scored; });
}

namespace internal {

void AddExclusion(std::vector<Exclusion>& out, std::string_view source, std::string_view reason, int count) {
  for (auto& e : out) {
    if (e.source == source && e.reason == reason) {
      e.count += count;
      return;
    }
  }
  out.push_back(Exclusion{std::string(source), std::string(reason), count});
}

Result<std::string> ScalarAt(const std::string& path, const YamlNode& parent, std::string_view key, bool required) {
  const YamlNode* n = parent.Find(key);
  if (n == nullptr || n->IsNull()) {
    if (required) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"{}\" is required", Where(path, parent), key));
    return std::string();
  }
  if (!n->IsScalar()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"{}\" must be text", Where(path, *n), key));
  return n->scalar;
}

namespace {

Result<std::vector<std::string>> StringList(const std::string& path, const YamlNode& parent, std::string_view key, bool required) {
  std::vector<std::string> out;
  const YamlNode* n = parent.Find(key);
  if (n == nullptr) {
    if (required) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"{}\" is required", Where(path, parent), key));
    return out;
  }
  if (!n->IsSequence() || (required && n->items.empty())) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"{}\" must be a non-empty list", Where(path, *n), key));
  }
  for (const YamlNode& item : n->items) {
    if (!item.IsScalar()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: each of \"{}\" must be text", Where(path, item), key));
    out.push_back(item.scalar);
  }
  return out;
}

Result<std::vector<Encoder>> Encoders(const std::string& path, const YamlNode& parent) {
  std::vector<Encoder> out;
  const YamlNode* n = parent.Find("encoders");
  if (n == nullptr) return std::vector<Encoder>{Encoder::kPlain};
  if (!n->IsSequence() || n->items.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"encoders\" must be a non-empty list", Where(path, *n)));
  }
  for (const YamlNode& item : n->items) {
    const auto e = item.IsScalar() ? EncoderFromCode(item.scalar) : std::nullopt;
    if (!e) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown encoder \"{}\"", Where(path, item), item.scalar));
    out.push_back(*e);
  }
  return out;
}

Result<std::vector<Placement>> Placements(const std::string& path, const YamlNode& parent) {
  std::vector<Placement> out;
  const YamlNode* n = parent.Find("placements");
  if (n == nullptr || !n->IsSequence() || n->items.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"placements\" must be a non-empty list", Where(path, n ? *n : parent)));
  }
  for (const YamlNode& item : n->items) {
    const auto p = item.IsScalar() ? PlacementFromCode(item.scalar) : std::nullopt;
    if (!p || *p == Placement::kRawRequest) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown placement \"{}\"{}", Where(path, item), item.scalar,
                                                           p ? " (raw_request is for imported requests)" : ""));
    }
    out.push_back(*p);
  }
  return out;
}

Status OnlyKeys(const std::string& path, const YamlNode& node, std::initializer_list<std::string_view> keys) {
  for (const auto& [k, v] : node.map) {
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown key \"{}\"", Where(path, v), k));
    }
  }
  return {};
}

bool ValidLocalId(std::string_view id) {
  return !id.empty() && id.size() <= 80 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

std::string Stem(const std::string& path) {
  std::string rel = path.substr(kOwnDir.size());
  return rel.substr(0, rel.rfind('.'));
}

}  // namespace

Status ApplyOverrides(const Files& files, std::vector<Case>& cases) {
  const auto it = files.find(std::string(kOverridesFile));
  if (it == files.end()) return {};
  const std::string& path = it->first;
  auto doc = LoadYaml(path, it->second);
  if (!doc) return Fail(doc.error());
  if (!doc->IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: expected a map", Where(path, *doc)));
  if (auto ok = OnlyKeys(path, *doc, {"schema", "overrides"}); !ok) return ok;
  auto schema = ScalarAt(path, *doc, "schema", true);
  if (!schema) return Fail(schema.error());
  if (*schema != kOverridesSchema) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: schema must be {}", Where(path, *doc->Find("schema")), kOverridesSchema));
  }
  const YamlNode* list = doc->Find("overrides");
  if (list == nullptr || !list->IsSequence()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"overrides\" must be a list", Where(path, list ? *list : *doc)));
  }
  std::set<std::string> seen;
  for (const YamlNode& entry : list->items) {
    if (!entry.IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: an override must be a map", Where(path, entry)));
    if (auto ok = OnlyKeys(path, entry, {"case", "category", "tags"}); !ok) return ok;
    auto id = ScalarAt(path, entry, "case", true);
    if (!id) return Fail(id.error());
    auto category = ScalarAt(path, entry, "category", true);
    if (!category) return Fail(category.error());
    auto tags = StringList(path, entry, "tags", false);
    if (!tags) return Fail(tags.error());
    if (!IsKnownCategory(*category)) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown category \"{}\"", Where(path, *entry.Find("category")), *category));
    }
    if (!seen.insert(*id).second) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: case {} is overridden twice", Where(path, entry), *id));
    }
    auto c = std::find_if(cases.begin(), cases.end(), [&](const Case& x) { return x.id == *id; });
    if (c == cases.end()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: no imported case \"{}\"", Where(path, *entry.Find("case")), *id));
    }
    c->category = *category;
    for (auto& t : *tags) c->tags.push_back(std::move(t));
    c->tags.push_back("category_override");
  }
  return {};
}

Result<Imported> LoadOwnCases(const Files& files, const std::vector<Case>& existing) {
  Imported out;
  for (const auto& [path, text] : files) {
    if (!path.starts_with(kOwnDir) || path == kOverridesFile) continue;
    if (!path.ends_with(".yaml") && !path.ends_with(".yml")) continue;
    auto doc = LoadYaml(path, text);
    if (!doc) return Fail(doc.error());
    if (!doc->IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: expected a map", Where(path, *doc)));
    if (auto ok = OnlyKeys(path, *doc, {"schema", "source", "licence", "provenance", "cases", "derive"}); !ok) return Fail(ok.error());
    auto schema = ScalarAt(path, *doc, "schema", true);
    if (!schema) return Fail(schema.error());
    if (*schema != kCorpusSchema) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: schema must be {}", Where(path, *doc->Find("schema")), kCorpusSchema));
    }
    auto source = ScalarAt(path, *doc, "source", true);
    if (!source) return Fail(source.error());
    if (*source != kSourceProven) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: source must be {} (imported sources come from sources/)", Where(path, *doc->Find("source")), kSourceProven));
    }
    auto file_licence = ScalarAt(path, *doc, "licence", true);
    if (!file_licence) return Fail(file_licence.error());
    auto file_provenance = ScalarAt(path, *doc, "provenance", true);
    if (!file_provenance) return Fail(file_provenance.error());
    const std::string stem = Stem(path);

    if (const YamlNode* cases = doc->Find("cases")) {
      if (!cases->IsSequence()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"cases\" must be a list", Where(path, *cases)));
      for (const YamlNode& node : cases->items) {
        if (!node.IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: a case must be a map", Where(path, node)));
        if (auto ok = OnlyKeys(path, node, {"id", "category", "expect", "payloads", "encoders", "placements", "content_type",
                                            "param_name", "verbatim", "tags", "licence", "provenance"});
            !ok) {
          return Fail(ok.error());
        }
        Case c;
        c.source = std::string(kSourceProven);
        c.file = path;
        c.line = node.line;
        c.column = node.column;
        auto id = ScalarAt(path, node, "id", true);
        if (!id) return Fail(id.error());
        if (!ValidLocalId(*id)) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("{}: id \"{}\" must be 1-80 of a-z, 0-9 and -", Where(path, *node.Find("id")), *id));
        }
        c.id = fmt::format("{}/{}/{}", kSourceProven, stem, *id);
        auto category = ScalarAt(path, node, "category", true);
        if (!category) return Fail(category.error());
        if (!IsKnownCategory(*category)) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown category \"{}\"", Where(path, *node.Find("category")), *category));
        }
        c.category = *category;
        auto expect = ScalarAt(path, node, "expect", true);
        if (!expect) return Fail(expect.error());
        const auto e = ExpectFromCode(*expect);
        if (!e) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: expect must be block or allow", Where(path, *node.Find("expect"))));
        c.expect = *e;
        auto payloads = StringList(path, node, "payloads", true);
        if (!payloads) return Fail(payloads.error());
        c.payloads = std::move(*payloads);
        auto encoders = Encoders(path, node);
        if (!encoders) return Fail(encoders.error());
        c.encoders = std::move(*encoders);
        auto placements = Placements(path, node);
        if (!placements) return Fail(placements.error());
        c.placements = std::move(*placements);
        auto content_type = ScalarAt(path, node, "content_type", false);
        if (!content_type) return Fail(content_type.error());
        c.content_type = *content_type;
        auto param = ScalarAt(path, node, "param_name", false);
        if (!param) return Fail(param.error());
        if (!param->empty() && !ValidLocalId(*param)) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: param_name must be of a-z, 0-9 and -", Where(path, *node.Find("param_name"))));
        }
        c.param_name = *param;
        auto verbatim = ScalarAt(path, node, "verbatim", false);
        if (!verbatim) return Fail(verbatim.error());
        if (!verbatim->empty() && *verbatim != "true" && *verbatim != "false") {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: verbatim must be true or false", Where(path, *node.Find("verbatim"))));
        }
        c.verbatim = *verbatim == "true";
        auto tags = StringList(path, node, "tags", false);
        if (!tags) return Fail(tags.error());
        c.tags = std::move(*tags);
        auto licence = ScalarAt(path, node, "licence", false);
        if (!licence) return Fail(licence.error());
        c.licence = licence->empty() ? *file_licence : *licence;
        auto provenance = ScalarAt(path, node, "provenance", false);
        if (!provenance) return Fail(provenance.error());
        c.provenance = provenance->empty() ? *file_provenance : *provenance;
        out.cases.push_back(std::move(c));
      }
    }

    if (const YamlNode* derive = doc->Find("derive")) {
      if (!derive->IsSequence()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"derive\" must be a list", Where(path, *derive)));
      for (const YamlNode& node : derive->items) {
        if (!node.IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: a derive entry must be a map", Where(path, node)));
        if (auto ok = OnlyKeys(path, node, {"id", "from", "encoders", "placements", "provenance", "tags"}); !ok) return Fail(ok.error());
        auto id = ScalarAt(path, node, "id", true);
        if (!id) return Fail(id.error());
        if (!ValidLocalId(*id)) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: id \"{}\" must be 1-80 of a-z, 0-9 and -", Where(path, *node.Find("id")), *id));
        }
        auto from = ScalarAt(path, node, "from", true);
        if (!from) return Fail(from.error());
        auto encoders = Encoders(path, node);
        if (!encoders) return Fail(encoders.error());
        auto placements = Placements(path, node);
        if (!placements) return Fail(placements.error());
        auto provenance = ScalarAt(path, node, "provenance", true);
        if (!provenance) return Fail(provenance.error());
        auto tags = StringList(path, node, "tags", false);
        if (!tags) return Fail(tags.error());
        int matched = 0;
        for (const Case& original : existing) {
          if (original.id != *from && !original.id.starts_with(*from + "/")) continue;
          if (original.raw) continue;  // a whole request has no payload to re-place
          ++matched;
          Case c = original;
          c.id = fmt::format("{}/{}/{}/{}", kSourceProven, stem, *id, original.id);
          c.source = std::string(kSourceProven);
          c.file = path;
          c.line = node.line;
          c.column = node.column;
        c.column = node.column;
          c.encoders = *encoders;
          c.placements = *placements;
          c.content_type.clear();
          c.param_name.clear();
          c.verbatim = false;
          c.provenance = *provenance + "; from " + original.id + " (" + original.provenance + ")";
          c.tags.push_back("derived");
          for (const auto& t : *tags) c.tags.push_back(t);
          out.cases.push_back(std::move(c));
        }
        if (matched == 0) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: no case matches \"{}\"", Where(path, *node.Find("from")), *from));
        }
      }
    }
  }
  return out;
}

}  // namespace internal

Status ValidateCorpus(const Corpus& corpus) {
  std::set<std::string_view> ids;
  struct Coverage {
    int attacks = 0;
    int benign = 0;
  };
  std::map<std::string, Coverage> coverage;
  for (const Case& c : corpus.cases) {
    const std::string where = fmt::format("{}:{}:{}", c.file, c.line, c.column);
    if (!ids.insert(c.id).second) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: duplicate case id {}", where, c.id));
    if (!IsKnownCategory(c.category)) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: case {}: unknown category \"{}\"", where, c.id, c.category));
    }
    if (c.payloads.empty() || c.encoders.empty() || c.placements.empty()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: case {} needs payloads, encoders and placements", where, c.id));
    }
    for (const Encoder e : c.encoders) {
      if ((e == Encoder::kCaseMix || e == Encoder::kSqlCommentWs) && c.category != "sqli") {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: case {}: encoder {} is for sqli cases only", where, c.id, Code(e)));
      }
    }
    for (const Placement p : c.placements) {
      if ((p == Placement::kRawRequest) != c.raw.has_value()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: case {}: raw_request goes with a whole request and only there", where, c.id));
      }
      if (!c.content_type.empty() && p != Placement::kRawBody) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: case {}: content_type is for raw_body only", where, c.id));
      }
    }
    // Benign coverage: headline requests the plan will hold (encoders and placements a typical
    // application decodes, values the placement can carry).
    for (const std::string& payload : c.payloads) {
      for (const Encoder e : c.encoders) {
        const std::string value = Encode(e, payload, 0);
        for (const Placement p : c.placements) {
          if (!Decoded(e, p, c.category)) continue;
          if (p != Placement::kRawRequest) {
            PlacementInput in{p, e, value, "k", "0000000000000000", "X-Forwarded-For", c.content_type, c.verbatim};
            if (Unrepresentable(in)) continue;
          }
          auto& cov = coverage[c.category];
          (c.expect == Expect::kBlock ? cov.attacks : cov.benign) += 1;
        }
      }
    }
  }
  for (const auto& [category, cov] : coverage) {
    if (IsScoredCategory(category) && cov.attacks > 0 && cov.benign < kMinBenignPerCategory) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("corpus/: category {} has {} headline attack requests but only {} headline benign requests; "
                              "at least {} are needed (add benign cases under data/waf/corpus/)",
                              category, cov.attacks, cov.benign, kMinBenignPerCategory));
    }
  }
  return {};
}

std::string CorpusFingerprint(const std::map<std::string, std::string>& files) {
  std::string canonical;
  std::size_t total = 0;
  for (const auto& [path, bytes] : files) total += path.size() + bytes.size() + 32;
  canonical.reserve(total);
  for (const auto& [path, bytes] : files) {  // std::map: path order (bytewise)
    canonical += path;
    canonical += '\0';
    canonical += std::to_string(bytes.size());
    canonical += '\0';
    canonical += bytes;
  }
  return "sha256:" + Sha256Hex(canonical);
}

Result<Corpus> LoadCorpusFiles(const std::map<std::string, std::string>& files) {
  Corpus corpus;
  auto gotestwaf = internal::ImportGoTestWaf(files);
  if (!gotestwaf) return Fail(gotestwaf.error());
  auto crs = internal::ImportCrs(files);
  if (!crs) return Fail(crs.error());
  if (gotestwaf->cases.empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: no GoTestWAF test cases", internal::kGoTestWafDir));
  if (crs->cases.empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: no CRS regression tests", internal::kCrsDir));
  std::vector<Case> imported = std::move(gotestwaf->cases);
  if (auto ok = internal::ApplyOverrides(files, imported); !ok) return Fail(ok.error());
  for (auto& c : crs->cases) imported.push_back(std::move(c));
  auto own = internal::LoadOwnCases(files, imported);
  if (!own) return Fail(own.error());

  corpus.cases = std::move(imported);
  for (auto& c : own->cases) corpus.cases.push_back(std::move(c));
  corpus.excluded = std::move(gotestwaf->excluded);
  for (auto& e : crs->excluded) corpus.excluded.push_back(std::move(e));
  corpus.sources = {
      SourceInfo{std::string(kSourceGoTestWaf), "MIT", "GoTestWAF test cases © 2020 Wallarm, MIT", 0, 0},
      SourceInfo{std::string(kSourceCrs), "Apache-2.0", "OWASP CRS regression tests, OWASP CRS project, Apache-2.0", 0, 0},
      SourceInfo{std::string(kSourceProven), "CC0-1.0", "Proven's own cases, CC0-1.0 (derived cases keep their source's licence)", 0, 0},
  };
  for (const Case& c : corpus.cases) {
    for (auto& s : corpus.sources) {
      if (s.name == c.source) ++s.cases;
    }
  }
  if (auto ok = ValidateCorpus(corpus); !ok) return Fail(ok.error());
  corpus.fingerprint = CorpusFingerprint(files);
  corpus.files = static_cast<int>(files.size());
  return corpus;
}

Result<Corpus> LoadCorpus(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not a corpus directory", dir.string()), {}, "corpus");
  }
  for (const std::string_view sub : {internal::kGoTestWafDir, internal::kCrsDir, internal::kOwnDir}) {
    const std::filesystem::path root = dir / std::string(sub);
    if (!std::filesystem::is_directory(root, ec)) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: missing (the corpus directory needs sources/ and corpus/)", root.string()),
                  {}, "corpus");
    }
    std::filesystem::recursive_directory_iterator it(root, ec), end;
    if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", root.string(), ec.message()), {}, "corpus");
    for (; it != end; it.increment(ec)) {
      if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", root.string(), ec.message()), {}, "corpus");
      if (!it->is_regular_file(ec)) continue;
      const std::string name = it->path().filename().string();
      if (!name.ends_with(".yaml") && !name.ends_with(".yml")) continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      if (!in.good() && !in.eof()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: cannot read", it->path().string()), {}, "corpus");
      }
      files.emplace(std::filesystem::relative(it->path(), dir).generic_string(), bytes.str());
    }
  }
  return LoadCorpusFiles(files);
}

std::string DefaultCorpusDir() { return PROVEN_WAF_DATA_DIR; }

}  // namespace proven::waf
