#include "waf/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "waf/encoders.hpp"
#include "waf/plan.hpp"

namespace proven::waf {
namespace {

using ojson = nlohmann::ordered_json;

double Round6(double v) { return std::round(v * 1e6) / 1e6; }

ojson Num(std::optional<double> v) { return v ? ojson(Round6(*v)) : ojson(nullptr); }
ojson Ci(const std::optional<Interval>& i) {
  return i ? ojson::array({Round6(i->lo), Round6(i->hi)}) : ojson(nullptr);
}

ojson SliceJson(const SliceStats& s) {
  ojson j;
  j["name"] = s.name;
  j["scored"] = s.scored;
  j["attacks"] = s.attacks;
  j["blocked"] = s.blocked;
  j["benign"] = s.benign;
  j["false_positives"] = s.fp;
  j["unresolved"] = s.unresolved;
  j["tpr"] = Num(s.tpr);
  j["tpr_ci"] = Ci(s.tpr_ci);
  j["fpr"] = Num(s.fpr);
  j["fpr_ci"] = Ci(s.fpr_ci);
  j["balanced_accuracy"] = Num(s.ba);
  return j;
}

ojson SlicesJson(const std::vector<SliceStats>& v) {
  ojson a = ojson::array();
  for (const auto& s : v) a.push_back(SliceJson(s));
  return a;
}

// The placements where an encoder counts in the headline (DecodedIn), as codes; empty for a name that
// is no encoder.
ojson DecodedInJson(std::string_view encoder) {
  ojson in = ojson::array();
  if (const auto e = EncoderFromCode(encoder)) {
    for (const Placement p : DecodedIn(*e)) in.push_back(std::string(Code(p)));
  }
  return in;
}

// The headline encoder slices also say where each encoder is decoded ("decoded_in").
ojson EncoderSlicesJson(const std::vector<SliceStats>& v) {
  ojson a = SlicesJson(v);
  for (auto& s : a) s["decoded_in"] = DecodedInJson(s["name"].get<std::string>());
  return a;
}

ojson GapJson(const CoverageGap& g) { return ojson{{"kind", g.kind}, {"name", g.name}, {"reason", g.reason}}; }

ojson FalsePositiveJson(const FalsePositive& f) {
  return ojson{{"id", f.id},           {"case", f.case_id},     {"category", f.category},
               {"placement", f.placement}, {"encoder", f.encoder}, {"headline", f.headline},
               {"status", f.status},   {"basis", f.basis},      {"preview", f.preview}};
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 has no other control characters: shown as '?'.
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string Seconds(double s) { return fmt::format("{:.6f}", s); }

// ---- reading -------------------------------------------------------------------------------------

struct Bad {
  std::string field;
  std::string what;
};

[[noreturn]] void Throw(const std::string& field, const std::string& what) { throw Bad{field, what}; }

std::string Path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

const ojson& Need(const ojson& o, std::string_view key, const std::string& parent) {
  if (!o.is_object()) Throw(parent, "must be an object");
  auto it = o.find(std::string(key));
  if (it == o.end()) Throw(Path(parent, key), "is missing");
  return *it;
}
const ojson& NeedObject(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (!v.is_object()) Throw(Path(parent, key), "must be an object");
  return v;
}
const ojson& NeedArray(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (!v.is_array()) Throw(Path(parent, key), "must be an array");
  return v;
}
std::string Str(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (!v.is_string()) Throw(Path(parent, key), "must be a string");
  return v.get<std::string>();
}
std::string OptStr(const ojson& o, std::string_view key) {
  auto it = o.find(std::string(key));
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::int64_t Count(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (!v.is_number_integer() || v.get<std::int64_t>() < 0) Throw(Path(parent, key), "must be a whole number >= 0");
  return v.get<std::int64_t>();
}
double NonNegative(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (!v.is_number() || v.get<double>() < 0) Throw(Path(parent, key), "must be a number >= 0");
  return v.get<double>();
}
bool Bool(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (!v.is_boolean()) Throw(Path(parent, key), "must be true or false");
  return v.get<bool>();
}
std::optional<double> Rate(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) {
    Throw(Path(parent, key), "must be a number from 0 to 1 or null");
  }
  return v.get<double>();
}
std::optional<Interval> ReadCi(const ojson& o, std::string_view key, const std::string& parent) {
  const auto& v = Need(o, key, parent);
  if (v.is_null()) return std::nullopt;
  if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) {
    Throw(Path(parent, key), "must be [low, high] or null");
  }
  Interval i{v[0].get<double>(), v[1].get<double>()};
  if (i.lo < 0 || i.hi > 1 || i.lo > i.hi) Throw(Path(parent, key), "must satisfy 0 <= low <= high <= 1");
  return i;
}

// Rounded to 6 decimals in the file: a difference above this is a report that does not add up.
constexpr double kTolerance = 2e-6;

void ExpectRate(std::optional<double> got, std::optional<double> want, const std::string& field) {
  if (got.has_value() != want.has_value()) {
    Throw(field, want ? "is null but its counts give a value" : "has a value but its counts give none");
  }
  if (got && std::fabs(*got - *want) > kTolerance) {
    Throw(field, fmt::format("is {} but its counts give {:.6f}", *got, *want));
  }
}

SliceStats ReadSlice(const ojson& j, const std::string& path, bool category) {
  if (!j.is_object()) Throw(path, "must be an object");
  SliceStats s;
  s.name = Str(j, "name", path);
  s.attacks = Count(j, "attacks", path);
  s.blocked = Count(j, "blocked", path);
  s.benign = Count(j, "benign", path);
  s.fp = Count(j, "false_positives", path);
  s.unresolved = Count(j, "unresolved", path);
  if (s.blocked > s.attacks) Throw(Path(path, "blocked"), "is more than attacks");
  if (s.fp > s.benign) Throw(Path(path, "false_positives"), "is more than benign");
  const bool scored = Bool(j, "scored", path);
  const auto tpr = Rate(j, "tpr", path);
  const auto fpr = Rate(j, "fpr", path);
  const auto ba = Rate(j, "balanced_accuracy", path);
  ReadCi(j, "tpr_ci", path);
  ReadCi(j, "fpr_ci", path);
  Finish(s);
  if (category && s.name == kGeneralCategory) s.scored = false;
  if (scored != s.scored) Throw(Path(path, "scored"), "does not follow from the counts (>= 10 attacks and >= 10 benign)");
  ExpectRate(tpr, s.tpr, Path(path, "tpr"));
  ExpectRate(fpr, s.fpr, Path(path, "fpr"));
  ExpectRate(ba, s.ba, Path(path, "balanced_accuracy"));
  return s;
}

std::vector<SliceStats> ReadSlices(const ojson& o, std::string_view key, const std::string& parent, bool category) {
  const auto& a = NeedArray(o, key, parent);
  std::vector<SliceStats> out;
  std::set<std::string> names;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string path = fmt::format("{}[{}]", Path(parent, key), i);
    out.push_back(ReadSlice(a[i], path, category));
    if (!names.insert(out.back().name).second) Throw(path + ".name", "repeats " + out.back().name);
  }
  return out;
}

// encoders[].decoded_in is informative and optional (reports written before it existed have none).
// When given it must be a list of distinct placement codes; and when the report's plan version is this
// proven's, the same placements as the table (DecodedIn), so a hand-edited list is refused. Another
// plan version may have had another table: its list is kept as written.
std::map<std::string, std::vector<std::string>> ReadDecodedIn(const ojson& j, const std::string& plan_version) {
  std::map<std::string, std::vector<std::string>> out;
  const auto& a = NeedArray(j, "encoders", "");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].contains("decoded_in")) continue;
    const std::string path = fmt::format("encoders[{}].decoded_in", i);
    const auto& in = a[i]["decoded_in"];
    if (!in.is_array()) Throw(path, "must be a list of placement codes");
    std::vector<std::string> codes;
    for (const auto& p : in) {
      if (!p.is_string() || !PlacementFromCode(p.get<std::string>())) Throw(path, "must be a list of placement codes");
      if (std::find(codes.begin(), codes.end(), p.get<std::string>()) != codes.end()) {
        Throw(path, "repeats " + p.get<std::string>());
      }
      codes.push_back(p.get<std::string>());
    }
    const std::string name = a[i]["name"].get<std::string>();
    if (plan_version == kPlanVersion) {
      std::vector<std::string> want;
      for (const auto& p : DecodedInJson(name)) want.push_back(p.get<std::string>());
      auto sorted = codes;
      std::sort(sorted.begin(), sorted.end());
      std::sort(want.begin(), want.end());
      if (sorted != want) Throw(path, fmt::format("is not where {} is decoded in plan version {}", name, kPlanVersion));
    }
    out[name] = std::move(codes);
  }
  return out;
}

