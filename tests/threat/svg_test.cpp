// RenderSvg: well-formed, escaped, self-contained and deterministic.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "threat/threat_model.hpp"
#include "threat_test_support.hpp"

namespace proven::threat {
namespace {

using testing::ReadFixture;

const SvgLabels kJa{"対象外", "資産", "入口", "脅威"};

// A small XML well-formedness check: one root, tags balanced and properly nested, attributes
// quoted, no '<' or stray '&' in text or attribute values, only the five predefined entities and
// numeric references. Returns an empty string when well formed, else what is wrong.
std::string XmlProblem(const std::string& x) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  auto entity_ok = [&](std::size_t at) {
    const std::size_t semi = x.find(';', at);
    if (semi == std::string::npos || semi - at > 10) return false;
    const std::string name = x.substr(at + 1, semi - at - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") return true;
    return name.size() > 1 && name[0] == '#';
  };
  while (i < x.size()) {
    if (x[i] == '&') {
      if (!entity_ok(i)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (x[i] == '>') return "stray > at " + std::to_string(i);
    if (x[i] != '<') {
      ++i;
      continue;
    }
    if (x.compare(i, 4, "<!--") == 0) {
      i = x.find("-->", i);
      if (i == std::string::npos) return "open comment";
      i += 3;
      continue;
    }
    const bool closing = x[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < x.size() && (std::isalnum(static_cast<unsigned char>(x[j])) || x[j] == '-' || x[j] == ':')) name += x[j++];
    if (name.empty()) return "tag without a name at " + std::to_string(i);
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> does not close " + (open.empty() ? "" : open.back());
      open.pop_back();
      if (x[j] != '>') return "bad closing tag " + name;
      i = j + 1;
      continue;
    }
    // Attributes: name="value" with no '<' in the value.
    while (true) {
      while (j < x.size() && x[j] == ' ') ++j;
      if (j >= x.size()) return "unterminated tag " + name;
      if (x[j] == '>' || (x[j] == '/' && x[j + 1] == '>')) break;
      const std::size_t eq = x.find('=', j);
      if (eq == std::string::npos || x[eq + 1] != '"') return "unquoted attribute in " + name;
      const std::size_t end = x.find('"', eq + 2);
      if (end == std::string::npos) return "unterminated attribute in " + name;
      for (std::size_t k = eq + 2; k < end; ++k) {
        if (x[k] == '<') return "< in an attribute of " + name;
        if (x[k] == '&' && !entity_ok(k)) return "bad entity in an attribute of " + name;
      }
      j = end + 1;
    }
    const bool self_closing = x[j] == '/';
    if (open.empty()) ++roots;
    if (!self_closing) open.push_back(name);
    i = j + (self_closing ? 2 : 1);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return "roots: " + std::to_string(roots);
  return {};
}

TEST(ThreatSvg, TheCheckerCatchesBrokenXml) {
  EXPECT_EQ(XmlProblem(R"(<svg a="1"><g><text>a &amp; b</text></g><rect/></svg>)"), "");
  EXPECT_NE(XmlProblem("<svg><g></svg>"), "");
  EXPECT_NE(XmlProblem("<svg><text>a < b</text></svg>"), "");
  EXPECT_NE(XmlProblem("<svg><text>a & b</text></svg>"), "");
  EXPECT_NE(XmlProblem(R"(<svg a="<x>"></svg>)"), "");
  EXPECT_NE(XmlProblem("<svg></svg><svg></svg>"), "");
}

TEST(ThreatSvg, TheDemoModelIsWellFormedAndDeterministic) {
  auto m = ReadThreatDragon(ReadFixture("threat-dragon/demo-threat-model.json"));
  ASSERT_TRUE(m.has_value());
  const std::string svg = RenderSvg(*m, 0, kJa);
  EXPECT_EQ(XmlProblem(svg), "") << svg;
  EXPECT_EQ(RenderSvg(*m, 0, kJa), svg);
  EXPECT_EQ(svg.rfind(R"(<svg xmlns="http://www.w3.org/2000/svg")", 0), 0u);
  EXPECT_NE(svg.find("<title>Main Request Data Flow</title>"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos) << "no external references";
  EXPECT_NE(svg.find(R"(<tspan x="610" dy="0">Background</tspan><tspan x="610" dy="14">Worker Process</tspan>)"),
            std::string::npos)
      << "names keep their line breaks";
  EXPECT_NE(svg.find(R"svg(marker-end="url(#arrow)")svg"), std::string::npos);
  EXPECT_NE(svg.find(R"(stroke-dasharray="8 5")"), std::string::npos) << "boundaries are dashed";
  // The message queue: three threats, two open, none rated.
  EXPECT_NE(svg.find(">脅威 2 not_rated<"), std::string::npos);
  EXPECT_NE(svg.find("対象外"), std::string::npos) << "the web application config is out of scope";
  int groups = 0;
  for (std::size_t at = svg.find("<g class=\"element"); at != std::string::npos; at = svg.find("<g class=\"element", at + 1)) {
    ++groups;
  }
  EXPECT_EQ(groups, 20);
}

TEST(ThreatSvg, NamesAreEscaped) {
  Model m;
  Diagram d;
  d.title = "<b>&\"'";
  Element e;
  e.id = "x\"><script>alert(1)</script>";
  e.kind = ElementKind::kActor;
  e.name = "<script>alert('x')</script> & \x01 \xff";
  e.asset = true;
  d.elements.push_back(e);
  Element f;
  f.id = "f";
  f.kind = ElementKind::kFlow;
  f.name = "]]></text><script>";
  f.source = e.id;
  f.points = {{300, 300}};
  d.elements.push_back(f);
  m.diagrams.push_back(d);
  const std::string svg = RenderSvg(m, 0, SvgLabels{"out of scope", "<asset>", "entry", "threats"});
  EXPECT_EQ(XmlProblem(svg), "") << svg;
  EXPECT_EQ(svg.find("<script"), std::string::npos) << svg;
  EXPECT_NE(svg.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"), std::string::npos) << svg;
  EXPECT_NE(svg.find("&lt;asset&gt;"), std::string::npos);
  EXPECT_NE(svg.find("\xEF\xBF\xBD"), std::string::npos) << "a byte that is not UTF-8 becomes U+FFFD";
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
}

TEST(ThreatSvg, ElementsWithoutGeometryGoOnAGrid) {
  Model m;
  Diagram d;
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    Element e;
    e.id = id;
    e.kind = ElementKind::kProcess;
    e.name = id;
    d.elements.push_back(e);
  }
  Element f;
  f.id = "ab";
  f.kind = ElementKind::kFlow;
  f.name = "a to b";
  f.source = "a";
  f.target = "b";
  d.elements.push_back(f);
  m.diagrams.push_back(d);
  const std::string svg = RenderSvg(m, 0, kJa);
  EXPECT_EQ(XmlProblem(svg), "") << svg;
  // 140 x 80 boxes, 200 apart across, 140 down after four.
  EXPECT_NE(svg.find(R"(<ellipse cx="70" cy="40" rx="70" ry="40")"), std::string::npos) << svg;
  EXPECT_NE(svg.find(R"(<ellipse cx="270" cy="40")"), std::string::npos);
  EXPECT_NE(svg.find(R"(<ellipse cx="670" cy="40")"), std::string::npos);
  EXPECT_NE(svg.find(R"(<ellipse cx="70" cy="180")"), std::string::npos);
  EXPECT_NE(svg.find(R"(d="M70,40 L270,40")"), std::string::npos) << "the flow joins the centres";
}

TEST(ThreatSvg, OpenThreatsAndTheHighestRisk) {
  Model m;
  Diagram d;
  Element e;
  e.id = "fw";
  e.kind = ElementKind::kProcess;
  e.name = "Firmware";
  e.x = 0;
  e.y = 0;
  e.width = 100;
  e.height = 100;
  e.threats = {{"1", "a", Stride::kSpoofing, "open", "", "", 1, 2},
               {"2", "b", Stride::kTampering, "open", "", "", 3, 2},
               {"3", "c", Stride::kTampering, "mitigated", "", "", 3, 3}};
  d.elements.push_back(e);
  m.diagrams.push_back(d);
  const std::string svg = RenderSvg(m, 0, SvgLabels{"out of scope", "asset", "entry point", "threats"});
  EXPECT_NE(svg.find(">threats 2 high<"), std::string::npos) << "the mitigated critical one does not count\n" << svg;
}

TEST(ThreatSvg, EmptyModelsGiveAnEmptyValidSvg) {
  const Model empty;
  const std::string svg = RenderSvg(empty, 0, kJa);
  EXPECT_EQ(XmlProblem(svg), "") << svg;
  EXPECT_EQ(svg.find("<g"), std::string::npos);
  Model one;
  one.diagrams.emplace_back();
  EXPECT_EQ(XmlProblem(RenderSvg(one, 0, kJa)), "");
  EXPECT_EQ(XmlProblem(RenderSvg(one, 5, kJa)), "");
}

}  // namespace
}  // namespace proven::threat
