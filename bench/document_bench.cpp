// The document renderer (src/document) on a report of about 20 A4 pages: a cover, a table of
// contents, six chapters of Japanese and English prose, lists, key–value tables and a results
// table of 190 rows with badges (Google Benchmark; `make bench` writes the figure into
// bench/RESULTS.md under "Document renderer").
//
//   build/release/bench/proven_document_bench --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include "document/document.hpp"

namespace proven::document {
namespace {

Document TwentyPageReport() {
  Document doc;
  doc.info = {"製品有効性検証報告書", "サイバーセキュリティ製品検証事業 事務局", "有効性検証", "", 1796025600};
  doc.title_page = TitlePage{"製品有効性検証報告書", "Proven WAF 3.2 有効性検証結果",
                             "サイバーセキュリティ製品検証事業 事務局", "2026年12月1日", "第1版", "架空のサンプル"};
  doc.page.table_of_contents = true;
  const std::string prose =
      "本検証では、対象製品が想定する脅威に対して所定の防御効果を発揮するかを、テスト環境において確認した。"
      "The product was deployed in front of three application servers and exercised with 816 requests. "
      "検証項目ごとに期待される結果を事前に合意し、測定値と判定を記録した。";
  for (int chapter = 1; chapter <= 6; ++chapter) {
    doc.AddHeading(1, fmt::format("第{}章 検証の観点", chapter));
    for (int section = 1; section <= 3; ++section) {
      doc.AddHeading(2, fmt::format("観点 {}-{}", chapter, section));
      doc.AddParagraph(prose + prose);
      doc.AddBullets({"検知率 96.2%（816 リクエスト）", "誤検知率 0.4%", "運用負荷が小さい"});
    }
    doc.AddKeyValues({{"対象製品", "Proven WAF 3.2"}, {"検証期間", "2026年10月1日〜11月15日"}});
  }
  doc.AddHeading(1, "検証項目と結果");
  DataTable table{"表1 検証項目と結果",
                  {{"番号", 0.6, Align::kRight}, {"検証項目", 3.0}, {"判定", 1.0, Align::kCenter}, {"測定値", 2.0}},
                  {}};
  for (int i = 1; i <= 190; ++i) {
    table.rows.push_back({fmt::format("{}", i), fmt::format("SQL インジェクションの検知 (case {})", i),
                          i % 4 ? Cell("合格", CellStyle::kBadgePass) : Cell("一部合格", CellStyle::kBadgePartial),
                          fmt::format("検知率 0.{} (n=816)", 700 + i)});
  }
  doc.AddTable(table);
  return doc;
}

void BM_RenderReport(benchmark::State& state) {
  const Document doc = TwentyPageReport();
  int pages = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = RenderPdf(doc);
    if (!pdf) {
      state.SkipWithError(pdf.error().detail.empty() ? pdf.error().message.c_str() : pdf.error().detail.c_str());
      return;
    }
    pages = pdf->page_count;
    bytes = pdf->bytes.size();
    benchmark::DoNotOptimize(pdf->bytes.data());
  }
  state.counters["pages"] = pages;
  state.counters["pdf_kB"] = static_cast<double>(bytes) / 1024.0;
  state.counters["pages/s"] = benchmark::Counter(static_cast<double>(pages) * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RenderReport)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace proven::document

BENCHMARK_MAIN();
