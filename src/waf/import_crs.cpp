// The OWASP CRS regression tests (go-ftw YAML, CRS v4 layout; Apache-2.0) as raw-request cases.
// Which tests are used and how (ADR 0017 "Corpus and plan"):
//   attack (expect block): one stage, a REQUEST-* rule file other than 949, no expect_error, version
//     absent, HTTP/1.0 or HTTP/1.1, and a non-empty expect_ids;
//   benign (expect allow): the same shape with only no_expect_ids and a description that says it is
//     a false-positive test ("false positive…", "FP…", "[FP]…");
//   benign `general`: every test of REQUEST-999-COMMON-EXCEPTIONS-AFTER (requests that must not
//     trigger any rule: real-world cookies and user agents);
//   everything else is excluded with its reason and counted.
// The request bytes are go-ftw's: "<method> <uri> <version>", the headers in file order, the
// autocompleted Content-Type/Content-Length when data is present, a blank line and the data as is;
// encoded_request gives the exact bytes. Host "localhost" becomes the target's authority.
#include <charconv>
#include <fmt/format.h>

#include "waf/corpus_internal.hpp"

namespace proven::waf::internal {
namespace {

constexpr std::string_view kLicence = "Apache-2.0";

std::optional<std::string> CategoryOfRuleFile(std::string_view number) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kDirs{
      {"911", "protocol"}, {"913", "scanner"},        {"920", "protocol"}, {"921", "protocol"}, {"922", "protocol"},
      {"930", "path_traversal"}, {"931", "rfi"},      {"932", "rce"},      {"933", "php"},      {"934", "generic"},
      {"941", "xss"},      {"942", "sqli"},           {"943", "session_fixation"}, {"944", "java"}, {"999", "general"},
  };
  for (const auto& [n, c] : kDirs) {
    if (n == number) return std::string(c);
  }
  return std::nullopt;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char ch : in) {
    int v = -1;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+') v = 62;
    else if (ch == '/') v = 63;
    else if (ch == '=' || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') continue;
    else return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

bool IsPlainMethod(std::string_view m) {
  return m == "GET" || m == "POST" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "PATCH" || m == "OPTIONS";
}

struct Stage {
  const YamlNode* input = nullptr;
  const YamlNode* log = nullptr;
  const YamlNode* output = nullptr;
};

// A test description that marks a false-positive test: it starts (case-insensitively) with
// "false positive" (any one character or none between the words), "fp" as a whole word, or "[fp]".
bool SaysFalsePositive(std::string_view desc) {
  const std::string d = Lower(desc.substr(0, 16));
  const auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  if (d.starts_with("false") && (d.substr(5).starts_with("positive") || (d.size() > 6 && d.substr(6).starts_with("positive")))) {
    return true;
  }
  if (d.starts_with("fp") && (d.size() == 2 || !word(d[2]))) return true;
  return d.starts_with("[fp]");
}

bool NonEmptySeq(const YamlNode* n) { return n != nullptr && ((n->IsSequence() && !n->items.empty()) || n->IsScalar()); }

}  // namespace

Result<Imported> ImportCrs(const Files& files) {
  Imported out;
  const auto exclude = [&](std::string_view reason) { AddExclusion(out.excluded, kSourceCrs, reason); };
  for (const auto& [path, text] : files) {
    if (!path.starts_with(kCrsDir)) continue;
    if (!path.ends_with(".yml") && !path.ends_with(".yaml")) continue;
    auto doc = LoadYaml(path, text);
    if (!doc) return Fail(doc.error());
    if (doc->IsNull()) continue;  // a file of comments only (920539.yaml)
    if (!doc->IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: expected a map", Where(path, *doc)));
    const std::string rel = path.substr(kCrsDir.size());  // "REQUEST-942-APPLICATION-ATTACK-SQLI/942100.yaml"
    const std::string dir = rel.substr(0, rel.find('/'));
    const bool request_file = dir.starts_with("REQUEST-");
    const std::string number = dir.size() >= 11 ? dir.substr(dir.find('-') + 1, 3) : "";
    auto rule_id = ScalarAt(path, *doc, "rule_id", true);
    if (!rule_id) return Fail(rule_id.error());
    const YamlNode* tests = doc->Find("tests");
    if (tests == nullptr || !tests->IsSequence()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"tests\" must be a list", Where(path, tests ? *tests : *doc)));
    }
    for (const YamlNode& test : tests->items) {
      if (!test.IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: a test must be a map", Where(path, test)));
      auto test_id = ScalarAt(path, test, "test_id", true);
      if (!test_id) return Fail(test_id.error());
      auto desc = ScalarAt(path, test, "desc", false);
      if (!desc) return Fail(desc.error());
      const YamlNode* stages = test.Find("stages");
      if (stages == nullptr || !stages->IsSequence() || stages->items.empty()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"stages\" must be a non-empty list", Where(path, test)));
      }
      if (!request_file) {
        exclude("response test (needs go-ftw's reflecting backend and response inspection)");
        continue;
      }
      if (number == "949") {
        exclude("949 blocking-evaluation test (anomaly arithmetic, not a payload)");
        continue;
      }
      if (stages->items.size() != 1) {
        exclude("multi-stage test");
        continue;
      }
      Stage stage;
      stage.input = stages->items.front().Find("input");
      stage.output = stages->items.front().Find("output");
      if (stage.input == nullptr || !stage.input->IsMap() || stage.output == nullptr || !stage.output->IsMap()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: a stage needs an input and an output map", Where(path, stages->items.front())));
      }
      stage.log = stage.output->Find("log");
      if (const YamlNode* e = stage.output->Find("expect_error"); e != nullptr && e->IsScalar() && e->scalar == "true") {
        exclude("expects a client-side error (expect_error)");
        continue;
      }
      const YamlNode& in = *stage.input;
      auto version = ScalarAt(path, in, "version", false);
      if (!version) return Fail(version.error());
      if (in.Find("version") != nullptr && *version != "HTTP/1.1" && *version != "HTTP/1.0") {
        exclude("HTTP version other than HTTP/1.0 or HTTP/1.1");
        continue;
      }
      const bool expect_ids = stage.log != nullptr && NonEmptySeq(stage.log->Find("expect_ids"));
      const bool no_expect_ids = stage.log != nullptr && NonEmptySeq(stage.log->Find("no_expect_ids"));
      const auto known = CategoryOfRuleFile(number);
      if (!known) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: rule file {} has no category", Where(path, *doc), dir));
      }
      const std::string category = *known;
      Expect expect = Expect::kBlock;
      if (number == "999") {
        expect = Expect::kAllow;  // the whole file: requests that must not trigger a rule
      } else if (expect_ids) {
        expect = Expect::kBlock;
      } else if (no_expect_ids) {
        if (!SaysFalsePositive(*desc)) {
          exclude("negative test, not known benign (no_expect_ids without a false-positive description)");
          continue;
        }
        expect = Expect::kAllow;
      } else {
        exclude("checks only the status or the log text");
        continue;
      }

      // The request.
      Case c;
      c.id = fmt::format("{}/{}/{}", kSourceCrs, *rule_id, *test_id);
      c.source = std::string(kSourceCrs);
      c.file = path;
      c.line = test.line;
      c.column = test.column;
      c.category = category;
      c.expect = expect;
      c.encoders = {Encoder::kPlain};
      c.placements = {Placement::kRawRequest};
      c.licence = std::string(kLicence);
      c.provenance = fmt::format("OWASP CRS regression tests, https://github.com/coreruleset/coreruleset (tests/regression/tests/{})", rel);
      c.tags = {"crs_rule:" + *rule_id};
      RawRequest raw;
      auto method = ScalarAt(path, in, "method", false);
      if (!method) return Fail(method.error());
      auto uri = ScalarAt(path, in, "uri", false);
      if (!uri) return Fail(uri.error());
      auto data = ScalarAt(path, in, "data", false);
      if (!data) return Fail(data.error());
      auto encoded = ScalarAt(path, in, "encoded_request", false);
      if (!encoded) return Fail(encoded.error());
      auto autocomplete = ScalarAt(path, in, "autocomplete_headers", false);
      if (!autocomplete) return Fail(autocomplete.error());
      const std::string m = in.Find("method") ? *method : "GET";
      const std::string target = in.Find("uri") ? *uri : "/";
      const std::string v = in.Find("version") ? *version : "HTTP/1.1";
      bool dedicated = v != "HTTP/1.1" || !IsPlainMethod(m) || *autocomplete == "false";
      std::string content_type;
      if (!encoded->empty()) {
        auto bytes = DecodeBase64(*encoded);
        if (!bytes) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: encoded_request is not base64", Where(path, *in.Find("encoded_request"))));
        raw.exact = std::move(*bytes);
        dedicated = true;
      } else {
        std::string bytes = m + " " + (target.starts_with("/") ? "{{proven:base}}" : "") + target + " " + v + "\r\n";
        bool has_type = false;
        std::optional<std::string> length;
        if (const YamlNode* headers = in.Find("headers")) {
          if (!headers->IsMap()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: headers must be a map", Where(path, *headers)));
          for (const auto& [name, value] : headers->map) {
            if (!value.IsScalar() && !value.IsNull()) {
              return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: header {} must be text", Where(path, value), name));
            }
            const std::string lname = Lower(name);
            std::string val = value.scalar;
            if (lname == "host" && val == "localhost") val = "{{proven:host}}";
            if (lname == "content-type") has_type = true, content_type = Lower(val);
            if (lname == "content-length") length = val;
            if (lname == "connection" || lname == "transfer-encoding") dedicated = true;
            bytes += name + ": " + val + "\r\n";
          }
        }
        if (!data->empty() && *autocomplete != "false") {
          if (!has_type) {
            bytes += "Content-Type: application/x-www-form-urlencoded\r\n";
            content_type = "application/x-www-form-urlencoded";
          }
          if (!length) {
            bytes += fmt::format("Content-Length: {}\r\n", data->size());
            length = std::to_string(data->size());
          }
        }
        if (length != std::nullopt && *length != std::to_string(data->size())) {
          dedicated = true;
          // A declared length beyond the body (rule 920400's test says 64200 for 160 bytes): the
          // server waits for bytes never sent, so the request ends by the WAF answering early or by
          // the timeout. SendOrder sends these first so that their wait overlaps the run.
          std::size_t declared = 0;
          const auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), declared);
          if (ec == std::errc() && end == length->data() + length->size() && declared > data->size())
            c.tags.push_back(std::string(kShortBodyTag));
        }
        if (length == std::nullopt && !data->empty()) dedicated = true;
        bytes += "\r\n";
        bytes += *data;
        raw.exact = std::move(bytes);
      }
      if (m == "HEAD") c.tags.push_back("head_request");
      // Where the payload sits, for the per-placement table.
      Placement inferred = Placement::kHeaderCustom;
      if (!data->empty()) {
        inferred = content_type.find("multipart") != std::string::npos ? Placement::kMultipartField
                   : content_type.find("json") != std::string::npos  ? Placement::kJsonValue
                   : content_type.find("xml") != std::string::npos   ? Placement::kXmlText
                                                                      : Placement::kForm;
      } else if (target.find('?') != std::string::npos) {
        inferred = Placement::kQuery;
      } else if (target != "/") {
        inferred = Placement::kPath;
      }
      c.inferred = inferred;
      c.tags.push_back("inferred:" + std::string(Code(inferred)));
      c.dedicated_connection = dedicated;
      c.preview = !data->empty() ? *data : target;
      c.payloads = {c.preview};
      c.raw = std::move(raw);
      out.cases.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace proven::waf::internal
