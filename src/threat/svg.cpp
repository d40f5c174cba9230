// The diagram of a threat model as a self-contained SVG (docs/devices.md): no scripts, no external
// references, every text escaped, and the same bytes for the same model.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

#include <fmt/format.h>

#include "threat/threat_model.hpp"

namespace proven::threat {

namespace {

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double cx() const { return x + w / 2; }
  double cy() const { return y + h / 2; }
};

struct Bounds {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool any = false;
  void Add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    if (!any) {
      min_x = max_x = x;
      min_y = max_y = y;
      any = true;
      return;
    }
    min_x = std::min(min_x, x);
    max_x = std::max(max_x, x);
    min_y = std::min(min_y, y);
    max_y = std::max(max_y, y);
  }
};

constexpr double kGridColumns = 4;
constexpr double kGridWidth = 200;
constexpr double kGridHeight = 140;
constexpr double kBoxWidth = 140;
constexpr double kBoxHeight = 80;

// Numbers with at most one decimal, never in exponent form, so output is stable and readable.
std::string N(double v) {
  if (!std::isfinite(v)) v = 0;
  v = std::clamp(v, -1e9, 1e9);
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not valid UTF-8.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) len = 2;
  else if (b >= 0xE0 && b <= 0xEF) len = 3;
  else if (b >= 0xF0 && b <= 0xF4) len = 4;
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F)) {
    return 0;
  }
  return len;
}