Macro ReadMacro(const ojson& h, const std::string& path) {
  Macro m;
  m.ba = Rate(h, "balanced_accuracy", path);
  m.ba_ci = ReadCi(h, "balanced_accuracy_ci", path);
  m.tpr = Rate(h, "tpr", path);
  m.tpr_ci = ReadCi(h, "tpr_ci", path);
  m.fpr = Rate(h, "fpr", path);
  m.fpr_ci = ReadCi(h, "fpr_ci", path);
  m.categories = static_cast<int>(Count(h, "categories_scored", path));
  return m;
}

void ExpectMacro(const Macro& got, const Macro& want, const std::string& path) {
  if (got.categories != want.categories) {
    Throw(Path(path, "categories_scored"),
          fmt::format("is {} but the categories have {} scored", got.categories, want.categories));
  }
  ExpectRate(got.ba, want.ba, Path(path, "balanced_accuracy"));
  ExpectRate(got.tpr, want.tpr, Path(path, "tpr"));
  ExpectRate(got.fpr, want.fpr, Path(path, "fpr"));
}

ReportSummary Read(std::string_view text) {
  ReportSummary r;
  r.json = ojson::parse(text, nullptr, false);
  if (r.json.is_discarded()) Throw("", "the report is not JSON");
  const ojson& j = r.json;
  if (!j.is_object()) Throw("", "the report must be a JSON object");
  r.schema_version = Str(j, "schema_version", "");
  if (r.schema_version != kReportSchema) {
    Throw("schema_version", fmt::format("is \"{}\"; this proven reads {}", r.schema_version, kReportSchema));
  }
  const auto& tool = NeedObject(j, "tool", "");
  r.tool_version = Str(tool, "version", "tool");
  r.started_at = Str(j, "started_at", "");
  r.finished_at = Str(j, "finished_at", "");

  const auto& corpus = NeedObject(j, "corpus", "");
  r.corpus_fingerprint = Str(corpus, "fingerprint", "corpus");
  r.plan_fingerprint = Str(corpus, "plan_fingerprint", "corpus");
  r.plan_version = Str(corpus, "plan_version", "corpus");
  const auto& sources = NeedArray(corpus, "sources", "corpus");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string path = fmt::format("corpus.sources[{}]", i);
    SourceInfo s;
    s.name = Str(sources[i], "name", path);
    s.licence = Str(sources[i], "licence", path);
    s.notice = OptStr(sources[i], "notice");
    s.cases = static_cast<int>(Count(sources[i], "cases", path));
    s.requests = static_cast<int>(Count(sources[i], "requests", path));
    r.sources.push_back(s);
  }
  const auto& seed = Need(j, "seed", "");
  if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0)) {
    Throw("seed", "must be a whole number >= 0");
  }
  r.seed = seed.get<std::uint64_t>();

  const auto& target = NeedObject(j, "target", "");
  r.target_url = Str(target, "url", "target");
  r.loopback = Bool(target, "loopback", "target");
  r.target_name = OptStr(target, "name");
  r.ruleset = Str(target, "ruleset", "target");
  r.oracle_kind = Str(NeedObject(j, "oracle", ""), "kind", "oracle");
  r.profile = Str(NeedObject(j, "settings", ""), "profile", "settings");

  const auto& run = NeedObject(j, "run", "");
  r.requests = Count(run, "requests", "run");
  r.seconds = NonNegative(run, "seconds", "run");

  const auto& h = NeedObject(j, "headline", "");
  r.headline = ReadMacro(h, "headline");
  r.fpr_all = Rate(h, "fpr_all", "headline");
  r.fpr_all_ci = ReadCi(h, "fpr_all_ci", "headline");
  r.grade = Str(h, "grade", "headline");
  static const std::set<std::string> kGrades{"A", "B", "C", "D", "F", "I"};
  if (!kGrades.contains(r.grade)) Throw("headline.grade", "must be one of A, B, C, D, F, I");
  r.grade_before_gate = Str(h, "grade_before_gate", "headline");
  r.gate = Str(h, "gate", "headline");
  r.formula = Str(h, "formula", "headline");
  r.attacks = Count(h, "attacks", "headline");
  r.benign = Count(h, "benign", "headline");
  r.unresolved = Count(h, "unresolved", "headline");

  r.slices.categories = ReadSlices(j, "categories", "", true);
  r.slices.placements = ReadSlices(j, "placements", "", false);
  r.slices.encoders = ReadSlices(j, "encoders", "", false);
  r.slices.sources = ReadSlices(j, "sources", "", false);
  r.decoded_in = ReadDecodedIn(j, r.plan_version);

  const auto& rob = NeedObject(j, "robustness", "");
  r.robustness = ReadMacro(rob, "robustness");
  r.robustness_pooled = ReadSlice(NeedObject(rob, "pooled", "robustness"), "robustness.pooled", false);
  const auto rob_categories = ReadSlices(rob, "categories", "robustness", true);
  ExpectMacro(r.robustness, MacroOver(rob_categories), "robustness");

  // The headline and the grade, recomputed from the categories.
  ExpectMacro(r.headline, MacroOver(r.slices.categories), "headline");
  std::int64_t attacks = 0, benign = 0, fp = 0, unresolved = 0;
  for (const auto& c : r.slices.categories) {
    attacks += c.attacks, benign += c.benign, fp += c.fp, unresolved += c.unresolved;
  }
  if (attacks != r.attacks) Throw("headline.attacks", "is not the sum over the categories");
  if (benign != r.benign) Throw("headline.benign", "is not the sum over the categories");
  if (unresolved != r.unresolved) Throw("headline.unresolved", "is not the sum over the categories");
  std::optional<double> fpr_all;
  if (benign > 0) fpr_all = static_cast<double>(fp) / static_cast<double>(benign);
  ExpectRate(r.fpr_all, fpr_all, "headline.fpr_all");
  const std::int64_t total = attacks + benign + unresolved;
  const double share = total > 0 ? static_cast<double>(unresolved) / static_cast<double>(total) : 0;
  const Macro exact = MacroOver(r.slices.categories);
  const auto grade = Grade(exact.ba, std::max(exact.fpr.value_or(0), fpr_all.value_or(0)), exact.categories, share);
  if (grade.grade != r.grade) {
    Throw("headline.grade", fmt::format("is {} but the categories give {}", r.grade, grade.grade));
  }

  for (const auto& g : NeedArray(j, "coverage_gaps", "")) {
    r.coverage_gaps.push_back({OptStr(g, "kind"), OptStr(g, "name"), OptStr(g, "reason")});
  }
  const auto& worst = NeedArray(j, "worst_false_positives", "");
  for (std::size_t i = 0; i < worst.size(); ++i) {
    const auto& w = worst[i];
    const std::string path = fmt::format("worst_false_positives[{}]", i);
    FalsePositive f;
    f.id = Str(w, "id", path);
    f.case_id = Str(w, "case", path);
    f.category = Str(w, "category", path);
    f.placement = Str(w, "placement", path);
    f.encoder = Str(w, "encoder", path);
    f.basis = Str(w, "basis", path);
    f.preview = Str(w, "preview", path);
    f.status = static_cast<int>(Count(w, "status", path));
    f.headline = Bool(w, "headline", path);
    r.worst_false_positives.push_back(f);
  }
  r.requests_file = OptStr(j, "requests_file");
  return r;
}

