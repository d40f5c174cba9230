#include "document/document.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <memory>
#include <new>
#include <numbers>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/core.h>
#include <pango/pangocairo.h>

namespace proven::document {

Document& Document::AddHeading(int level, std::string text) {
  body.emplace_back(Heading{level, std::move(text), true});
  return *this;
}
Document& Document::AddParagraph(std::string text) {
  body.emplace_back(Paragraph{std::move(text)});
  return *this;
}
Document& Document::AddBullets(std::vector<std::string> items) {
  body.emplace_back(BulletList{std::move(items)});
  return *this;
}
Document& Document::AddKeyValues(std::vector<std::pair<std::string, std::string>> rows) {
  body.emplace_back(KeyValueTable{std::move(rows)});
  return *this;
}
Document& Document::AddTable(DataTable table) {
  body.emplace_back(std::move(table));
  return *this;
}
Document& Document::AddPageBreak() {
  body.emplace_back(PageBreak{});
  return *this;
}

namespace {

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kPi = std::numbers::pi;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kBlack{0.10, 0.10, 0.10};
constexpr Rgb kNavy{0.09, 0.20, 0.40};
constexpr Rgb kGrey{0.40, 0.40, 0.40};
constexpr Rgb kRule{0.60, 0.62, 0.66};
constexpr Rgb kHeaderFill{0.86, 0.89, 0.94};
constexpr Rgb kKeyFill{0.93, 0.94, 0.96};
constexpr Rgb kStripeFill{0.975, 0.975, 0.98};
constexpr Rgb kWhite{1, 1, 1};
constexpr Rgb kNoteRed{0.75, 0.10, 0.10};

// Font sizes (pt) and spacing.
constexpr double kBodySize = 10.5;
constexpr double kTableSize = 9;
constexpr double kFurnitureSize = 8.5;
constexpr std::array<double, 3> kHeadingSize{15, 12.5, 11};
constexpr double kBodyLineSpacing = 1.55;
constexpr double kTableLineSpacing = 1.3;
constexpr double kCellPad = 4;
constexpr double kBadgePad = 2.5;

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
struct FontDescFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
using FontDesc = std::unique_ptr<PangoFontDescription, FontDescFree>;

enum class Face { kGothic, kMincho };

// One laid-out text and the metrics of its lines (points, relative to the layout's top), so that
// it can be drawn a range of lines at a time when it breaks across pages.
struct Laid {
  struct Line {
    double top, height, baseline, x, width;
  };
  std::unique_ptr<PangoLayout, GObjectUnref> layout;
  std::vector<Line> lines;

  std::size_t size() const { return lines.size(); }
  double Span(std::size_t first, std::size_t last) const {
    if (first >= last) return 0;
    return lines[last - 1].top + lines[last - 1].height - lines[first].top;
  }
  double Height() const { return Span(0, lines.size()); }
  double Width(std::size_t first, std::size_t last) const {
    double w = 0;
    for (std::size_t i = first; i < last; ++i) w = std::max(w, lines[i].width);
    return w;
  }
};
using LaidPtr = std::shared_ptr<const Laid>;

struct TextOp {
  LaidPtr text;
  std::size_t first, last;
  double x, y;  // where line `first`'s top goes
  Rgb color;
  std::string link{};  // a cairo link destination ("page=3 pos=[x y]"), or none
};
struct RectOp {
  double x, y, w, h;
  std::optional<Rgb> fill;
  std::optional<Rgb> stroke;
  double line_width = 0.5;
  double radius = 0;
};
struct LineOp {
  double x1, y1, x2, y2;
  Rgb color;
  double width;
};
using Op = std::variant<TextOp, RectOp, LineOp>;

struct Page {
  std::vector<Op> ops;
  bool furniture = true;  // running header and footer
};

struct OutlineEntry {
  int level;
  std::string text;
  int page;  // 1-based
  double y;
};

struct Geometry {
  double left, right, top, bottom;  // the text area
  double Width() const { return right - left; }
};

class Renderer {
 public:
  Renderer(PangoContext* ctx, const RenderOptions& options, const Geometry& g)
      : ctx_(ctx), geometry_(g) {
    gothic_.reset(pango_font_description_from_string(options.gothic_family.c_str()));
    mincho_.reset(pango_font_description_from_string(options.mincho_family.c_str()));
    pango_font_description_set_family(gothic_.get(), options.gothic_family.c_str());
    pango_font_description_set_family(mincho_.get(), options.mincho_family.c_str());
  }