// XML text and attribute escaping; control characters XML forbids are dropped and bytes that are
// not UTF-8 become U+FFFD, so any name gives a well-formed document.
std::string Esc(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const std::size_t len = Utf8Length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (len > 1) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    ++i;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

// Flows and curved boundaries are lines; everything else is a box.
bool IsBox(const Element& e) {
  return e.kind != ElementKind::kFlow && !(e.kind == ElementKind::kBoundary && !e.points.empty());
}

// Boxes as drawn: their own geometry, or a place on a grid below everything that has geometry.
std::map<std::string, Box> Layout(const Diagram& d) {
  std::map<std::string, Box> boxes;
  Bounds placed;
  for (const auto& e : d.elements) {
    if (IsBox(e) && e.width > 0 && e.height > 0) {
      placed.Add(e.x, e.y);
      placed.Add(e.x + e.width, e.y + e.height);
    }
    for (const auto& p : e.points) placed.Add(p.x, p.y);
  }
  const double x0 = placed.any ? placed.min_x : 0;
  const double y0 = placed.any ? placed.max_y + 40 : 0;
  int slot = 0;
  for (const auto& e : d.elements) {
    if (!IsBox(e)) continue;
    if (e.width > 0 && e.height > 0 && std::isfinite(e.x) && std::isfinite(e.y)) {
      boxes.emplace(e.id, Box{e.x, e.y, e.width, e.height});
      continue;
    }
    const double col = std::fmod(static_cast<double>(slot), kGridColumns);
    const double row = std::floor(static_cast<double>(slot) / kGridColumns);
    boxes.emplace(e.id, Box{x0 + col * kGridWidth, y0 + row * kGridHeight, kBoxWidth, kBoxHeight});
    ++slot;
  }
  return boxes;
}

std::string_view RiskColour(RiskLevel r) {
  switch (r) {
    case RiskLevel::kNotRated: return "#555555";
    case RiskLevel::kLow: return "#2e7d32";
    case RiskLevel::kMedium: return "#b26a00";
    case RiskLevel::kHigh: return "#c62828";
    case RiskLevel::kCritical: return "#6a1b9a";
  }
  return "#555555";
}

// "脅威 2 high": the open threats and the highest risk among them.
std::string ThreatBadge(const Element& e, const SvgLabels& labels, double x, double y) {
  if (e.threats.empty()) return {};
  int open = 0;
  RiskLevel highest = RiskLevel::kNotRated;
  for (const auto& t : e.threats) {
    if (t.status != "open") continue;
    ++open;
    highest = std::max(highest, t.risk());
  }
  return fmt::format(R"(<text class="threats" x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{} {} {}</text>)",
                     N(x), N(y), RiskColour(highest), Esc(labels.threats), open, RiskCode(highest));
}

std::string Tags(const Element& e, const SvgLabels& labels, double x, double y) {
  std::string tags;
  auto add = [&](bool on, const std::string& word) {
    if (!on) return;
    if (!tags.empty()) tags += " · ";
    tags += Esc(word);
  };
  add(e.asset, labels.asset);
  add(e.entry_point, labels.entry_point);
  add(e.out_of_scope, labels.out_of_scope);
  if (tags.empty()) return {};
  return fmt::format(R"(<text class="tags" x="{}" y="{}" text-anchor="middle" font-size="10" fill="#333333">{}</text>)",
                     N(x), N(y), tags);
}

std::string Name(const std::string& name, double x, double y) {
  std::vector<std::string> lines;
  std::string line;
  for (char c : name) {
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  lines.push_back(line);
  std::string out = fmt::format(R"(<text class="name" x="{}" y="{}" text-anchor="middle" font-size="12">)", N(x),
                                N(y - 7.0 * static_cast<double>(lines.size() - 1)));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += fmt::format(R"(<tspan x="{}" dy="{}">{}</tspan>)", N(x), i == 0 ? "0" : "14", Esc(lines[i]));
  }
  return out + "</text>";
}

std::string Shape(const Element& e, const Box& b) {
  const std::string stroke = e.out_of_scope ? R"(stroke="#999999" stroke-dasharray="4 3")" : R"(stroke="#333333")";
  switch (e.kind) {
    case ElementKind::kActor:
      return fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" {} stroke-width="1.5"/>)", N(b.x),
                         N(b.y), N(b.w), N(b.h), stroke);
    case ElementKind::kProcess:
      return fmt::format(R"(<ellipse cx="{}" cy="{}" rx="{}" ry="{}" fill="#ffffff" {} stroke-width="1.5"/>)",
                         N(b.cx()), N(b.cy()), N(b.w / 2), N(b.h / 2), stroke);
    case ElementKind::kStore: {
      const double ry = std::min(10.0, b.h / 4);
      return fmt::format(
          R"(<path d="M{},{} V{} A{},{} 0 0 0 {},{} V{}" fill="#ffffff" {} stroke-width="1.5"/>)"
          R"(<ellipse cx="{}" cy="{}" rx="{}" ry="{}" fill="#ffffff" {} stroke-width="1.5"/>)",
          N(b.x), N(b.y + ry), N(b.y + b.h - ry), N(b.w / 2), N(ry), N(b.x + b.w), N(b.y + b.h - ry), N(b.y + ry),
          stroke, N(b.cx()), N(b.y + ry), N(b.w / 2), N(ry), stroke);
    }
    case ElementKind::kBoundary:
      return fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#c62828" stroke-width="1.5" )"
          R"(stroke-dasharray="8 5"/>)",
          N(b.x), N(b.y), N(b.w), N(b.h));
    case ElementKind::kFlow: break;
  }
  return {};
}

std::string DrawBox(const Element& e, const Box& b, const SvgLabels& labels, Bounds& bounds) {
  bounds.Add(b.x, b.y);
  bounds.Add(b.x + b.w, b.y + b.h + 30);
  std::string out = fmt::format(R"(<g class="element {}" data-id="{}">)", KindCode(e.kind), Esc(e.id)) + Shape(e, b);
  if (e.kind == ElementKind::kBoundary) {
    out += fmt::format(R"(<text class="name" x="{}" y="{}" font-size="11" fill="#c62828">{}</text>)", N(b.x + 4),
                       N(b.y + 14), Esc(e.name));
  } else {
    out += Name(e.name, b.cx(), b.cy() + 4);
    out += Tags(e, labels, b.cx(), b.y + b.h + 12);
    out += ThreatBadge(e, labels, b.cx(), b.y + b.h + (e.asset || e.entry_point || e.out_of_scope ? 25 : 12));
  }
  return out + "</g>\n";
}