// ---- compare --------------------------------------------------------------------------------------

bool Overlap(const Interval& a, const Interval& b) { return a.lo <= b.hi && b.lo <= a.hi; }

ojson Delta(std::optional<double> a, std::optional<double> b, const std::optional<Interval>& a_ci,
            const std::optional<Interval>& b_ci) {
  ojson d;
  d["a"] = Num(a);
  d["b"] = Num(b);
  d["delta"] = a && b ? ojson(Round6(*b - *a)) : ojson(nullptr);
  d["a_ci"] = Ci(a_ci);
  d["b_ci"] = Ci(b_ci);
  d["intervals_overlap"] = a_ci && b_ci ? ojson(Overlap(*a_ci, *b_ci)) : ojson(nullptr);
  return d;
}

bool Significant(const ojson& d) { return d["intervals_overlap"].is_boolean() && !d["intervals_overlap"].get<bool>(); }

ojson SliceChanges(const std::vector<SliceStats>& a, const std::vector<SliceStats>& b) {
  std::map<std::string, std::pair<const SliceStats*, const SliceStats*>> both;
  for (const auto& s : a) both[s.name].first = &s;
  for (const auto& s : b) both[s.name].second = &s;
  ojson out = ojson::array();
  for (const auto& [name, p] : both) {
    ojson c;
    c["name"] = name;
    c["in"] = p.first && p.second ? "both" : p.first ? "a" : "b";
    const SliceStats none;
    const SliceStats& x = p.first ? *p.first : none;
    const SliceStats& y = p.second ? *p.second : none;
    c["scored"] = ojson{{"a", x.scored}, {"b", y.scored}};
    c["attacks"] = ojson{{"a", x.attacks}, {"b", y.attacks}};
    c["benign"] = ojson{{"a", x.benign}, {"b", y.benign}};
    c["tpr"] = Delta(x.tpr, y.tpr, x.tpr_ci, y.tpr_ci);
    c["fpr"] = Delta(x.fpr, y.fpr, x.fpr_ci, y.fpr_ci);
    c["balanced_accuracy"] = ojson{{"a", Num(x.ba)}, {"b", Num(y.ba)},
                                   {"delta", x.ba && y.ba ? ojson(Round6(*y.ba - *x.ba)) : ojson(nullptr)}};
    c["significant"] = Significant(c["tpr"]) || Significant(c["fpr"]);
    out.push_back(c);
  }
  return out;
}

