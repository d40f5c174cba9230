#include "cvss_bench.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cvss/cvss.hpp"
#include "timing.hpp"

namespace proven::bench {
namespace {

struct Metric {
  const char* name;
  std::vector<const char*> values;
};

const std::vector<Metric> kV31Base = {
    {"AV", {"N", "A", "L", "P"}}, {"AC", {"L", "H"}}, {"PR", {"N", "L", "H"}}, {"UI", {"N", "R"}},
    {"S", {"U", "C"}},           {"C", {"H", "L", "N"}}, {"I", {"H", "L", "N"}}, {"A", {"H", "L", "N"}}};
const std::vector<Metric> kV31More = {
    {"E", {"X", "H", "F", "P", "U"}}, {"RL", {"X", "U", "W", "T", "O"}}, {"RC", {"X", "C", "R", "U"}},
    {"CR", {"X", "H", "M", "L"}},     {"IR", {"X", "H", "M", "L"}},      {"AR", {"X", "H", "M", "L"}},
    {"MAV", {"X", "N", "A", "L", "P"}}, {"MAC", {"X", "L", "H"}},        {"MPR", {"X", "N", "L", "H"}},
    {"MUI", {"X", "N", "R"}},         {"MS", {"X", "U", "C"}},           {"MC", {"X", "H", "L", "N"}},
    {"MI", {"X", "H", "L", "N"}},     {"MA", {"X", "H", "L", "N"}}};
const std::vector<Metric> kV40Base = {
    {"AV", {"N", "A", "L", "P"}}, {"AC", {"L", "H"}},      {"AT", {"N", "P"}},      {"PR", {"N", "L", "H"}},
    {"UI", {"N", "P", "A"}},      {"VC", {"H", "L", "N"}}, {"VI", {"H", "L", "N"}}, {"VA", {"H", "L", "N"}},
    {"SC", {"H", "L", "N"}},      {"SI", {"H", "L", "N"}}, {"SA", {"H", "L", "N"}}};
const std::vector<Metric> kV40More = {
    {"E", {"A", "P", "U"}},            {"CR", {"X", "H", "M", "L"}},      {"IR", {"X", "H", "M", "L"}},
    {"AR", {"X", "H", "M", "L"}},      {"MAV", {"X", "N", "A", "L", "P"}}, {"MAC", {"X", "L", "H"}},
    {"MAT", {"X", "N", "P"}},          {"MPR", {"X", "N", "L", "H"}},     {"MUI", {"X", "N", "P", "A"}},
    {"MVC", {"X", "H", "L", "N"}},     {"MVI", {"X", "H", "L", "N"}},     {"MVA", {"X", "H", "L", "N"}},
    {"MSC", {"X", "H", "L", "N"}},     {"MSI", {"X", "S", "H", "L", "N"}}, {"MSA", {"X", "S", "H", "L", "N"}}};

void Append(std::string& v, const std::vector<Metric>& metrics, std::mt19937_64& rng) {
  for (const Metric& m : metrics) {
    v += fmt::format("/{}:{}", m.name, m.values[rng() % m.values.size()]);
  }
}

std::vector<std::string> Vectors(const char* prefix, const std::vector<Metric>& base,
                                 const std::vector<Metric>* more, std::size_t count,
                                 std::mt19937_64& rng) {
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string v = prefix;
    Append(v, base, rng);
    if (more) Append(v, *more, rng);
    out.push_back(std::move(v));
  }
  return out;
}

struct Row {
  std::string kind;
  double per_second = 0;
  double ns_per_score = 0;
  double checksum = 0;  // keeps the work observable
};

Row Measure(const std::string& kind, const std::vector<std::string>& vectors, int rounds) {
  Row row{kind, 0, 0, 0};
  double best_ms = 0;
  for (int r = 0; r < rounds; ++r) {
    double sum = 0;
    const auto t0 = BenchClock::now();
    for (const std::string& v : vectors) {
      auto s = cvss::Score(v);
      if (!s) {
        std::fprintf(stderr, "bench vector does not score: %s: %s\n", v.c_str(), s.error().message.c_str());
        return row;
      }
      sum += s->environmental_score.value_or(s->base_score);
    }
    const double ms = Ms(BenchClock::now() - t0);
    if (r == 0 || ms < best_ms) best_ms = ms;
    row.checksum = sum;
  }
  const double n = static_cast<double>(vectors.size());
  row.per_second = best_ms > 0 ? n / (best_ms / 1000.0) : 0;
  row.ns_per_score = best_ms * 1e6 / n;
  return row;
}

}  // namespace

int CvssBench(const CvssBenchOptions& o) {
  std::mt19937_64 rng(20261202);
  std::vector<Row> rows;
  rows.push_back(Measure("v3.1 base", Vectors("CVSS:3.1", kV31Base, nullptr, o.vectors, rng), o.rounds));
  rows.push_back(Measure("v3.1 base + temporal + environmental",
                         Vectors("CVSS:3.1", kV31Base, &kV31More, o.vectors, rng), o.rounds));
  rows.push_back(Measure("v4.0 CVSS-B", Vectors("CVSS:4.0", kV40Base, nullptr, o.vectors, rng), o.rounds));
  rows.push_back(Measure("v4.0 CVSS-BTE (3 scores per vector)",
                         Vectors("CVSS:4.0", kV40Base, &kV40More, o.vectors, rng), o.rounds));

  std::string out = "## CVSS scoring (issue 16)\n\n";
  out += fmt::format("cvss::Score on {} pseudo-random valid vectors per kind (parse and every score the vector "
                     "has), best of {} passes, one thread.\n\n",
                     o.vectors, o.rounds);
  out += "| kind | vectors scored / s | ns per vector |\n|---|---:|---:|\n";
  for (const Row& r : rows) {
    out += fmt::format("| {} | {:.0f} | {:.0f} |\n", r.kind, r.per_second, r.ns_per_score);
    std::printf("%s: %.0f vectors/s (%.0f ns; checksum %.1f)\n", r.kind.c_str(), r.per_second, r.ns_per_score,
                r.checksum);
  }
  out += "\n";
  if (!o.markdown_path.empty()) std::ofstream(o.markdown_path) << out;
  return 0;
}

}  // namespace proven::bench
