#include "web/charts.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace proven::web {

std::string EscapeXml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

// The chart's <svg> element, scaled to its container, with its accessible title.
std::string SvgOpen(int width, int height, std::string_view title) {
  return fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">"
      "<title>{}</title>",
      width, height, EscapeXml(title));
}

}  // namespace

std::string HorizontalBarChart(const std::vector<Bar>& bars, std::string_view title,
                               const std::vector<std::string>& value_texts) {
  constexpr int kRow = 26;
  constexpr int kLabelWidth = 210;
  constexpr int kBarArea = 380;
  constexpr int kValueWidth = 50;
  constexpr int kWidth = kLabelWidth + kBarArea + kValueWidth;
  const int height = std::max<int>(1, static_cast<int>(bars.size())) * kRow + 8;
  int max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);

  std::string svg = SvgOpen(kWidth, height, title);
  int y = 4;
  std::size_t i = 0;
  for (const auto& b : bars) {
    const std::string shown = i < value_texts.size() ? EscapeXml(value_texts[i]) : std::to_string(b.value);
    ++i;
    const int w = b.value == 0 ? 0 : std::max(2, b.value * kBarArea / max);
    svg += fmt::format(
        "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" class=\"chart-bar\"></rect>"
        "<text x=\"{}\" y=\"{}\" class=\"chart-value\">{}</text></g>",
        kLabelWidth - 8, y + 17, EscapeXml(b.label), kLabelWidth, y + 4, w, kRow - 8,
        kLabelWidth + w + 6, y + 17, shown);
    y += kRow;
  }
  svg += "</svg>";
  return svg;
}

std::string PartOfWholeChart(const std::vector<PartBar>& rows, std::string_view title) {
  constexpr int kRow = 26;
  constexpr int kLabelWidth = 120;
  constexpr int kBarArea = 420;
  constexpr int kValueWidth = 100;
  constexpr int kWidth = kLabelWidth + kBarArea + kValueWidth;
  const int height = std::max<int>(1, static_cast<int>(rows.size())) * kRow + 8;
  int max = 1;
  for (const auto& r : rows) max = std::max({max, r.value, r.whole});
  std::string svg = SvgOpen(kWidth, height, title);
  int y = 4;
  for (const auto& r : rows) {
    const int track = r.whole <= 0 ? 0 : std::max(2, r.whole * kBarArea / max);
    const int bar = r.value <= 0 ? 0 : std::max(2, r.value * kBarArea / max);
    svg += fmt::format(
        "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" class=\"chart-track\"></rect>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" class=\"chart-bar\"></rect>"
        "<text x=\"{}\" y=\"{}\" class=\"chart-value\">{} / {}</text></g>",
        kLabelWidth - 8, y + 17, EscapeXml(r.label), kLabelWidth, y + 4, track, kRow - 8, kLabelWidth, y + 8, bar,
        kRow - 16, kLabelWidth + std::max(track, bar) + 6, y + 17, r.value, r.whole);
    y += kRow;
  }
  svg += "</svg>";
  return svg;
}

std::string LineChart(const std::vector<Bar>& points, std::string_view title) {
  constexpr int kLeft = 50, kRight = 20, kTop = 16, kBottom = 34;
  constexpr int kPlotWidth = 560, kPlotHeight = 200;
  constexpr int kWidth = kLeft + kPlotWidth + kRight, kHeight = kTop + kPlotHeight + kBottom;
  int max = 1;
  for (const auto& p : points) max = std::max(max, p.value);
  std::string svg = SvgOpen(kWidth, kHeight, title) + fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"chart-axis\"></line>"
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"chart-axis\"></line>"
      "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-value\">{}</text>"
      "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-value\">0</text>",
      kLeft, kTop, kLeft, kTop + kPlotHeight, kLeft, kTop + kPlotHeight,
      kLeft + kPlotWidth, kTop + kPlotHeight, kLeft - 6, kTop + 5, max, kLeft - 6, kTop + kPlotHeight);
  if (points.empty()) return svg + "</svg>";
  const auto x_of = [&](std::size_t i) {
    return points.size() == 1 ? kLeft + kPlotWidth / 2
                              : kLeft + static_cast<int>(i * kPlotWidth / (points.size() - 1));
  };
  const auto y_of = [&](int v) { return kTop + kPlotHeight - v * kPlotHeight / max; };
  std::string line;
  for (std::size_t i = 0; i < points.size(); ++i) {
    line += fmt::format("{}{},{}", i ? " " : "", x_of(i), y_of(points[i].value));
  }
  svg += fmt::format("<polyline points=\"{}\" class=\"chart-line\" fill=\"none\"></polyline>", line);
  for (std::size_t i = 0; i < points.size(); ++i) {
    svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" class=\"chart-dot\"><title>{}: {}</title></circle>",
                       x_of(i), y_of(points[i].value), EscapeXml(points[i].label), points[i].value);
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"chart-label\">{}</text>", kLeft, kTop + kPlotHeight + 22,
                     EscapeXml(points.front().label));
  if (points.size() > 1) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>",
                       kLeft + kPlotWidth, kTop + kPlotHeight + 22, EscapeXml(points.back().label));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace proven::web
