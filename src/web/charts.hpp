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
std::string HorizontalBarChart(const std::vector<Bar>& bars, std::string_view title);

std::string EscapeXml(std::string_view s);

}  // namespace proven::web
