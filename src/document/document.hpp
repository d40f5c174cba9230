#pragma once
// The one document renderer (docs/document.md, docs/adr/0010-document-renderer.md): a small model
// of a printed report — title page, numbered headings, paragraphs, bullet lists, key–value tables,
// data tables — and RenderPdf, which lays it out on A4 portrait pages with pango (line breaking,
// Japanese shaping, page breaks from pango's measurements) and writes a PDF with cairo, fonts
// embedded. Verification reports, device reports and WAF summaries are all written on it.
//
// The model holds text only, never markup: every string is shown as written (no escaping needed).
// The renderer knows no language: every visible word (labels, 「目次」, 「第1版」) comes from the
// caller. Output is reproducible: the same Document and RenderOptions give the same bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace proven::document {

// The cover. Empty fields are left out.
struct TitlePage {
  std::string title;         // 「製品有効性検証報告書」
  std::string subtitle;      // the product's name, the call, ...
  std::string organisation;  // who publishes it
  std::string date;          // as it is to be printed: 「2026年11月30日」
  std::string version;       // as it is to be printed: 「第2版」
  std::string note;          // a boxed remark in the top right corner: 「架空のサンプル」
};

// Numbered automatically: "1", "1.1", "1.1.1" (level 1–3; a level may not skip one, e.g. 1 → 3).
struct Heading {
  int level = 1;
  std::string text;
  bool numbered = true;
};

// Plain text; "\n" starts a new line. Long words (URLs, hashes) wrap between characters.
struct Paragraph {
  std::string text;
};

struct BulletList {
  std::vector<std::string> items;
};

// Two columns, the key shaded: 「対象製品」 | 「Proven WAF 3.2」.
struct KeyValueTable {
  std::vector<std::pair<std::string, std::string>> rows;
};

enum class Align { kLeft, kCenter, kRight };

// What a cell looks like. A badge is a coloured label for a verdict (合格 / 一部合格 / 不合格).
enum class CellStyle { kText, kBadgePass, kBadgePartial, kBadgeFail, kBadgeNeutral };

struct Cell {
  std::string text;
  CellStyle style = CellStyle::kText;

  Cell() = default;
  Cell(std::string t, CellStyle s = CellStyle::kText) : text(std::move(t)), style(s) {}  // NOLINT
  Cell(const char* t) : text(t) {}                                                        // NOLINT
};

struct Column {
  std::string title;
  double weight = 1.0;  // share of the table's width, relative to the other columns
  Align align = Align::kLeft;
};

// A table with a header row, repeated at the top of every page the table continues on. Rows are
// kept whole on a page when they fit on one; a row taller than a page is split between lines.
struct DataTable {
  std::string caption;  // printed above the table, e.g. 「表1 検証項目と結果」; may be empty
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each with exactly columns.size() cells
};

struct PageBreak {};

using Block = std::variant<Heading, Paragraph, BulletList, KeyValueTable, DataTable, PageBreak>;

// The PDF's document information. `created_unix` is injected (from a Clock) so that output is
// reproducible; it is written as the PDF's CreationDate.
struct DocumentInfo {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::int64_t created_unix = 0;  // seconds since 1970, UTC
};

// A4 portrait. The running header shows header_left and header_right (by default the info's
// title and the title page's organisation); the footer shows "n / N" (the cover counts as page 1
// but shows neither header nor footer).
struct PageSetup {
  double margin_top_mm = 25;
  double margin_bottom_mm = 22;
  double margin_left_mm = 22;
  double margin_right_mm = 22;
  std::optional<std::string> header_left;
  std::optional<std::string> header_right;
  bool table_of_contents = false;
  std::string toc_title = "目次";
};

struct Document {
  DocumentInfo info;
  PageSetup page;
  std::optional<TitlePage> title_page;
  std::vector<Block> body;

  Document& AddHeading(int level, std::string text);
  Document& AddParagraph(std::string text);
  Document& AddBullets(std::vector<std::string> items);
  Document& AddKeyValues(std::vector<std::pair<std::string, std::string>> rows);
  Document& AddTable(DataTable table);
  Document& AddPageBreak();
};

// Fonts by fontconfig family. Headings, tables and the page furniture use the Gothic (sans)
// family, paragraphs and lists the Mincho (serif) one, as Japanese government documents do.
struct RenderOptions {
  std::string gothic_family = "IPAexGothic";  // Debian fonts-ipaexfont
  std::string mincho_family = "IPAexMincho";
};

struct RenderedPdf {
  std::string bytes;
  int page_count = 0;
};

// Lays the document out and writes the PDF. Fails with kInvalidArgument for a malformed model
// (text that is not UTF-8, a heading level outside 1–3 or skipping a level, a table row with the
// wrong number of cells, margins that leave no room), with kFailedPrecondition when a font
// family is not installed (fontconfig would silently substitute another), and with kInternal
// when cairo fails. Never throws.
Result<RenderedPdf> RenderPdf(const Document& doc, const RenderOptions& options = {});

}  // namespace proven::document
