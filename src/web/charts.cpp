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

// An estimate of a label's rendered width in px at `font_px` (no font metrics on the server):
// full-width characters (CJK, kana, full-width forms: 3- and 4-byte UTF-8) take 1em, others 0.62em
// (generous for proportional Latin text, so that an estimate errs on the wide side).
int LabelWidth(std::string_view text, int font_px) {
  double em = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    em += len >= 3 ? 1.0 : 0.62;
    i += len;
  }
  return static_cast<int>(em * font_px + 0.999);
}

// The label column: the longest label's estimate plus the gap to the bars, within [min, max].
int LabelColumn(const std::vector<std::string>& labels, int font_px, int min, int max) {
  int widest = 0;
  for (const auto& l : labels) widest = std::max(widest, LabelWidth(l, font_px));
  return std::clamp(widest + 12, min, max);
}

// A label too wide for `room` px is squeezed to fit (the whole text stays, readable by zooming).
std::string FitAttribute(std::string_view text, int font_px, int room) {
  return LabelWidth(text, font_px) > room
             ? fmt::format(" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"", room)
             : std::string();
}

constexpr int kLabelFont = 13;  // .chart-label's font-size in app.css

}  // namespace

std::string HorizontalBarChart(const std::vector<Bar>& bars, std::string_view title,
                               const std::vector<std::string>& value_texts) {
  constexpr int kRow = 26;
  constexpr int kBarArea = 380;
  constexpr int kValueWidth = 50;
  std::vector<std::string> labels;
  for (const auto& b : bars) labels.push_back(b.label);
  // Wide enough for the longest label (English labels are longer than Japanese ones).
  const int kLabelWidth = LabelColumn(labels, kLabelFont, 120, 360);
  const int kWidth = kLabelWidth + kBarArea + kValueWidth;
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
        "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\"{}>{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" class=\"chart-bar\"></rect>"
        "<text x=\"{}\" y=\"{}\" class=\"chart-value\">{}</text></g>",
        kLabelWidth - 8, y + 17, FitAttribute(b.label, kLabelFont, kLabelWidth - 12), EscapeXml(b.label), kLabelWidth, y + 4, w, kRow - 8,
        kLabelWidth + w + 6, y + 17, shown);
    y += kRow;
  }
  svg += "</svg>";
  return svg;
}

std::string NarrowBarChart(const std::vector<Bar>& bars, std::string_view title,
                           const std::vector<std::string>& value_texts) {
  // Sized for a phone: the viewBox about as wide as the screen, so text stays near its CSS size;
  // each label on its own line above its bar.
  constexpr int kWidth = 360;
  constexpr int kFont = 15;  // .chart-narrow .chart-label
  constexpr int kValueWidth = 48;
  constexpr int kBarArea = kWidth - kValueWidth;
  constexpr int kRow = 46;
  const int height = std::max<int>(1, static_cast<int>(bars.size())) * kRow + 6;
  int max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string svg = fmt::format(
      "<svg class=\"chart chart-narrow\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
      kWidth, height, EscapeXml(title));
  int y = 4;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int w = b.value == 0 ? 0 : std::max(2, b.value * kBarArea / max);
    const std::string shown = i < value_texts.size() ? EscapeXml(value_texts[i]) : std::to_string(b.value);
    svg += fmt::format(
        "<g><text x=\"2\" y=\"{}\" class=\"chart-label\"{}>{}</text>"
        "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"3\" class=\"chart-bar\"></rect>"
        "<text x=\"{}\" y=\"{}\" class=\"chart-value\">{}</text></g>",
        y + 16, FitAttribute(b.label, kFont, kWidth - 4), EscapeXml(b.label), y + 22, w, w + 6, y + 34, shown);
    y += kRow;
  }
  svg += "</svg>";
  return svg;
}

std::string ResponsiveBarChart(const std::vector<Bar>& bars, std::string_view title,
                               const std::vector<std::string>& value_texts) {
  std::string wide = HorizontalBarChart(bars, title, value_texts);
  wide.replace(0, std::string_view("<svg class=\"chart\"").size(), "<svg class=\"chart chart-wide\"");
  return wide + NarrowBarChart(bars, title, value_texts);
}

std::string PartOfWholeChart(const std::vector<PartBar>& rows, std::string_view title) {
  constexpr int kRow = 26;
  constexpr int kBarArea = 420;
  constexpr int kValueWidth = 100;
  std::vector<std::string> labels;
  for (const auto& r : rows) labels.push_back(r.label);
  const int kLabelWidth = LabelColumn(labels, kLabelFont, 120, 360);
  const int kWidth = kLabelWidth + kBarArea + kValueWidth;
  const int height = std::max<int>(1, static_cast<int>(rows.size())) * kRow + 8;
  int max = 1;
  for (const auto& r : rows) max = std::max({max, r.value, r.whole});
  std::string svg = SvgOpen(kWidth, height, title);
  int y = 4;
  for (const auto& r : rows) {
    const int track = r.whole <= 0 ? 0 : std::max(2, r.whole * kBarArea / max);
    const int bar = r.value <= 0 ? 0 : std::max(2, r.value * kBarArea / max);
    svg += fmt::format(
        "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\"{}>{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" class=\"chart-track\"></rect>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" class=\"chart-bar\"></rect>"
        "<text x=\"{}\" y=\"{}\" class=\"chart-value\">{} / {}</text></g>",
        kLabelWidth - 8, y + 17, FitAttribute(r.label, kLabelFont, kLabelWidth - 12), EscapeXml(r.label), kLabelWidth,
        y + 4, track, kRow - 8, kLabelWidth, y + 8, bar,
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
