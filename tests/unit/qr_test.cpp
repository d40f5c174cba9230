// QR codes of check-in codes (core/qr.hpp): the module matrix has the structure every symbol has
// (size from the version, the three finder patterns, the timing patterns), the SVG draws exactly
// the dark modules, and an independent reader — zbar's zbarimg (Debian's zbar-tools, docs/adr/0014)
// — decodes a picture of the matrix back to the text.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <regex>

#include "core/qr.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

const std::string kUrl = "https://proven.example.jp/admin/events/17/checkin?code=7K3QD-9XW2M";

// The 7×7 finder pattern whose top-left module is (x, y): a dark ring, a light ring, a dark 3×3.
bool FinderAt(const QrMatrix& m, int x, int y) {
  for (int dy = 0; dy < 7; ++dy) {
    for (int dx = 0; dx < 7; ++dx) {
      const int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));
      const bool dark = ring != 2;
      if (m.At(x + dx, y + dy) != dark) return false;
    }
  }
  return true;
}

TEST(Qr, TheMatrixHasTheStructureOfASymbol) {
  auto m = EncodeQr(kUrl);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_GE(m->version, 1);
  EXPECT_EQ(m->size, 17 + 4 * m->version);
  ASSERT_EQ(m->dark.size(), static_cast<std::size_t>(m->size * m->size));
  EXPECT_TRUE(FinderAt(*m, 0, 0));
  EXPECT_TRUE(FinderAt(*m, m->size - 7, 0));
  EXPECT_TRUE(FinderAt(*m, 0, m->size - 7));
  EXPECT_FALSE(FinderAt(*m, m->size - 7, m->size - 7)) << "no finder in the fourth corner";
  // Timing patterns: row 6 and column 6 alternate between the finders, dark on even positions.
  for (int i = 8; i < m->size - 8; ++i) {
    EXPECT_EQ(m->At(i, 6), i % 2 == 0) << i;
    EXPECT_EQ(m->At(6, i), i % 2 == 0) << i;
  }
  // A longer text needs a symbol at least as large; the same text, the same matrix.
  auto longer = EncodeQr(kUrl + std::string(200, 'x'));
  ASSERT_TRUE(longer);
  EXPECT_GT(longer->version, m->version);
  EXPECT_EQ(EncodeQr(kUrl)->dark, m->dark);
}

TEST(Qr, RefusesWhatNoSymbolHolds) {
  EXPECT_EQ(EncodeQr("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodeQr(std::string(3000, 'a')).error().code, ErrorCode::kInvalidArgument);
}

TEST(Qr, TheSvgDrawsExactlyTheDarkModules) {
  auto m = EncodeQr(kUrl);
  ASSERT_TRUE(m);
  const std::string svg = QrSvg(*m, "受付コード <7K3QD>", 4);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title>受付コード &lt;7K3QD&gt;</title>"), std::string::npos) << "the title is escaped";
  const int side = (m->size + 8) * 4;
  EXPECT_NE(svg.find(fmt::format("viewBox=\"0 0 {0} {0}\"", side)), std::string::npos);
  // Paint the path's rectangles back onto a grid: it must be the matrix, module for module.
  std::vector<bool> painted(m->dark.size(), false);
  static const std::regex kRect(R"(M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)z)");
  const auto d = svg.substr(svg.find(" d=\"") + 4);
  for (std::sregex_iterator it(d.begin(), d.end(), kRect), end; it != end; ++it) {
    const int x = std::stoi((*it)[1]) / 4 - 4, y = std::stoi((*it)[2]) / 4 - 4, w = std::stoi((*it)[3]) / 4;
    ASSERT_EQ(std::stoi((*it)[4]), 4) << "one module high";
    for (int k = 0; k < w; ++k) {
      const auto i = static_cast<std::size_t>(y * m->size + x + k);
      EXPECT_FALSE(painted[i]) << "painted twice";
      painted[i] = true;
    }
  }
  EXPECT_EQ(painted, m->dark);
}

TEST(Qr, AnIndependentReaderDecodesTheSymbol) {
  if (!testing::ProgramInPath("zbarimg")) GTEST_SKIP() << "zbar-tools is not installed (make test-deps installs it)";
  auto m = EncodeQr(kUrl);
  ASSERT_TRUE(m);
  // A plain PBM picture of the matrix, 6 pixels a module, with the quiet zone.
  constexpr int kScale = 6, kQuiet = 4;
  const int side = (m->size + 2 * kQuiet) * kScale;
  std::string pbm = fmt::format("P1\n{} {}\n", side, side);
  for (int py = 0; py < side; ++py) {
    for (int px = 0; px < side; ++px) {
      const int x = px / kScale - kQuiet, y = py / kScale - kQuiet;
      const bool dark = x >= 0 && y >= 0 && x < m->size && y < m->size && m->At(x, y);
      pbm += dark ? "1 " : "0 ";
    }
    pbm += '\n';
  }
  testing::TempDir dir;
  testing::WriteFile(dir / "qr.pbm", pbm);
  auto r = testing::RunCommand({"zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", (dir / "qr.pbm").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kUrl + "\n");
}

}  // namespace
}  // namespace proven