  std::vector<Page>& pages() { return pages_; }
  const std::vector<OutlineEntry>& outline() const { return outline_; }

  LaidPtr Lay(const std::string& text, Face face, double size, double width,
              Align align = Align::kLeft, double spacing = 1.0, bool single_line = false) const {
    auto laid = std::make_shared<Laid>();
    laid->layout.reset(pango_layout_new(ctx_));
    PangoLayout* layout = laid->layout.get();
    FontDesc desc(pango_font_description_copy(face == Face::kGothic ? gothic_.get() : mincho_.get()));
    pango_font_description_set_size(desc.get(), static_cast<int>(std::lround(size * PANGO_SCALE)));
    pango_layout_set_font_description(layout, desc.get());
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    if (single_line) {
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    } else {
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout, align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                       : align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_LEFT);
    if (spacing != 1.0) pango_layout_set_line_spacing(layout, static_cast<float>(spacing));
    // No hyphen where a word is broken: a URL or a hash must read back exactly as written.
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));

    PangoLayoutIter* it = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      int baseline = pango_layout_iter_get_baseline(it);
      laid->lines.push_back({pango_units_to_double(logical.y), pango_units_to_double(logical.height),
                             pango_units_to_double(baseline), pango_units_to_double(logical.x),
                             pango_units_to_double(logical.width)});
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return laid;
  }

  void NewPage(bool furniture = true) {
    pages_.push_back(Page{{}, furniture});
    y_ = geometry_.top;
    page_empty_ = true;
  }

  void RenderTitlePage(const TitlePage& tp) {
    NewPage(false);
    Page& page = pages_.back();
    const double w = geometry_.Width();
    if (!tp.note.empty()) {
      LaidPtr note = Lay(tp.note, Face::kGothic, 10.5, w / 3, Align::kCenter);
      double nw = note->Width(0, note->size()) + 16;
      double nh = note->Height() + 8;
      double x = geometry_.right - nw;
      double y = geometry_.top - 20;
      page.ops.push_back(RectOp{x, y, nw, nh, std::nullopt, kNoteRed, 1.0, 0});
      page.ops.push_back(TextOp{note, 0, note->size(), x + 8 - note->lines[0].x, y + 4, kNoteRed});
    }
    double y = kPageHeight * 0.30;
    if (!tp.title.empty()) {
      LaidPtr t = Lay(tp.title, Face::kGothic, 24, w, Align::kCenter, 1.3);
      page.ops.push_back(TextOp{t, 0, t->size(), geometry_.left, y, kNavy});
      y += t->Height() + 14;
    }
    page.ops.push_back(LineOp{geometry_.left + w * 0.15, y, geometry_.right - w * 0.15, y, kNavy, 1.2});
    y += 16;
    if (!tp.subtitle.empty()) {
      LaidPtr s = Lay(tp.subtitle, Face::kGothic, 15, w, Align::kCenter, 1.3);
      page.ops.push_back(TextOp{s, 0, s->size(), geometry_.left, y, kBlack});
    }
    y = kPageHeight * 0.70;
    for (const std::string* line : {&tp.date, &tp.version, &tp.organisation}) {
      if (line->empty()) continue;
      LaidPtr t = Lay(*line, Face::kGothic, line == &tp.organisation ? 14 : 12, w, Align::kCenter);
      page.ops.push_back(TextOp{t, 0, t->size(), geometry_.left, y, kBlack});
      y += t->Height() + 10;
    }
  }

  // Reserves the pages of the table of contents; FillToc writes them once pages are known.
  void ReserveToc(std::size_t entries, const std::string& title) {
    toc_title_ = title;
    toc_first_page_ = pages_.size();
    const double entry_h = TocEntryHeight();
    const double first_capacity = geometry_.bottom - geometry_.top - TocTitleHeight();
    std::size_t per_first = static_cast<std::size_t>(std::max(1.0, std::floor(first_capacity / entry_h)));
    std::size_t per_next =
        static_cast<std::size_t>(std::max(1.0, std::floor((geometry_.bottom - geometry_.top) / entry_h)));
    std::size_t count = 1;
    if (entries > per_first) count += (entries - per_first + per_next - 1) / per_next;
    toc_pages_ = count;
    for (std::size_t i = 0; i < count; ++i) NewPage();
    page_empty_ = true;
  }