std::string Opt(const ojson& v, int decimals = 4) {
  if (v.is_null()) return "n/a";
  if (v.is_number()) return fmt::format("{:.{}f}", v.get<double>(), decimals);
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string CiText(const ojson& v) {
  if (!v.is_array()) return "";
  return fmt::format(" [{:.4f}, {:.4f}]", v[0].get<double>(), v[1].get<double>());
}

}  // namespace

ojson ReportJson(const Plan& plan, const Target& target, const RunSettings& settings, const RunResult& run,
                 const Scores& scores, const ReportContext& context) {
  ojson j;
  j["schema_version"] = kReportSchema;
  j["tool"] = ojson{{"name", "proven"}, {"version", context.tool_version}};
  j["started_at"] = run.started_at;
  j["finished_at"] = run.finished_at;

  std::int64_t headline_requests = 0;
  for (const auto& r : plan.requests) headline_requests += r.headline;
  ojson corpus;
  corpus["fingerprint"] = plan.corpus_fingerprint;
  corpus["plan_fingerprint"] = plan.plan_fingerprint;
  corpus["plan_version"] = plan.plan_version;
  corpus["sources"] = ojson::array();
  for (const auto& s : plan.sources) {
    corpus["sources"].push_back(ojson{{"name", s.name},
                                      {"licence", s.licence},
                                      {"notice", s.notice},
                                      {"cases", s.cases},
                                      {"requests", s.requests}});
  }
  corpus["requests"] = plan.requests.size();
  corpus["headline_requests"] = headline_requests;
  corpus["robustness_requests"] = static_cast<std::int64_t>(plan.requests.size()) - headline_requests;
  corpus["excluded"] = ojson::array();
  for (const auto& e : plan.excluded) {
    corpus["excluded"].push_back(ojson{{"source", e.source}, {"reason", e.reason}, {"count", e.count}});
  }
  j["corpus"] = corpus;
  j["seed"] = plan.seed;
  j["target"] = ojson{{"url", target.url},
                      {"loopback", target.loopback},
                      {"name", context.target_name},
                      {"ruleset", settings.ruleset}};
  ojson block_status = ojson::array();
  for (int s : settings.block_status) block_status.push_back(s);
  j["oracle"] = ojson{{"kind", settings.oracle ? "backend" : "response"},
                      {"block_status", block_status},
                      {"block_regex", settings.block_regex ? ojson(*settings.block_regex) : ojson(nullptr)},
                      {"reset_is_block", settings.reset_is_block}};
  j["settings"] = ojson{{"profile", settings.profile},
                        {"rate", settings.rate ? ojson(*settings.rate) : ojson("unlimited")},
                        {"connections", settings.connections},
                        {"timeout_ms", settings.timeout_ms},
                        {"canary_every", settings.canary_every},
                        {"preflight", settings.preflight}};

  std::map<std::string, std::int64_t> bases;
  std::int64_t inconsistent = 0;
  for (const auto& r : run.results) {
    ++bases[std::string(Code(r.basis))];
    inconsistent += r.inconsistent;
  }
  ojson bases_json = ojson::object();
  for (const auto& [k, v] : bases) bases_json[k] = v;
  ojson run_json;
  run_json["requests"] = static_cast<std::int64_t>(run.results.size());
  run_json["seconds"] = Round6(run.seconds);
  run_json["requests_per_second"] =
      run.seconds > 0 ? ojson(Round6(static_cast<double>(run.results.size()) / run.seconds)) : ojson(nullptr);
  run_json["retried"] = run.retried;
  run_json["canaries"] = run.canaries;
  run_json["tainted_windows"] = run.tainted_windows;
  run_json["suite_cpu_seconds"] = Round6(run.suite_cpu_seconds);
  run_json["inconsistent"] = inconsistent;
  run_json["preflight"] = run.preflight.is_null() ? ojson::object() : run.preflight;
  run_json["bases"] = bases_json;
  j["run"] = run_json;

  ojson h;
  h["balanced_accuracy"] = Num(scores.headline.ba);
  h["balanced_accuracy_ci"] = Ci(scores.headline.ba_ci);
  h["tpr"] = Num(scores.headline.tpr);
  h["tpr_ci"] = Ci(scores.headline.tpr_ci);
  h["fpr"] = Num(scores.headline.fpr);
  h["fpr_ci"] = Ci(scores.headline.fpr_ci);
  h["fpr_all"] = Num(scores.fpr_all);
  h["fpr_all_ci"] = Ci(scores.fpr_all_ci);
  h["grade"] = scores.grade.grade;
  h["grade_before_gate"] = scores.grade.grade_before_gate;
  h["gate"] = scores.grade.gate;
  h["categories_scored"] = scores.headline.categories;
  h["requests"] = scores.headline_requests;
  h["attacks"] = scores.headline_attacks;
  h["benign"] = scores.headline_benign;
  h["unresolved"] = scores.headline_unresolved;
  h["unresolved_share"] = Round6(scores.unresolved_share);
  h["formula"] = FormulaText();
  j["headline"] = h;

  ojson rob;
  rob["balanced_accuracy"] = Num(scores.robustness.ba);
  rob["balanced_accuracy_ci"] = Ci(scores.robustness.ba_ci);
  rob["tpr"] = Num(scores.robustness.tpr);
  rob["tpr_ci"] = Ci(scores.robustness.tpr_ci);
  rob["fpr"] = Num(scores.robustness.fpr);
  rob["fpr_ci"] = Ci(scores.robustness.fpr_ci);
  rob["categories_scored"] = scores.robustness.categories;
  rob["attacks"] = scores.robustness_pooled.attacks;
  rob["benign"] = scores.robustness_pooled.benign;
  rob["unresolved"] = scores.robustness_pooled.unresolved;
  rob["pooled"] = SliceJson(scores.robustness_pooled);
  rob["categories"] = SlicesJson(scores.robustness_slices.categories);
  rob["placements"] = SlicesJson(scores.robustness_slices.placements);
  rob["encoders"] = SlicesJson(scores.robustness_slices.encoders);
  rob["sources"] = SlicesJson(scores.robustness_slices.sources);
  j["robustness"] = rob;

  j["categories"] = SlicesJson(scores.headline_slices.categories);
  j["placements"] = SlicesJson(scores.headline_slices.placements);
  j["encoders"] = EncoderSlicesJson(scores.headline_slices.encoders);
  j["sources"] = SlicesJson(scores.headline_slices.sources);
  j["coverage_gaps"] = ojson::array();
  for (const auto& g : scores.coverage_gaps) j["coverage_gaps"].push_back(GapJson(g));
  j["worst_false_positives"] = ojson::array();
  for (const auto& f : scores.worst_false_positives) j["worst_false_positives"].push_back(FalsePositiveJson(f));
  j["requests_file"] = context.requests_file.empty() ? ojson(nullptr) : ojson(context.requests_file);
  return j;
}

