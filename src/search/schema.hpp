#pragma once
// What a catalogue looks like to the search engine: its text fields, facets, dates, status rules,
// sort orders and non-public filter attributes (see docs/adr/0009-schema-driven-search.md). The
// engine (search/engine.hpp) and its brute-force reference (search/reference.hpp) work on any
// schema; a catalogue (services: search/service_engine.hpp) maps its own types onto one.
// Nothing here knows a domain type.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace proven::search {

// Searched by the keyword: normalised (NFKC, case fold, hiragana → katakana) and bigram-indexed.
// A term found in a field that `ranks` lifts a document to relevance tier 2.
struct TextField {
  std::string name;
  bool ranks = false;
};

// A multi-valued keyword attribute: OR within the facet, AND across facets, and disjunctive
// counts (each facet counted as if its own selection were not there).
// A facet that is not `counted` filters like any other but is never counted (its result list
// stays empty): for facets with very many values, such as the provider, where counting every
// value on every search would cost more than the search.
// A `keyword` facet also answers the free text: a document passes the text condition when the
// query's terms run together (Query::text normalised, spaces removed) equal one of its values in
// such a facet, even when the terms are in none of its text fields; such a document ranks in the
// top relevance tier, like an exact title. Its values must be given in that form (normalised,
// without spaces); a value is an exact term, so part of one finds nothing. For identifiers such as
// a registration number: one term per document.
struct FacetField {
  std::string name;
  bool counted = true;
  bool keyword = false;
};

// A day number (Date::DaysSinceEpoch) per document: for status windows and sorting.
struct DateField {
  std::string name;
};

// A 64-bit set per document; a query mask filters to documents whose set intersects it (e.g.
// the prefectures a service covers). A filter, not a facet.
struct MaskField {
  std::string name;
};

// A non-public id per document (e.g. the registration body's organisation id): filterable by
// equality, never counted, never shown. A document without one matches no scope filter.
struct ScopeField {
  std::string name;
};

// When a status holds, by the document's state and its status dates as of a day.
enum class DateWindow {
  kAny,      // dates do not matter
  kCurrent,  // start <= as_of <= end
  kEnding,   // kCurrent and end <= as_of + within_days
  kEnded,    // end < as_of
};
struct StatusRule {
  std::string name;
  std::uint32_t states = ~std::uint32_t{0};  // bit s: documents in state s may match
  DateWindow window = DateWindow::kAny;
  int within_days = 0;  // kEnding only
};

enum class SortKind {
  kRelevance,  // tier (exact title 3, every term in ranking fields 2, else 1), relevance date desc, id
  kTitle,      // ICU Japanese collation of the title (text field 0), then id
  kDate,       // a date field, then id
};
struct SortField {
  std::string name;
  SortKind kind = SortKind::kTitle;
  int date = -1;  // kDate: index into Schema::dates
};

struct Schema {
  std::vector<TextField> text;  // text[0] is the title (collation, exact-title tier); it ranks
  std::vector<FacetField> facets;
  std::vector<DateField> dates;
  std::vector<MaskField> masks;
  std::vector<ScopeField> scopes;
  std::vector<StatusRule> statuses;
  int status_start = -1;    // the date fields the status windows read (-1 when no window is used)
  int status_end = -1;
  int relevance_date = -1;  // ties within a relevance tier: newest first by this date (-1: by id)
  std::vector<SortField> sorts;

  static constexpr std::size_t kMaxFacets = 16;
  static constexpr std::size_t kMaxStates = 32;
  // Throws std::invalid_argument when the schema is inconsistent (a programmer error).
  void Validate() const;
  int FacetIndex(const std::string& name) const;  // -1 when absent
};

// One document: values per schema slot, in the schema's order.
struct Doc {
  std::int64_t id = 0;
  std::vector<std::string> text;                 // as written (the engine normalises)
  std::vector<std::vector<std::string>> facets;  // values per facet (duplicates count once)
  std::vector<std::int64_t> dates;               // days
  std::vector<std::uint64_t> masks;
  std::vector<std::optional<std::int64_t>> scopes;
  std::uint32_t state = 0;  // < Schema::kMaxStates
};

// Documents whose date field `date` (index into Schema::dates) lies in [from, to] (days,
// inclusive; an absent bound is open).
struct DateRange {
  std::size_t date = 0;
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
  bool Contains(std::int64_t day) const { return (!from || *from <= day) && (!to || day <= *to); }
};

struct Query {
  std::string text;  // terms separated by ASCII or ideographic spaces, all must match
  std::vector<std::vector<std::string>> facets;  // per facet: selected values (OR); empty = no filter
  std::vector<std::uint64_t> masks;              // per mask: 0 = no filter, else must intersect
  std::vector<std::optional<std::int64_t>> scopes;  // per scope: only documents with this id
  std::vector<DateRange> date_ranges;            // all must hold (a filter, not a facet)
  std::optional<std::size_t> status;             // index into Schema::statuses; nullopt = all
  std::int64_t as_of = 0;                        // days
  std::size_t sort = 0;                          // index into Schema::sorts
  bool descending = false;                       // ignored by kRelevance
  std::size_t offset = 0;
  std::size_t limit = 20;  // 0 = every match
};

struct FacetValue {
  std::string value;
  int count = 0;
  bool operator==(const FacetValue&) const = default;
};

struct Result {
  std::size_t total = 0;
  std::vector<std::int64_t> ids;                // the requested page, in order
  std::vector<std::vector<FacetValue>> facets;  // per facet: zero counts left out; count desc, value asc
  bool operator==(const Result&) const = default;
};

// Sorts facet values the way every result presents them: count desc, then value asc.
void SortFacet(std::vector<FacetValue>& values);

// Whether a document in `state` with status dates [start, end] passes `rule` as of `as_of`.
// Inline: the engine runs it over every document when it builds a status bitmap.
inline bool StatusMatches(const StatusRule& rule, std::uint32_t state, std::int64_t start, std::int64_t end,
                          std::int64_t as_of) {
  if (state >= 32 || ((rule.states >> state) & 1u) == 0) return false;
  switch (rule.window) {
    case DateWindow::kAny: return true;
    case DateWindow::kCurrent: return start <= as_of && as_of <= end;
    case DateWindow::kEnding: return start <= as_of && as_of <= end && end <= as_of + rule.within_days;
    case DateWindow::kEnded: return end < as_of;
  }
  return true;
}

}  // namespace proven::search
