#pragma once
// A small streaming JSON writer for hot paths (search responses), where building a document
// tree first would cost more than the search. Strings must be valid UTF-8 (everything stored
// was validated on the way in); '<', '>' and '&' are escaped so the output is also safe inside
// HTML.
#include <cstdint>
#include <string>
#include <string_view>

namespace proven {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view k) {
    Comma();
    Quoted(k);
    out_.push_back(':');
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view s) {
    Comma();
    Quoted(s);
    return *this;
  }
  JsonWriter& Int(std::int64_t v) {
    Comma();
    out_ += std::to_string(v);
    return *this;
  }

 private:
  JsonWriter& Open(char c) {
    Comma();
    out_.push_back(c);
    first_ = true;
    return *this;
  }
  JsonWriter& Close(char c) {
    out_.push_back(c);
    first_ = false;
    return *this;
  }
  void Comma() {
    if (after_key_) {
      after_key_ = false;
      first_ = false;
      return;
    }
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  void Quoted(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_.push_back('"');
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        case '<': out_ += "\\u003c"; break;
        case '>': out_ += "\\u003e"; break;
        case '&': out_ += "\\u0026"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out_ += "\\u00";
            out_.push_back(kHex[c >> 4]);
            out_.push_back(kHex[c & 15]);
          } else {
            out_.push_back(ch);
          }
      }
    }
    out_.push_back('"');
  }
  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace proven