  void FillToc() {
    if (toc_pages_ == 0) return;
    std::size_t page = toc_first_page_;
    double y = geometry_.top;
    LaidPtr title = Lay(toc_title_, Face::kGothic, kHeadingSize[0], geometry_.Width());
    pages_[page].ops.push_back(TextOp{title, 0, title->size(), geometry_.left, y, kNavy});
    y += TocTitleHeight();
    const double entry_h = TocEntryHeight();
    for (const OutlineEntry& e : outline_) {
      if (y + entry_h > geometry_.bottom) {
        ++page;
        y = geometry_.top;
      }
      double indent = 14.0 * (e.level - 1);
      LaidPtr num = Lay(fmt::format("{}", e.page), Face::kGothic, kBodySize, 40, Align::kRight);
      LaidPtr text = Lay(e.text, Face::kGothic, kBodySize, geometry_.Width() - indent - 50, Align::kLeft,
                         1.0, true);
      const std::string dest = fmt::format("page={} pos=[{:.2f} {:.2f}]", e.page, geometry_.left, e.y);
      pages_[page].ops.push_back(TextOp{text, 0, 1, geometry_.left + indent, y, kBlack, dest});
      pages_[page].ops.push_back(TextOp{num, 0, 1, geometry_.right - 40, y, kBlack, dest});
      y += entry_h;
    }
  }

  void StartBody() {
    if (pages_.empty() || !pages_.back().furniture || toc_pages_ > 0) NewPage();
  }

  void Place(const Heading& h) {
    int level = h.level;
    std::string label = h.text;
    if (h.numbered) {
      ++counters_[static_cast<std::size_t>(level - 1)];
      for (int i = level; i < 3; ++i) counters_[static_cast<std::size_t>(i)] = 0;
      std::string number = fmt::format("{}", counters_[0]);
      for (int i = 1; i < level; ++i) number += fmt::format(".{}", counters_[static_cast<std::size_t>(i)]);
      label = number + "  " + h.text;
    }
    const double size = kHeadingSize[static_cast<std::size_t>(level - 1)];
    LaidPtr t = Lay(label, Face::kGothic, size, geometry_.Width(), Align::kLeft, 1.2);
    const double before = level == 1 ? 18 : 12;
    const double after = level == 1 ? 10 : 6;
    // Keep the heading with at least three lines of what follows.
    const double keep = t->Height() + after + 3 * kBodySize * kBodyLineSpacing;
    Space(before);
    if (y_ + keep > geometry_.bottom && !page_empty_) NewPage();
    pages_.back().ops.push_back(TextOp{t, 0, t->size(), geometry_.left, y_, kNavy});
    outline_.push_back({level, label, static_cast<int>(pages_.size()), y_});
    y_ += t->Height();
    if (level == 1) {
      y_ += 3;
      pages_.back().ops.push_back(LineOp{geometry_.left, y_, geometry_.right, y_, kNavy, 0.8});
    }
    y_ += after;
    page_empty_ = false;
  }

  void Place(const Paragraph& p) {
    Space(4);
    Flow(Lay(p.text, Face::kMincho, kBodySize, geometry_.Width(), Align::kLeft, kBodyLineSpacing),
         geometry_.left);
    y_ += 4;
  }

  void Place(const BulletList& list) {
    Space(4);
    const double indent = 16;
    for (const std::string& item : list.items) {
      LaidPtr text = Lay(item, Face::kMincho, kBodySize, geometry_.Width() - indent, Align::kLeft,
                         kBodyLineSpacing);
      LaidPtr bullet = Lay("・", Face::kMincho, kBodySize, indent, Align::kLeft, kBodyLineSpacing);
      Flow(text, geometry_.left + indent, bullet);
    }
    y_ += 4;
  }

  void Place(const KeyValueTable& kv) {
    const double w = geometry_.Width();
    std::vector<double> widths{w * 0.28, w * 0.72};
    std::vector<Row> rows;
    for (const auto& [key, value] : kv.rows) {
      rows.push_back(Row{{LayCell(key, widths[0], Align::kLeft), LayCell(value, widths[1], Align::kLeft)},
                         {CellStyle::kText, CellStyle::kText}});
    }
    Space(6);
    PlaceTable(widths, std::nullopt, rows, true);
    y_ += 6;
  }