void WriteJsonl(std::ostream& out, const Plan& plan, const RunResult& run) {
  std::vector<const RequestResult*> results(plan.requests.size(), nullptr);
  for (const auto& r : run.results) {
    if (r.index < plan.requests.size()) results[r.index] = &r;
  }
  for (std::size_t i = 0; i < plan.requests.size(); ++i) {
    const auto& q = plan.requests[i];
    const RequestResult* r = results[i];
    ojson line;
    line["i"] = i;
    line["id"] = q.id;
    line["case"] = q.case_id;
    line["source"] = q.source;
    line["category"] = q.category;
    line["expect"] = Code(q.expect);
    line["placement"] = Code(q.placement);
    line["encoder"] = Code(q.encoder);
    line["headline"] = q.headline;
    line["verdict"] = r ? Code(r->verdict) : Code(Verdict::kUnresolved);
    line["basis"] = r ? ojson(Code(r->basis)) : ojson(nullptr);
    line["status"] = r ? r->status : 0;
    line["inconsistent"] = r ? r->inconsistent : false;
    line["latency_us"] = r ? r->latency_us : 0;
    line["attempts"] = r ? r->attempts : 0;
    line["window"] = r ? r->window : 0;
    out << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }
}

std::string JunitXml(const Plan& plan, const RunResult& run) {
  std::vector<const RequestResult*> results(plan.requests.size(), nullptr);
  for (const auto& r : run.results) {
    if (r.index < plan.requests.size()) results[r.index] = &r;
  }
  struct Suite {
    int tests = 0, failures = 0, skipped = 0;
    double time = 0;
    std::string cases;
  };
  std::map<std::string, Suite> suites;
  int tests = 0, failures = 0, skipped = 0;
  for (std::size_t i = 0; i < plan.requests.size(); ++i) {
    const auto& q = plan.requests[i];
    const RequestResult* r = results[i];
    Suite& s = suites[q.category];
    const double t = r ? r->latency_us / 1e6 : 0;
    ++s.tests, ++tests;
    s.time += t;
    s.cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\">",
                           XmlEscape(fmt::format("waf.{}.{}.{}", q.category, Code(q.placement), Code(q.encoder))),
                           XmlEscape(fmt::format("{} [{}]", q.case_id, q.id)), Seconds(t));
    const Verdict v = r ? r->verdict : Verdict::kUnresolved;
    const std::string basis(r ? Code(r->basis) : "no result");
    if (v == Verdict::kUnresolved) {
      ++s.skipped, ++skipped;
      s.cases += fmt::format("<skipped message=\"{}\"/>", XmlEscape("unresolved: " + basis));
    } else if ((v == Verdict::kBlocked) != (q.expect == Expect::kBlock)) {
      ++s.failures, ++failures;
      s.cases += fmt::format("<failure message=\"{}\"/>",
                             XmlEscape(fmt::format("expected {}; {} ({}, status {})", Code(q.expect), Code(v), basis,
                                                   r->status)));
    }
    s.cases += "</testcase>\n";
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"proven waf\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{}\">\n", tests,
                     failures, skipped, Seconds(run.seconds));
  for (const auto& [name, s] : suites) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{}\">\n",
                       XmlEscape("waf." + name), s.tests, s.failures, s.skipped, Seconds(s.time));
    out += s.cases;
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

