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

  std::string svg = fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">"
      "<title>{}</title>",
      kWidth, height, EscapeXml(title));
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

}  // namespace proven::web
