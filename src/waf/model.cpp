#include "waf/model.hpp"

#include <array>
#include <utility>

namespace proven::waf {
namespace {

template <typename E, std::size_t N>
std::string_view CodeIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, code] : table) {
    if (v == value) return code;
  }
  return {};
}

template <typename E, std::size_t N>
std::optional<E> ValueIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view code) {
  for (const auto& [v, c] : table) {
    if (c == code) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Placement, std::string_view>, 16> kPlacements{{
    {Placement::kQuery, "query"},
    {Placement::kPath, "path"},
    {Placement::kHeaderCustom, "header_custom"},
    {Placement::kHeaderNamed, "header_named"},
    {Placement::kCookie, "cookie"},
    {Placement::kUserAgent, "user_agent"},
    {Placement::kReferer, "referer"},
    {Placement::kForm, "form"},
    {Placement::kMultipartField, "multipart_field"},
    {Placement::kMultipartFilename, "multipart_filename"},
    {Placement::kJsonValue, "json_value"},
    {Placement::kJsonKey, "json_key"},
    {Placement::kXmlText, "xml_text"},
    {Placement::kXmlAttr, "xml_attr"},
    {Placement::kRawBody, "raw_body"},
    {Placement::kRawRequest, "raw_request"},
}};

constexpr std::array<std::pair<Encoder, std::string_view>, 11> kEncoders{{
    {Encoder::kPlain, "plain"},
    {Encoder::kUrl, "url"},
    {Encoder::kDoubleUrl, "double_url"},
    {Encoder::kPercentU, "percent_u"},
    {Encoder::kHtmlEntity, "html_entity"},
    {Encoder::kJsEscape, "js_escape"},
    {Encoder::kBase64, "base64"},
    {Encoder::kBase64Flat, "base64_flat"},
    {Encoder::kOverlongUtf8, "overlong_utf8"},
    {Encoder::kCaseMix, "case_mix"},
    {Encoder::kSqlCommentWs, "sql_comment_ws"},
}};

constexpr std::array<std::pair<Expect, std::string_view>, 2> kExpects{{{Expect::kBlock, "block"}, {Expect::kAllow, "allow"}}};

constexpr std::array<std::pair<Verdict, std::string_view>, 3> kVerdicts{
    {{Verdict::kBlocked, "blocked"}, {Verdict::kPassed, "passed"}, {Verdict::kUnresolved, "unresolved"}}};

constexpr std::array<std::pair<Basis, std::string_view>, 12> kBases{{
    {Basis::kOracleReached, "oracle_reached"},
    {Basis::kOracleNotReached, "oracle_not_reached"},
    {Basis::kBlockStatus, "block_status"},
    {Basis::kBlockPattern, "block_pattern"},
    {Basis::kReset, "reset"},
    {Basis::kEof, "eof"},
    {Basis::kPassStatus, "pass_status"},
    {Basis::kOtherStatus, "other_status"},
    {Basis::kTimeout, "timeout"},
    {Basis::kConnectFailed, "connect_failed"},
    {Basis::kMalformed, "malformed"},
    {Basis::kTainted, "tainted"},
}};

}  // namespace

std::string_view Code(Placement p) { return CodeIn(kPlacements, p); }
std::string_view Code(Encoder e) { return CodeIn(kEncoders, e); }
std::string_view Code(Expect e) { return CodeIn(kExpects, e); }
std::string_view Code(Verdict v) { return CodeIn(kVerdicts, v); }
std::string_view Code(Basis b) { return CodeIn(kBases, b); }
std::optional<Placement> PlacementFromCode(std::string_view code) { return ValueIn(kPlacements, code); }
std::optional<Encoder> EncoderFromCode(std::string_view code) { return ValueIn(kEncoders, code); }
std::optional<Expect> ExpectFromCode(std::string_view code) { return ValueIn(kExpects, code); }

const std::vector<Placement>& AllPlacements() {
  static const std::vector<Placement> all = [] {
    std::vector<Placement> v;
    for (const auto& [p, code] : kPlacements) v.push_back(p);
    return v;
  }();
  return all;
}

const std::vector<Encoder>& AllEncoders() {
  static const std::vector<Encoder> all = [] {
    std::vector<Encoder> v;
    for (const auto& [e, code] : kEncoders) v.push_back(e);
    return v;
  }();
  return all;
}

}  // namespace proven::waf