Result<ReportSummary> ReadReport(std::string_view json) {
  try {
    return Read(json);
  } catch (const Bad& b) {
    const std::string message = b.field.empty() ? b.what : b.field + " " + b.what;
    return Fail(ErrorCode::kInvalidArgument, "not a valid WAF report: " + message, {}, b.field);
  } catch (const nlohmann::json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, "not a valid WAF report", e.what());
  }
}

ojson Compare(const ReportSummary& a, const ReportSummary& b) {
  ojson c;
  c["schema_version"] = "proven.waf.compare/1";
  auto side = [](const ReportSummary& r) {
    return ojson{{"target", r.target_url},           {"ruleset", r.ruleset},
                 {"started_at", r.started_at},       {"corpus_fingerprint", r.corpus_fingerprint},
                 {"plan_fingerprint", r.plan_fingerprint}, {"seed", r.seed},
                 {"grade", r.grade},                 {"requests", r.requests}};
  };
  c["a"] = side(a);
  c["b"] = side(b);
  ojson warnings = ojson::array();
  if (a.corpus_fingerprint != b.corpus_fingerprint) {
    warnings.push_back("the corpus fingerprints differ: the runs did not send the same cases");
  }
  if (a.plan_fingerprint != b.plan_fingerprint) {
    warnings.push_back("the plan fingerprints differ: the runs did not send the same requests");
  }
  if (a.plan_version != b.plan_version) warnings.push_back("the plan versions differ");
  if (a.seed != b.seed) warnings.push_back("the seeds differ: the order and the random encodings differ");
  if (a.oracle_kind != b.oracle_kind) warnings.push_back("the verdicts come from different oracles");
  c["warnings"] = warnings;
  ojson h;
  h["balanced_accuracy"] = Delta(a.headline.ba, b.headline.ba, a.headline.ba_ci, b.headline.ba_ci);
  h["tpr"] = Delta(a.headline.tpr, b.headline.tpr, a.headline.tpr_ci, b.headline.tpr_ci);
  h["fpr"] = Delta(a.headline.fpr, b.headline.fpr, a.headline.fpr_ci, b.headline.fpr_ci);
  h["fpr_all"] = Delta(a.fpr_all, b.fpr_all, a.fpr_all_ci, b.fpr_all_ci);
  h["grade"] = ojson{{"a", a.grade}, {"b", b.grade}, {"changed", a.grade != b.grade}};
  h["categories_scored"] = ojson{{"a", a.headline.categories}, {"b", b.headline.categories}};
  c["headline"] = h;
  const auto& ba = h["balanced_accuracy"];
  c["regression"] = ba["delta"].is_number() && ba["delta"].get<double>() < 0 && Significant(ba);
  c["categories"] = SliceChanges(a.slices.categories, b.slices.categories);
  c["placements"] = SliceChanges(a.slices.placements, b.slices.placements);
  c["encoders"] = SliceChanges(a.slices.encoders, b.slices.encoders);
  return c;
}

