#include "waf/yaml_util.hpp"

#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace proven::waf {
namespace {

// yaml-cpp nodes nest as deep as the document; the corpus files are shallow, but a hostile file
// must not overflow the stack.
constexpr int kMaxDepth = 64;

Result<YamlNode> Convert(std::string_view path, const YAML::Node& in, int depth) {
  YamlNode out;
  const YAML::Mark mark = in.Mark();
  if (!mark.is_null()) {
    out.line = mark.line + 1;
    out.column = mark.column + 1;
  }
  if (depth > kMaxDepth) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}:{}: nesting deeper than {}", path, out.line, out.column, kMaxDepth));
  }
  switch (in.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = YamlNode::Kind::kNull;
      break;
    case YAML::NodeType::Scalar:
      out.kind = YamlNode::Kind::kScalar;
      out.scalar = in.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = YamlNode::Kind::kSequence;
      for (const auto& item : in) {
        auto child = Convert(path, item, depth + 1);
        if (!child) return Fail(child.error());
        out.items.push_back(std::move(*child));
      }
      break;
    case YAML::NodeType::Map: {
      out.kind = YamlNode::Kind::kMap;
      std::set<std::string> seen;
      for (const auto& kv : in) {
        const YAML::Node& key = kv.first;
        const YAML::Mark km = key.Mark();
        const int kl = km.is_null() ? out.line : km.line + 1;
        const int kc = km.is_null() ? out.column : km.column + 1;
        if (!key.IsScalar()) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}:{}: a map key must be a plain value", path, kl, kc));
        }
        if (!seen.insert(key.Scalar()).second) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}:{}: duplicate key \"{}\"", path, kl, kc, key.Scalar()));
        }
        auto child = Convert(path, kv.second, depth + 1);
        if (!child) return Fail(child.error());
        if (child->line == 0) {
          child->line = kl;
          child->column = kc;
        }
        out.map.emplace_back(key.Scalar(), std::move(*child));
      }
      break;
    }
  }
  return out;
}

// yaml-cpp 0.7.0 cannot parse a block scalar with an explicit tag as a sequence entry ("- !!str |",
// GoTestWAF's community/community-xxe.yml: "end of sequence not found"). A block scalar is a string
// already, so the tag is redundant: drop "!!str " where it directly precedes "|" or ">" after "- " or
// ": ". Only that line's later columns shift; line numbers stay exact.
std::string WithoutRedundantStrTags(const std::string& text) {
  static constexpr std::string_view kTag = "!!str ";
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = text.find(kTag, pos);
    if (at == std::string::npos) break;
    const std::size_t after = at + kTag.size();
    const bool block = after < text.size() && (text[after] == '|' || text[after] == '>');
    const bool entry = at >= 2 && text[at - 1] == ' ' && (text[at - 2] == '-' || text[at - 2] == ':');
    out.append(text, pos, at - pos);
    if (!(block && entry)) out.append(kTag);
    pos = after;
  }
  if (pos == 0) return text;
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace

const YamlNode* YamlNode::Find(std::string_view key) const {
  if (kind != Kind::kMap) return nullptr;
  for (const auto& [k, v] : map) {
    if (k == key) return &v;
  }
  return nullptr;
}

Result<YamlNode> LoadYaml(std::string_view path, const std::string& text) {
  try {
    const YAML::Node root = YAML::Load(WithoutRedundantStrTags(text));
    return Convert(path, root, 0);
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int column = e.mark.is_null() ? 0 : e.mark.column + 1;
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}:{}: {}", path, line, column, e.msg));
  } catch (const std::exception& e) {  // bad_alloc and the like: still a value, never an escape
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:0:0: {}", path, e.what()));
  }
}

std::string Where(std::string_view path, const YamlNode& node) {
  return fmt::format("{}:{}:{}", path, node.line, node.column);
}

}  // namespace proven::waf
