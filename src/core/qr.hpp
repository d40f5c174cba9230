#pragma once
// QR codes (ISO/IEC 18004) drawn as SVG, for the check-in codes of the collaboration platform's
// events (issue 11): libqrencode (Debian's libqrencode-dev) computes the module matrix; this
// module keeps it as plain data and draws it. Pure apart from the library call: no I/O.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven {

// The modules of one symbol, row by row: dark[y * size + x].
struct QrMatrix {
  int version = 0;
  int size = 0;  // 17 + 4 × version modules a side
  std::vector<bool> dark;
  bool At(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + x]; }
};

// The smallest symbol holding `text` as 8-bit bytes, error correction level M (15 % of the
// symbol may be lost). kInvalidArgument when the text is empty or too long for a symbol.
Result<QrMatrix> EncodeQr(std::string_view text);

// The symbol as an SVG element: one path of dark squares on a white background with the
// standard quiet zone of four modules, `module_px` user units a module, scalable (viewBox), with
// `title` as its accessible name (role="img").
std::string QrSvg(const QrMatrix& m, std::string_view title, int module_px = 4);

}  // namespace proven
