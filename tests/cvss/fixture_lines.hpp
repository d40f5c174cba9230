#pragma once
// Reads a fixture of tests/fixtures/devices/cvss/: its non-empty lines that are not comments.
#include <fstream>
#include <string>
#include <vector>

namespace proven::cvss::testing {

inline std::vector<std::string> FixtureLines(const std::string& name) {
  std::ifstream in(std::string(PROVEN_DEVICE_FIXTURES) + "/cvss/" + name);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

// "<vector> - (<a>, <b>, <c>)", "<vector> - (<a>,)" or "<vector> - <a>": the vector and the numbers.
struct Expected {
  std::string vector;
  std::vector<double> scores;
};

inline Expected ParseExpected(const std::string& line) {
  Expected e;
  const auto dash = line.find(" - ");
  e.vector = line.substr(0, dash);
  std::string rest = line.substr(dash + 3);
  for (char& c : rest) {
    if (c == '(' || c == ')' || c == ',') c = ' ';
  }
  std::size_t pos = 0;
  while (pos < rest.size()) {
    const auto start = rest.find_first_not_of(' ', pos);
    if (start == std::string::npos) break;
    const auto end = rest.find(' ', start);
    e.scores.push_back(std::stod(rest.substr(start, end - start)));
    pos = end == std::string::npos ? rest.size() : end;
  }
  return e;
}

}  // namespace proven::cvss::testing
