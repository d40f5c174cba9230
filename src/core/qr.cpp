#include "core/qr.hpp"

#include <memory>

#include <fmt/core.h>
#include <qrencode.h>

namespace proven {

namespace {

std::string EscapeText(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "a QR code needs some text");
  // Version 40 at level M holds 2331 bytes; refuse well before the library has to.
  if (text.size() > 2000) return Fail(ErrorCode::kInvalidArgument, "the text is too long for a QR code");
  const std::string copy(text);
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeData(static_cast<int>(copy.size()),
                                                                    reinterpret_cast<const unsigned char*>(copy.data()), 0,
                                                                    QR_ECLEVEL_M),
                                                  QRcode_free);
  if (!code) return Fail(ErrorCode::kInternal, "the QR code could not be encoded");
  QrMatrix m;
  m.version = code->version;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

std::string QrSvg(const QrMatrix& m, std::string_view title, int module_px) {
  constexpr int kQuiet = 4;
  const int side = (m.size + 2 * kQuiet) * module_px;
  std::string path;
  // Runs of dark modules in a row become one rectangle: a short path, crisp at any scale.
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size;) {
      if (!m.At(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.size && m.At(x + run, y)) ++run;
      path += fmt::format("M{} {}h{}v{}h-{}z", (x + kQuiet) * module_px, (y + kQuiet) * module_px, run * module_px,
                          module_px, run * module_px);
      x += run;
    }
  }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{0}\" height=\"{0}\" role=\"img\" "
      "aria-label=\"{1}\" shape-rendering=\"crispEdges\"><title>{1}</title><rect width=\"{0}\" height=\"{0}\" "
      "fill=\"#fff\"/><path fill=\"#000\" d=\"{2}\"/></svg>",
      side, EscapeText(title), path);
}

}  // namespace proven