  void Place(const DataTable& table) {
    const double w = geometry_.Width();
    double total = 0;
    for (const Column& c : table.columns) total += std::max(c.weight, 0.01);
    std::vector<double> widths;
    for (const Column& c : table.columns) widths.push_back(w * std::max(c.weight, 0.01) / total);
    Row header;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      header.cells.push_back(LayCell(table.columns[i].title, widths[i], table.columns[i].align));
      header.styles.push_back(CellStyle::kText);
    }
    std::vector<Row> rows;
    for (const auto& r : table.rows) {
      Row row;
      for (std::size_t i = 0; i < r.size(); ++i) {
        bool badge = r[i].style != CellStyle::kText;
        row.cells.push_back(LayCell(r[i].text, widths[i] - (badge ? 2 * kBadgePad : 0), table.columns[i].align));
        row.styles.push_back(r[i].style);
      }
      rows.push_back(std::move(row));
    }
    Space(6);
    if (!table.caption.empty()) {
      LaidPtr cap = Lay(table.caption, Face::kGothic, kTableSize + 0.5, w, Align::kLeft);
      // The caption stays with the header and the first row.
      double need = cap->Height() + 4 + RowHeight(header, std::vector<std::size_t>(header.cells.size(), 0)) +
                    (rows.empty() ? 0 : RowHeight(rows[0], std::vector<std::size_t>(rows[0].cells.size(), 0)));
      if (y_ + need > geometry_.bottom && !page_empty_) NewPage();
      pages_.back().ops.push_back(TextOp{cap, 0, cap->size(), geometry_.left, y_, kBlack});
      y_ += cap->Height() + 4;
      page_empty_ = false;
    }
    PlaceTable(widths, header, rows, false);
    y_ += 6;
  }

  void Place(const PageBreak&) {
    if (!page_empty_) NewPage();
  }

  // The running header and the footer, drawn once the page count is known.
  void AddFurniture(const std::string& left, const std::string& right) {
    const int total = static_cast<int>(pages_.size());
    const double w = geometry_.Width();
    const double header_y = geometry_.top - 12 * kPointsPerMm + 2;
    LaidPtr hl = left.empty() ? nullptr : Lay(left, Face::kGothic, kFurnitureSize, w * 0.49, Align::kLeft, 1.0, true);
    LaidPtr hr = right.empty() ? nullptr : Lay(right, Face::kGothic, kFurnitureSize, w * 0.49, Align::kRight, 1.0, true);
    for (int i = 0; i < total; ++i) {
      Page& page = pages_[static_cast<std::size_t>(i)];
      if (!page.furniture) continue;
      if (hl) page.ops.push_back(TextOp{hl, 0, 1, geometry_.left, header_y, kGrey});
      if (hr) page.ops.push_back(TextOp{hr, 0, 1, geometry_.right - w * 0.49, header_y, kGrey});
      double rule_y = header_y + kFurnitureSize * 1.6;
      page.ops.push_back(LineOp{geometry_.left, rule_y, geometry_.right, rule_y, kRule, 0.5});
      LaidPtr footer = Lay(fmt::format("{} / {}", i + 1, total), Face::kGothic, kFurnitureSize, w, Align::kCenter);
      page.ops.push_back(TextOp{footer, 0, footer->size(), geometry_.left, geometry_.bottom + 8 * kPointsPerMm, kGrey});
    }
  }

 private:
  struct Row {
    std::vector<LaidPtr> cells;
    std::vector<CellStyle> styles;
  };

  LaidPtr LayCell(const std::string& text, double col_width, Align align) const {
    return Lay(text, Face::kGothic, kTableSize, std::max(col_width - 2 * kCellPad, 8.0), align, kTableLineSpacing);
  }

  static double TocEntryHeight() { return kBodySize * 1.9; }
  static double TocTitleHeight() { return kHeadingSize[0] * 1.4 + 14; }

  void Space(double points) {
    if (!page_empty_) y_ += points;
  }

  // Places text line by line, breaking pages where pango's lines no longer fit. `marker` (a
  // bullet) is drawn beside the first line.
  void Flow(const LaidPtr& text, double x, const LaidPtr& marker = nullptr) {
    const std::size_t n = text->size();
    std::size_t i = 0;
    while (i < n) {
      const double avail = geometry_.bottom - y_;
      std::size_t j = i;
      while (j < n && text->Span(i, j + 1) <= avail) ++j;
      // Avoid a lone first line at the foot of a page (an orphan) when more follow.
      if (i == 0 && j == 1 && n > 1 && !page_empty_) j = 0;
      if (j == i) {
        if (page_empty_) {
          j = i + 1;
        } else {
          NewPage();
          continue;
        }
      }
      if (i == 0 && marker) {
        pages_.back().ops.push_back(TextOp{marker, 0, 1, x - 16, y_, kBlack});
      }
      pages_.back().ops.push_back(TextOp{text, i, j, x, y_, kBlack});
      y_ += text->Span(i, j);
      page_empty_ = false;
      i = j;
      if (i < n) NewPage();
    }
  }

  double CellSpan(const Row& row, std::size_t c, std::size_t first, std::size_t last) const {
    double h = row.cells[c]->Span(first, last);
    if (row.styles[c] != CellStyle::kText && h > 0) h += 2 * kBadgePad;
    return h;
  }

  double RowHeight(const Row& row, const std::vector<std::size_t>& from) const {
    double h = 0;
    for (std::size_t c = 0; c < row.cells.size(); ++c) h = std::max(h, CellSpan(row, c, from[c], row.cells[c]->size()));
    return h + 2 * kCellPad;
  }

  static Rgb BadgeColour(CellStyle s) {
    switch (s) {
      case CellStyle::kBadgePass: return {0.13, 0.50, 0.26};
      case CellStyle::kBadgePartial: return {0.80, 0.52, 0.05};
      case CellStyle::kBadgeFail: return {0.72, 0.15, 0.15};
      case CellStyle::kBadgeNeutral:
      case CellStyle::kText: break;
    }
    return {0.45, 0.45, 0.48};
  }

  // Draws lines [from[c], to[c]) of every cell in a row piece of height h at y_.
  void DrawRow(const Row& row, const std::vector<double>& widths, const std::vector<std::size_t>& from,
               const std::vector<std::size_t>& to, double h, bool header, bool key_column, bool stripe) {
    Page& page = pages_.back();
    double x = geometry_.left;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      std::optional<Rgb> fill;
      if (header) fill = kHeaderFill;
      else if (key_column && c == 0) fill = kKeyFill;
      else if (stripe) fill = kStripeFill;
      page.ops.push_back(RectOp{x, y_, widths[c], h, fill, kRule, 0.5, 0});
      const LaidPtr& text = row.cells[c];
      if (from[c] < to[c]) {
        if (row.styles[c] != CellStyle::kText) {
          double bx = x + kCellPad + text->lines[from[c]].x;
          double bw = text->Width(from[c], to[c]) + 2 * kBadgePad * 2;
          double bh = text->Span(from[c], to[c]) + 2 * kBadgePad;
          page.ops.push_back(RectOp{bx, y_ + kCellPad, bw, bh, BadgeColour(row.styles[c]), std::nullopt, 0, 3});
          page.ops.push_back(TextOp{text, from[c], to[c], x + kCellPad + 2 * kBadgePad, y_ + kCellPad + kBadgePad, kWhite});
        } else {
          page.ops.push_back(TextOp{text, from[c], to[c], x + kCellPad, y_ + kCellPad, header ? kNavy : kBlack});
        }
      }
      x += widths[c];
    }
    y_ += h;
    page_empty_ = false;
  }

  void PlaceHeader(const std::vector<double>& widths, const std::optional<Row>& header) {
    if (!header) return;
    std::vector<std::size_t> from(header->cells.size(), 0), to;
    for (const LaidPtr& c : header->cells) to.push_back(c->size());
    DrawRow(*header, widths, from, to, RowHeight(*header, from), true, false, false);
  }

  void PlaceTable(const std::vector<double>& widths, const std::optional<Row>& header, const std::vector<Row>& rows,
                  bool key_column) {
    const std::size_t ncols = widths.size();
    std::vector<std::size_t> zero(ncols, 0);
    double header_h = header ? RowHeight(*header, zero) : 0;
    double first_h = rows.empty() ? 0 : std::min(RowHeight(rows[0], zero), 3 * kTableSize * kTableLineSpacing + 2 * kCellPad);
    if (y_ + header_h + first_h > geometry_.bottom && !page_empty_) NewPage();
    PlaceHeader(widths, header);
    std::size_t rows_here = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const Row& row = rows[r];
      std::vector<std::size_t> pos(ncols, 0);
      for (;;) {
        const double full = RowHeight(row, pos);
        const double avail = geometry_.bottom - y_;
        std::vector<std::size_t> end(ncols);
        for (std::size_t c = 0; c < ncols; ++c) end[c] = row.cells[c]->size();
        if (full <= avail) {
          DrawRow(row, widths, pos, end, full, false, key_column, r % 2 == 1);
          ++rows_here;
          break;
        }
        const double fresh = geometry_.bottom - geometry_.top - header_h;
        if (rows_here > 0 && full <= fresh) {  // the whole row fits on the next page: move it there
          NewPage();
          PlaceHeader(widths, header);
          rows_here = 0;
          continue;
        }
        // Split the row: on this page, as many lines of each cell as fit.
        bool progress = false;
        for (std::size_t c = 0; c < ncols; ++c) {
          std::size_t j = pos[c];
          while (j < row.cells[c]->size() && CellSpan(row, c, pos[c], j + 1) + 2 * kCellPad <= avail) ++j;
          end[c] = j;
          progress = progress || j > pos[c];
        }
        if (!progress) {
          if (rows_here > 0) {
            NewPage();
            PlaceHeader(widths, header);
            rows_here = 0;
            continue;
          }
          for (std::size_t c = 0; c < ncols; ++c) end[c] = std::min(pos[c] + 1, row.cells[c]->size());
        }
        DrawRow(row, widths, pos, end, std::max(avail, 0.0), false, key_column, r % 2 == 1);
        pos = end;
        NewPage();
        PlaceHeader(widths, header);
        rows_here = 0;
      }
    }
  }

  PangoContext* ctx_;
  Geometry geometry_;
  FontDesc gothic_;
  FontDesc mincho_;
  std::vector<Page> pages_;
  std::vector<OutlineEntry> outline_;
  std::array<int, 3> counters_{0, 0, 0};
  double y_ = 0;
  bool page_empty_ = true;
  std::string toc_title_;
  std::size_t toc_first_page_ = 0;
  std::size_t toc_pages_ = 0;
};