std::vector<Point> Route(const Element& e, const std::map<std::string, Box>& boxes) {
  std::vector<Point> route;
  const auto from = boxes.find(e.source);
  const auto to = boxes.find(e.target);
  if (!e.source.empty() && from != boxes.end()) route.push_back({from->second.cx(), from->second.cy()});
  route.insert(route.end(), e.points.begin(), e.points.end());
  if (!e.target.empty() && to != boxes.end()) route.push_back({to->second.cx(), to->second.cy()});
  return route;
}

std::string DrawLine(const Element& e, const std::map<std::string, Box>& boxes, const SvgLabels& labels,
                     Bounds& bounds) {
  const std::vector<Point> route = Route(e, boxes);
  if (route.size() < 2) return {};
  std::string d;
  for (std::size_t i = 0; i < route.size(); ++i) {
    d += fmt::format("{}{},{}", i == 0 ? "M" : " L", N(route[i].x), N(route[i].y));
    bounds.Add(route[i].x, route[i].y);
  }
  const bool flow = e.kind == ElementKind::kFlow;
  std::string out = fmt::format(R"(<g class="element {}" data-id="{}">)", KindCode(e.kind), Esc(e.id));
  if (flow) {
    out += fmt::format(R"svg(<path d="{}" fill="none" stroke="{}" stroke-width="1.5"{} marker-end="url(#arrow)"/>)svg", d,
                       e.out_of_scope ? "#999999" : "#333333", e.out_of_scope ? R"( stroke-dasharray="4 3")" : "");
  } else {
    out += fmt::format(R"(<path d="{}" fill="none" stroke="#c62828" stroke-width="1.5" stroke-dasharray="8 5"/>)", d);
  }
  // The label sits on the middle vertex, or half way along a straight line.
  Point mid = route[route.size() / 2];
  if (route.size() % 2 == 0) {
    const Point& a = route[route.size() / 2 - 1];
    mid = {(a.x + mid.x) / 2, (a.y + mid.y) / 2};
  }
  out += fmt::format(R"(<text class="name" x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>)",
                     N(mid.x), N(mid.y - 4), flow ? "#333333" : "#c62828", Esc(e.name));
  if (flow) {
    out += Tags(e, labels, mid.x, mid.y + 9);
    out += ThreatBadge(e, labels, mid.x, mid.y + (e.asset || e.entry_point || e.out_of_scope ? 22 : 9));
  }
  return out + "</g>\n";
}

}  // namespace

std::string RenderSvg(const Model& m, std::size_t diagram, const SvgLabels& labels) {
  constexpr std::string_view kOpen = R"(<svg xmlns="http://www.w3.org/2000/svg" )";
  if (diagram >= m.diagrams.size()) {
    return std::string(kOpen) + R"(width="0" height="0" viewBox="0 0 0 0"></svg>)" + "\n";
  }
  const Diagram& d = m.diagrams[diagram];
  const auto boxes = Layout(d);
  Bounds bounds;
  std::string boundaries;
  std::string lines;
  std::string nodes;
  for (const auto& e : d.elements) {
    if (!IsBox(e)) {
      lines += DrawLine(e, boxes, labels, bounds);
    } else if (e.kind == ElementKind::kBoundary) {
      boundaries += DrawBox(e, boxes.at(e.id), labels, bounds);
    } else {
      nodes += DrawBox(e, boxes.at(e.id), labels, bounds);
    }
  }
  if (!bounds.any) return std::string(kOpen) + R"(width="0" height="0" viewBox="0 0 0 0"></svg>)" + "\n";
  const double x = bounds.min_x - 40;
  const double y = bounds.min_y - 20;
  const double w = bounds.max_x - bounds.min_x + 80;
  const double h = bounds.max_y - bounds.min_y + 40;
  std::string out = fmt::format(
      R"({}width="{}" height="{}" viewBox="{} {} {} {}" font-family="sans-serif" role="img">)"
      "\n<title>{}</title>\n"
      R"(<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" )"
      R"(orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>)"
      "\n",
      kOpen, N(w), N(h), N(x), N(y), N(w), N(h), Esc(d.title));
  return out + boundaries + lines + nodes + "</svg>\n";
}

}  // namespace proven::threat