bool Regressed(const ojson& comparison) {
  auto it = comparison.find("regression");
  return it != comparison.end() && it->is_boolean() && it->get<bool>();
}

std::string CompareText(const ojson& c) {
  std::ostringstream out;
  out << "A: " << Opt(c["a"]["target"]) << " (" << Opt(c["a"]["ruleset"]) << ", " << Opt(c["a"]["started_at"]) << ")\n";
  out << "B: " << Opt(c["b"]["target"]) << " (" << Opt(c["b"]["ruleset"]) << ", " << Opt(c["b"]["started_at"]) << ")\n";
  for (const auto& w : c["warnings"]) out << "warning: " << w.get<std::string>() << "\n";
  const auto& h = c["headline"];
  out << "grade: " << Opt(h["grade"]["a"]) << " -> " << Opt(h["grade"]["b"]) << "\n";
  for (const char* k : {"balanced_accuracy", "tpr", "fpr", "fpr_all"}) {
    const auto& d = h[k];
    out << k << ": " << Opt(d["a"]) << CiText(d["a_ci"]) << " -> " << Opt(d["b"]) << CiText(d["b_ci"])
        << " (delta " << Opt(d["delta"]) << (Significant(d) ? ", intervals do not overlap" : "") << ")\n";
  }
  for (const char* list : {"categories", "placements", "encoders"}) {
    for (const auto& s : c[list]) {
      if (!s["significant"].get<bool>() && s["in"] == "both") continue;
      out << list << " " << s["name"].get<std::string>() << ": ";
      if (s["in"] != "both") {
        out << "only in " << s["in"].get<std::string>() << "\n";
        continue;
      }
      out << "tpr " << Opt(s["tpr"]["a"]) << " -> " << Opt(s["tpr"]["b"]) << ", fpr " << Opt(s["fpr"]["a"])
          << " -> " << Opt(s["fpr"]["b"]) << " (intervals do not overlap)\n";
    }
  }
  if (c.contains("requests")) {
    const auto& r = c["requests"];
    out << "requests compared: " << r["compared"].get<std::int64_t>() << ", verdicts changed: "
        << r["changed"].get<std::int64_t>() << "\n";
    for (const auto& [kind, list] : r["flips"].items()) {
      out << kind << ": " << list["count"].get<std::int64_t>() << "\n";
    }
  }
  if (Regressed(c)) out << "regression: balanced accuracy dropped and the intervals do not overlap\n";
  return out.str();
}