void SetColour(cairo_t* cr, const Rgb& c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void Draw(cairo_t* cr, const Op& op) {
  if (const auto* t = std::get_if<TextOp>(&op)) {
    SetColour(cr, t->color);
    if (!t->link.empty()) cairo_tag_begin(cr, CAIRO_TAG_LINK, t->link.c_str());
    const double top = t->text->lines[t->first].top;
    for (std::size_t i = t->first; i < t->last; ++i) {
      const Laid::Line& line = t->text->lines[i];
      cairo_move_to(cr, t->x + line.x, t->y + line.baseline - top);
      pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(t->text->layout.get(), static_cast<int>(i)));
    }
    if (!t->link.empty()) cairo_tag_end(cr, CAIRO_TAG_LINK);
  } else if (const auto* r = std::get_if<RectOp>(&op)) {
    cairo_new_path(cr);
    if (r->radius > 0) {
      const double rad = std::min(r->radius, std::min(r->w, r->h) / 2);
      cairo_new_sub_path(cr);
      cairo_arc(cr, r->x + r->w - rad, r->y + rad, rad, -kPi / 2, 0);
      cairo_arc(cr, r->x + r->w - rad, r->y + r->h - rad, rad, 0, kPi / 2);
      cairo_arc(cr, r->x + rad, r->y + r->h - rad, rad, kPi / 2, kPi);
      cairo_arc(cr, r->x + rad, r->y + rad, rad, kPi, 3 * kPi / 2);
      cairo_close_path(cr);
    } else {
      cairo_rectangle(cr, r->x, r->y, r->w, r->h);
    }
    if (r->fill) {
      SetColour(cr, *r->fill);
      if (r->stroke) cairo_fill_preserve(cr);
      else cairo_fill(cr);
    }
    if (r->stroke) {
      SetColour(cr, *r->stroke);
      cairo_set_line_width(cr, r->line_width);
      cairo_stroke(cr);
    }
  } else if (const auto* l = std::get_if<LineOp>(&op)) {
    SetColour(cr, l->color);
    cairo_set_line_width(cr, l->width);
    cairo_move_to(cr, l->x1, l->y1);
    cairo_line_to(cr, l->x2, l->y2);
    cairo_stroke(cr);
  }
}

