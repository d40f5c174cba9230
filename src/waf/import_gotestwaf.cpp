// GoTestWAF's test cases (testcases/<set>/<name>.yml, MIT, © 2020 Wallarm) as our cases. Each file is
// payload × encoder × placeholder; we keep that cross product but map each GoTestWAF placeholder to
// one of our placements (ADR 0017 "Corpus and plan"): URLParam → query, URLPath → path, HTMLForm →
// form, HTMLMultipartForm → multipart_field, JSONRequest → json_value, Header → header_custom,
// UserAgent → user_agent, XMLBody → raw_body (text/xml), SOAPBody → xml_text, GraphQL GET → query
// "query", GraphQL POST → raw_body (application/json), RawRequest → raw_request; gRPC is excluded.
// The set `false-pos` is benign (GoTestWAF's own rule: a set named "false…" holds positive tests).
#include <fmt/format.h>

#include "waf/corpus_internal.hpp"

namespace proven::waf::internal {
namespace {

constexpr std::string_view kLicence = "MIT";
constexpr std::string_view kProvenance = "GoTestWAF test cases, https://github.com/wallarm/gotestwaf (testcases/), © 2020 Wallarm";

struct TypeMapping {
  std::string category;
  std::string size_tag;  // "size:8192" for the 8KB … 128KB files
};

std::optional<TypeMapping> CategoryOfType(std::string_view type) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kTypes{
      {"SQL Injection", "sqli"},   {"XSS", "xss"},          {"RCE", "rce"},           {"Shell", "rce"},
      {"RawRequest test", "rce"},  {"LFI", "path_traversal"}, {"Path Traversal", "path_traversal"},
      {"community-lfi-multipart", "path_traversal"},          {"SST Injection", "ssti"}, {"SS Injection", "ssi"},
      {"NoSQL Injection", "nosqli"}, {"LDAP Injection", "ldapi"}, {"Mail Injection", "mail_injection"},
      {"CRLF Injection", "crlf"},  {"XXE", "xxe"},          {"UserAgent", "scanner"}, {"GraphQL", "api"},
      {"REST", "api"},             {"SOAP", "api"},         {"REST non-CRUD", "api"},   {"gRPC", "api"},
  };
  for (const auto& [t, c] : kTypes) {
    if (t == type) return TypeMapping{std::string(c), {}};
  }
  // "8KB RCE", "128KB SQL Injection", …: GoTestWAF's size-evasion files.
  const auto kb = type.find("KB ");
  if (kb != std::string_view::npos && kb > 0) {
    const std::string_view digits = type.substr(0, kb);
    if (digits.find_first_not_of("0123456789") == std::string_view::npos) {
      auto inner = CategoryOfType(type.substr(kb + 3));
      if (inner) {
        inner->size_tag = fmt::format("size:{}", std::stoi(std::string(digits)) * 1024);
        return inner;
      }
    }
  }
  return std::nullopt;
}

// One placeholder of a file, as our placement plus the case fields it needs.
struct Mapped {
  std::string group;  // cases are split per group: "" for the plain placeholders
  Placement placement = Placement::kQuery;
  std::string content_type;
  std::string param_name;
  std::optional<RawRequest> raw;
  bool excluded = false;
};

Result<Mapped> MapPlaceholder(const std::string& path, const YamlNode& node) {
  Mapped m;
  if (node.IsScalar()) {
    static const std::vector<std::pair<std::string_view, Placement>> kSimple{
        {"URLParam", Placement::kQuery},       {"URLPath", Placement::kPath},
        {"HTMLForm", Placement::kForm},        {"HTMLMultipartForm", Placement::kMultipartField},
        {"JSONRequest", Placement::kJsonValue}, {"Header", Placement::kHeaderCustom},
        {"UserAgent", Placement::kUserAgent},  {"SOAPBody", Placement::kXmlText},
    };
    for (const auto& [name, p] : kSimple) {
      if (node.scalar == name) {
        m.placement = p;
        return m;
      }
    }
    if (node.scalar == "XMLBody") {
      m.group = "xml";
      m.placement = Placement::kRawBody;
      m.content_type = "text/xml";
      return m;
    }
    if (node.scalar == "gRPC") {
      m.excluded = true;
      return m;
    }
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown GoTestWAF placeholder \"{}\"", Where(path, node), node.scalar));
  }
  if (node.IsMap() && node.map.size() == 1) {
    const auto& [name, params] = node.map.front();
    if (name == "GraphQL") {
      auto method = ScalarAt(path, params, "method", true);
      if (!method) return Fail(method.error());
      if (*method == "GET") {
        m.group = "graphql-get";
        m.placement = Placement::kQuery;
        m.param_name = "query";
        return m;
      }
      if (*method == "POST") {
        m.group = "graphql-post";
        m.placement = Placement::kRawBody;
        m.content_type = "application/json";
        return m;
      }
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: GraphQL method \"{}\" is neither GET nor POST", Where(path, params), *method));
    }
    if (name == "RawRequest") {
      RawRequest raw;
      auto method = ScalarAt(path, params, "method", true);
      if (!method) return Fail(method.error());
      auto target = ScalarAt(path, params, "path", true);
      if (!target) return Fail(target.error());
      auto body = ScalarAt(path, params, "body", false);
      if (!body) return Fail(body.error());
      raw.method = *method;
      raw.target = *target;
      raw.body = *body;
      if (const YamlNode* headers = params.Find("headers")) {
        if (!headers->IsMap()) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: headers must be a map", Where(path, *headers)));
        }
        for (const auto& [k, v] : headers->map) {
          if (!v.IsScalar()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: header {} must be text", Where(path, v), k));
          raw.headers.emplace_back(k, v.scalar);
        }
      }
      m.group = "raw";
      m.placement = Placement::kRawRequest;
      m.raw = std::move(raw);
      return m;
    }
  }
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown GoTestWAF placeholder", Where(path, node)));
}

