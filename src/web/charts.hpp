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

std::string EscapeXml(std::string_view s);

}  // namespace proven::web