bool ValidUtf8(const std::string& s) { return g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr); }

Status Validate(const Document& doc) {
  auto bad_text = [](const std::string& field) {
    return Fail(ErrorCode::kInvalidArgument, "document text is not valid UTF-8", {}, field);
  };
  for (const std::string* s : {&doc.info.title, &doc.info.author, &doc.info.subject, &doc.info.keywords,
                               &doc.page.toc_title}) {
    if (!ValidUtf8(*s)) return bad_text("info");
  }
  for (const auto& s : {doc.page.header_left, doc.page.header_right}) {
    if (s && !ValidUtf8(*s)) return bad_text("page");
  }
  if (doc.title_page) {
    const TitlePage& t = *doc.title_page;
    for (const std::string* s : {&t.title, &t.subtitle, &t.organisation, &t.date, &t.version, &t.note}) {
      if (!ValidUtf8(*s)) return bad_text("title_page");
    }
  }
  const PageSetup& p = doc.page;
  for (double m : {p.margin_top_mm, p.margin_bottom_mm, p.margin_left_mm, p.margin_right_mm}) {
    if (!(m >= 15 && m <= 80)) {
      return Fail(ErrorCode::kInvalidArgument, "page margins must be between 15 and 80 mm", {}, "page");
    }
  }
  int previous_level = 0;
  for (std::size_t i = 0; i < doc.body.size(); ++i) {
    const std::string field = fmt::format("body[{}]", i);
    const Block& b = doc.body[i];
    if (const auto* h = std::get_if<Heading>(&b)) {
      if (h->level < 1 || h->level > 3) return Fail(ErrorCode::kInvalidArgument, "heading level must be 1, 2 or 3", {}, field);
      if (h->level > previous_level + 1) {
        return Fail(ErrorCode::kInvalidArgument, "a heading may not skip a level", {}, field);
      }
      previous_level = h->level;
      if (!ValidUtf8(h->text)) return bad_text(field);
    } else if (const auto* para = std::get_if<Paragraph>(&b)) {
      if (!ValidUtf8(para->text)) return bad_text(field);
    } else if (const auto* list = std::get_if<BulletList>(&b)) {
      for (const std::string& s : list->items) {
        if (!ValidUtf8(s)) return bad_text(field);
      }
    } else if (const auto* kv = std::get_if<KeyValueTable>(&b)) {
      for (const auto& [k, v] : kv->rows) {
        if (!ValidUtf8(k) || !ValidUtf8(v)) return bad_text(field);
      }
    } else if (const auto* t = std::get_if<DataTable>(&b)) {
      if (t->columns.empty()) return Fail(ErrorCode::kInvalidArgument, "a table needs at least one column", {}, field);
      if (!ValidUtf8(t->caption)) return bad_text(field);
      for (const Column& c : t->columns) {
        if (!ValidUtf8(c.title)) return bad_text(field);
        if (!(c.weight > 0)) return Fail(ErrorCode::kInvalidArgument, "a column's weight must be positive", {}, field);
      }
      for (std::size_t r = 0; r < t->rows.size(); ++r) {
        if (t->rows[r].size() != t->columns.size()) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("table row {} has {} cells for {} columns", r + 1, t->rows[r].size(), t->columns.size()),
                      {}, field);
        }
        for (const Cell& c : t->rows[r]) {
          if (!ValidUtf8(c.text)) return bad_text(field);
        }
      }
    }
  }
  return {};
}

