#pragma once
// The word lists and sentence fragments listings and queries are built from, prepared once
// (lengths counted, weights cumulated, the long-tail vocabulary drawn) and then read-only.
// Everything is fictional: provider and registrar names carry a marker word (サンプル, デモ,
// 架空, ...) and home pages use the reserved .example domain.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/rng.hpp"

namespace proven::synth {

inline constexpr std::size_t kTypeCount = 6;  // domain::kServiceTypes order

// A fixed piece of text and its length in code points, as written and with its katakana
// half-width (ガ → ｶﾞ is two code points).
struct Text {
  std::string_view text;
  int chars = 0;
  int half_chars = 0;
};

// "before{}after": a sentence with one slot.
struct Template {
  std::string_view before;
  std::string_view after;
  int chars = 0;  // of before + after
  int half_chars = 0;
};

struct Word {
  std::string_view ja;
  std::string_view slug;  // lower-case ASCII for host names
};

struct LocalPrefix {
  std::string_view ja;  // 博多, or the prefecture's short name
  std::string slug;
};

struct ServiceName {
  std::string_view text;
  std::size_t topic = 0;  // index into TypeContent::intros
};

// Kinds of overview sentences after the introduction, in their usual order.
enum class Slot { kMethod, kStandard, kStaff, kDeliverable, kExtra };
inline constexpr std::size_t kSlotCount = 5;

struct TypeContent {
  std::vector<ServiceName> names;
  std::vector<std::vector<Text>> intros;  // by topic
  std::array<std::vector<Text>, kSlotCount> slots;
  std::vector<std::string_view> url_paths;
  WeightedIndex industries;  // over Content::industries[1..] (全業種 is chosen separately)
};

struct CountTemplate {
  Template sentence;
  std::vector<std::string_view> values;  // digits
};

struct Content {
  std::array<TypeContent, kTypeCount> types;
  WeightedIndex type_weights;

  std::vector<Text> common;      // sentences that fit any type
  std::vector<Text> short_fill;  // short sentences that bring an overview up to its minimum
  std::vector<CountTemplate> counts;
  std::vector<Template> place_sentences;
  std::vector<Text> places;
  std::vector<Template> product_sentences;  // slot: a long-tail product name
  std::vector<Template> model_sentences;    // slot: a long-tail model number
  std::vector<std::string> rare_products;   // katakana, 4 characters, e.g. ゼミダン
  std::vector<int> rare_product_half_chars;
  std::vector<std::string> rare_models;     // e.g. ZX-4410

  // Providers and service names.
  std::vector<Word> markers;
  std::vector<Word> descriptors;
  std::vector<Word> cores;
  std::vector<Word> kanji_cores;
  std::array<LocalPrefix, 47> local_prefixes;  // by prefecture
  std::vector<std::string_view> brand_first;  // ASCII product brand parts: Nova + Guard
  std::vector<std::string_view> brand_second;
  std::vector<std::string_view> brand_tails;  // NovaGuard 360
  std::vector<std::string_view> qualifiers;  // 中小企業向け, ...
  std::vector<std::string_view> suffixes;    // " Pro", "（スタンダード）", ...

  // Geography.
  WeightedIndex prefecture_weights;  // by prefecture index (JIS order)
  std::array<std::vector<std::string_view>, 47> cities;
  std::vector<std::string_view> towns;
  std::vector<std::string_view> buildings;
  std::vector<std::string_view> building_kinds;
  std::array<std::vector<int>, 8> area_prefectures;
  std::array<std::vector<int>, 8> adjacent_areas;

  std::vector<std::string_view> registrars;
  WeightedIndex registrar_weights;
  std::vector<std::string_view> industries;  // [0] = 全業種

  // Query vocabulary: words that occur in every large enough generated set.
  std::vector<std::string_view> one_terms;
  std::vector<std::string_view> two_char_terms;
  std::vector<std::string_view> english_terms;
  std::vector<std::pair<std::string_view, std::string_view>> term_pairs;
  std::vector<std::string_view> katakana_terms;  // bases of half-width and hiragana variants
  std::vector<std::string_view> ascii_terms;     // bases of full-width variants
  std::vector<std::string_view> ascii_fragments;  // ASCII words and numbers found in the text
  std::vector<std::string_view> no_match_terms;   // occur nowhere
};

// Built on first use; immutable afterwards.
const Content& GetContent();

}  // namespace proven::synth
