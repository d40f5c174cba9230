#pragma once
// A cursor for small hand-written recognisers (dates, postal codes, URLs). Every step is a loop
// over the text: time is linear and stack use constant, whatever the input. The standard regex is not
// used on untrusted text because libstdc++'s matcher recurses once per character and overflows
// the stack on inputs of a few tens of kilobytes.
#include <cstddef>
#include <optional>
#include <string_view>

namespace proven {

// What the ECMAScript \s class matches in the "C" locale: space, \t, \n, \v, \f and \r.
constexpr bool IsAsciiWhiteSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiLetterOrDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  std::size_t pos() const { return pos_; }
  std::string_view Rest() const { return text_.substr(pos_); }
  // The next byte, or '\0' at the end (callers that care check AtEnd first).
  char Peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  // Moves on by n bytes (at most to the end).
  void Advance(std::size_t n = 1) { pos_ = n < text_.size() - pos_ ? pos_ + n : text_.size(); }

  // Skips a run (possibly empty) of ASCII white space.
  void SkipSpaces() {
    while (pos_ < text_.size() && IsAsciiWhiteSpace(text_[pos_])) ++pos_;
  }

  // Consumes `literal` when the text continues with it.
  bool Eat(std::string_view literal) {
    if (!Rest().starts_with(literal)) return false;
    pos_ += literal.size();
    return true;
  }

  // Consumes `literal` (ASCII) when the text continues with it in any letter case.
  bool EatIgnoreCase(std::string_view literal) {
    if (text_.size() - pos_ < literal.size()) return false;
    for (std::size_t i = 0; i < literal.size(); ++i) {
      if (AsciiLower(text_[pos_ + i]) != AsciiLower(literal[i])) return false;
    }
    pos_ += literal.size();
    return true;
  }

  // Consumes one byte when it is one of `set`; returns it, or nullopt (consuming nothing).
  std::optional<char> EatOneOf(std::string_view set) {
    if (AtEnd() || set.find(text_[pos_]) == std::string_view::npos) return std::nullopt;
    return text_[pos_++];
  }

  // Consumes the whole run of ASCII digits that follows and returns its value when the run is
  // min_digits..max_digits long (max_digits <= 9). Otherwise consumes nothing and returns
  // nullopt. Taking the whole run is what a regex's \d{m,n} does whenever the next thing it
  // expects cannot be a digit, which holds for every caller.
  std::optional<int> Number(std::size_t min_digits, std::size_t max_digits) {
    std::size_t end = pos_;
    while (end < text_.size() && IsAsciiDigit(text_[end])) ++end;
    const std::size_t len = end - pos_;
    if (len < min_digits || len > max_digits) return std::nullopt;
    int value = 0;
    for (; pos_ < end; ++pos_) value = value * 10 + (text_[pos_] - '0');
    return value;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace proven