Result<ojson> CompareRequests(std::string_view jsonl_a, std::string_view jsonl_b, std::size_t limit) {
  auto read = [](std::string_view text, const char* which) -> Result<std::map<std::string, std::string>> {
    std::map<std::string, std::string> verdicts;
    std::size_t line_no = 0;
    while (!text.empty()) {
      const auto nl = text.find('\n');
      const std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      ++line_no;
      if (line.empty()) continue;
      const auto j = ojson::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("verdict") ||
          !j["verdict"].is_string()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("requests file {} line {}: not a request line (needs \"id\" and \"verdict\")", which,
                                line_no));
      }
      verdicts[j["id"].get<std::string>()] = j["verdict"].get<std::string>();
    }
    return verdicts;
  };
  auto a = read(jsonl_a, "A");
  if (!a) return Fail(a.error());
  auto b = read(jsonl_b, "B");
  if (!b) return Fail(b.error());
  ojson out;
  std::int64_t compared = 0, changed = 0;
  ojson flips = ojson::object();
  for (const auto& [id, va] : *a) {
    auto it = b->find(id);
    if (it == b->end()) continue;
    ++compared;
    if (it->second == va) continue;
    ++changed;
    const std::string kind = va + "->" + it->second;
    if (!flips.contains(kind)) flips[kind] = ojson{{"count", 0}, {"ids", ojson::array()}};
    flips[kind]["count"] = flips[kind]["count"].get<std::int64_t>() + 1;
    if (flips[kind]["ids"].size() < limit) flips[kind]["ids"].push_back(id);
  }
  out["compared"] = compared;
  out["changed"] = changed;
  out["only_in_a"] = static_cast<std::int64_t>(a->size()) - compared;
  std::int64_t in_b_only = 0;
  for (const auto& [id, v] : *b) in_b_only += !a->contains(id);
  out["only_in_b"] = in_b_only;
  out["flips"] = flips;
  return out;
}

std::uint64_t RandomSeed() {
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

Result<RenderedReport> RenderReport(const Plan& plan, const Target& target, const RunSettings& settings,
                                    const RunResult& run, const ReportContext& context) {
  const Scores scores = Score(plan, run);
  const auto report = ReportJson(plan, target, settings, run, scores, context);
  RenderedReport out;
  out.text = report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  auto summary = ReadReport(out.text);
  if (!summary) return Fail(ErrorCode::kInternal, "the report written does not read back", summary.error().message);
  out.summary = std::move(*summary);
  return out;
}

}  // namespace proven::waf
