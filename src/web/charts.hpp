#pragma once
// Server-rendered SVG bar charts: no script, readable without colour, and every label escaped.
#include <string>
#include <string_view>
#include <vector>

namespace proven::web {

struct Bar {
  std::string label;
  int value = 0;
};

// A horizontal bar chart as an <svg> element with role="img" and an accessible title.
// `value_texts`, when given (one per bar), are shown beside the bars instead of the values
// (e.g. "3.667" for a score kept as 3667 thousandths).
std::string HorizontalBarChart(const std::vector<Bar>& bars, std::string_view title,
                               const std::vector<std::string>& value_texts = {});

// The same bars laid out for a phone (label above each bar, a viewBox about a phone's width).
std::string NarrowBarChart(const std::vector<Bar>& bars, std::string_view title,
                           const std::vector<std::string>& value_texts = {});
// Both layouts, `chart-wide` and `chart-narrow`: the stylesheet shows one by the screen's width
// (the other is display:none, so also out of the accessibility tree).
std::string ResponsiveBarChart(const std::vector<Bar>& bars, std::string_view title,
                               const std::vector<std::string>& value_texts = {});

// A value against its whole, per row (e.g. participants against capacity): the whole as a pale
// track, the value as a bar inside it, "value / whole" beside. Rows whose value exceeds the whole
// draw the bar to its value (the track marks the whole).
struct PartBar {
  std::string label;
  int value = 0;
  int whole = 0;
};
std::string PartOfWholeChart(const std::vector<PartBar>& rows, std::string_view title);

// A running total over time as a line with a dot per point, the first and last labels on the
// x axis and the maximum on the y axis; `points` in time order.
std::string LineChart(const std::vector<Bar>& points, std::string_view title);

std::string EscapeXml(std::string_view s);

}  // namespace proven::web