Result<Encoder> MapEncoder(const std::string& path, const YamlNode& node) {
  if (node.IsScalar()) {
    if (node.scalar == "Plain") return Encoder::kPlain;
    if (node.scalar == "URL") return Encoder::kUrl;
    if (node.scalar == "Base64Flat") return Encoder::kBase64Flat;
    if (node.scalar == "Base64") return Encoder::kBase64;
    if (node.scalar == "JSUnicode") return Encoder::kJsEscape;
    if (node.scalar == "XMLEntity") return Encoder::kHtmlEntity;
  }
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown GoTestWAF encoder \"{}\"", Where(path, node), node.scalar));
}

Result<const YamlNode*> SequenceAt(const std::string& path, const YamlNode& doc, std::string_view key) {
  const YamlNode* n = doc.Find(key);
  if (n == nullptr || !n->IsSequence() || n->items.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: \"{}\" must be a non-empty list", Where(path, n ? *n : doc), key));
  }
  return n;
}

}  // namespace

Result<Imported> ImportGoTestWaf(const Files& files) {
  Imported out;
  for (const auto& [path, text] : files) {
    if (!path.starts_with(kGoTestWafDir)) continue;
    if (!path.ends_with(".yml") && !path.ends_with(".yaml")) continue;
    auto doc = LoadYaml(path, text);
    if (!doc) return Fail(doc.error());
    if (!doc->IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: expected a map", Where(path, *doc)));
    const std::string rel = path.substr(kGoTestWafDir.size());  // "owasp/sql-injection.yml"
    const auto slash = rel.find('/');
    if (slash == std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:1:1: expected testcases/<set>/<name>.yml", path));
    }
    const std::string set = rel.substr(0, slash);
    const std::string stem = rel.substr(0, rel.rfind('.'));  // "owasp/sql-injection"
    const bool benign = set.find("false") != std::string::npos;

    auto payloads = SequenceAt(path, *doc, "payload");
    if (!payloads) return Fail(payloads.error());
    auto encoders = SequenceAt(path, *doc, "encoder");
    if (!encoders) return Fail(encoders.error());
    auto placeholders = SequenceAt(path, *doc, "placeholder");
    if (!placeholders) return Fail(placeholders.error());

    TypeMapping type{"general", {}};
    if (const YamlNode* t = doc->Find("type")) {
      if (!t->IsScalar()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: type must be text", Where(path, *t)));
      auto mapped = CategoryOfType(t->scalar);
      if (!mapped) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown GoTestWAF type \"{}\"", Where(path, *t), t->scalar));
      }
      type = *mapped;
    } else if (!benign) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: an attack set needs a type", Where(path, *doc)));
    }

    std::vector<Encoder> encs;
    for (const YamlNode& e : (*encoders)->items) {
      auto enc = MapEncoder(path, e);
      if (!enc) return Fail(enc.error());
      encs.push_back(*enc);
    }
    // Placeholders grouped: the plain ones share one case per payload, each parametric one has its own.
    std::vector<std::pair<Mapped, std::vector<Placement>>> groups;
    int excluded_placeholders = 0;
    for (const YamlNode& p : (*placeholders)->items) {
      auto m = MapPlaceholder(path, p);
      if (!m) return Fail(m.error());
      if (m->excluded) {
        ++excluded_placeholders;
        continue;
      }
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first.group.empty() && m->group.empty(); });
      if (it != groups.end() && m->group.empty()) {
        it->second.push_back(m->placement);
      } else {
        const Placement placement = m->placement;
        groups.emplace_back(std::move(*m), std::vector<Placement>{placement});
      }
    }
    if (excluded_placeholders > 0) {
      AddExclusion(out.excluded, kSourceGoTestWaf, "placement gRPC unsupported (HTTP/2)",
                   excluded_placeholders * static_cast<int>((*payloads)->items.size() * encs.size()));
    }
    int index = 0;
    for (const YamlNode& payload : (*payloads)->items) {
      ++index;
      if (!payload.IsScalar()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: a payload must be text", Where(path, payload)));
      }
      for (const auto& [mapped, placements] : groups) {
        Case c;
        c.id = fmt::format("{}/{}/p{}{}", kSourceGoTestWaf, stem, index, mapped.group.empty() ? "" : "-" + mapped.group);
        c.source = std::string(kSourceGoTestWaf);
        c.file = path;
        c.line = payload.line;
        c.column = payload.column;
        c.category = type.category;
        c.expect = benign ? Expect::kAllow : Expect::kBlock;
        c.payloads = {payload.scalar};
        c.encoders = encs;
        c.placements = placements;
        c.content_type = mapped.content_type;
        c.param_name = mapped.param_name;
        c.raw = mapped.raw;
        // GoTestWAF's Plain URLPath payloads are already percent-encoded (owasp/crlf.yml).
        c.verbatim = true;
        if (!type.size_tag.empty()) c.tags.push_back(type.size_tag);
        c.tags.push_back("gotestwaf_set:" + set);
        c.provenance = std::string(kProvenance);
        c.licence = std::string(kLicence);
        out.cases.push_back(std::move(c));
      }
    }
  }
  return out;
}

}  // namespace proven::waf::internal