// fontconfig substitutes a missing family silently; a report set in the wrong font (or in boxes)
// must fail instead.
Status CheckFont(PangoContext* ctx, const std::string& family) {
  FontDesc desc(pango_font_description_new());
  pango_font_description_set_family(desc.get(), family.c_str());
  pango_font_description_set_size(desc.get(), 10 * PANGO_SCALE);
  std::unique_ptr<PangoFont, GObjectUnref> font(pango_font_map_load_font(pango_context_get_font_map(ctx), ctx, desc.get()));
  std::string found;
  if (font) {
    FontDesc got(pango_font_describe(font.get()));
    if (const char* f = pango_font_description_get_family(got.get())) found = f;
  }
  if (g_ascii_strcasecmp(found.c_str(), family.c_str()) != 0) {
    return Fail(ErrorCode::kFailedPrecondition, "the document font is not installed",
                fmt::format("font family '{}' resolved to '{}' (install fonts-ipaexfont)", family, found));
  }
  return {};
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

Result<RenderedPdf> RenderUnchecked(const Document& doc, const RenderOptions& options) {
  if (auto ok = Validate(doc); !ok) return Fail(ok.error());

  RenderedPdf out;
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_pdf_surface_create_for_stream(&AppendBytes, &out.bytes, kPageWidth, kPageHeight));
  std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kInternal, "the PDF could not be written", cairo_status_to_string(cairo_status(cr.get())));
  }

  std::unique_ptr<PangoContext, GObjectUnref> ctx(pango_cairo_create_context(cr.get()));
  // Unhinted metrics: positions do not depend on a device, and the layout is the same everywhere.
  cairo_font_options_t* font_options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx.get(), font_options);
  cairo_font_options_destroy(font_options);
  pango_context_set_language(ctx.get(), pango_language_from_string("ja"));
  for (const std::string* family : {&options.gothic_family, &options.mincho_family}) {
    if (auto ok = CheckFont(ctx.get(), *family); !ok) return Fail(ok.error());
  }

  const PageSetup& ps = doc.page;
  Geometry g{ps.margin_left_mm * kPointsPerMm, kPageWidth - ps.margin_right_mm * kPointsPerMm,
             ps.margin_top_mm * kPointsPerMm, kPageHeight - ps.margin_bottom_mm * kPointsPerMm};
  Renderer renderer(ctx.get(), options, g);
  if (doc.title_page) renderer.RenderTitlePage(*doc.title_page);
  if (ps.table_of_contents) {
    std::size_t headings = 0;
    for (const Block& b : doc.body) headings += std::holds_alternative<Heading>(b) ? 1 : 0;
    renderer.ReserveToc(headings, ps.toc_title);
  }
  renderer.StartBody();
  for (const Block& b : doc.body) std::visit([&](const auto& block) { renderer.Place(block); }, b);
  renderer.FillToc();
  const std::string left = ps.header_left.value_or(doc.info.title);
  const std::string right = ps.header_right.value_or(doc.title_page ? doc.title_page->organisation : std::string());
  renderer.AddFurniture(left, right);

  for (const Page& page : renderer.pages()) {
    for (const Op& op : page.ops) Draw(cr.get(), op);
    cairo_show_page(cr.get());
  }

  // Bookmarks: the headings as the PDF's outline, nested by level.
  std::array<int, 4> parents{CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0};
  for (const OutlineEntry& e : renderer.outline()) {
    const std::string dest = fmt::format("page={} pos=[{:.2f} {:.2f}]", e.page, g.left, e.y);
    const auto level = static_cast<std::size_t>(e.level);
    parents[level] = cairo_pdf_surface_add_outline(surface.get(), parents[level - 1], e.text.c_str(), dest.c_str(),
                                                   static_cast<cairo_pdf_outline_flags_t>(0));
  }

  const DocumentInfo& info = doc.info;
  auto set = [&](cairo_pdf_metadata_t key, const std::string& value) {
    if (!value.empty()) cairo_pdf_surface_set_metadata(surface.get(), key, value.c_str());
  };
  set(CAIRO_PDF_METADATA_TITLE, info.title);
  set(CAIRO_PDF_METADATA_AUTHOR, info.author);
  set(CAIRO_PDF_METADATA_SUBJECT, info.subject);
  set(CAIRO_PDF_METADATA_KEYWORDS, info.keywords);
  set(CAIRO_PDF_METADATA_CREATOR, "Proven");
  std::time_t created = static_cast<std::time_t>(info.created_unix);
  std::tm tm{};
  gmtime_r(&created, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  set(CAIRO_PDF_METADATA_CREATE_DATE, date);

  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_status_t s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kInternal, "the PDF could not be written", cairo_status_to_string(s));
  }
  out.page_count = static_cast<int>(renderer.pages().size());
  return out;
}

}  // namespace

Result<RenderedPdf> RenderPdf(const Document& doc, const RenderOptions& options) {
  try {
    return RenderUnchecked(doc, options);
  } catch (const std::bad_alloc&) {
    return Fail(ErrorCode::kResourceExhausted, "the document is too large to render");
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, "the PDF could not be written", e.what());
  } catch (...) {
    return Fail(ErrorCode::kInternal, "the PDF could not be written");
  }
}

}  // namespace proven::document
