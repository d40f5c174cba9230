#pragma once
// Japanese collation (ICU's "ja" collator): the order in which people expect names sorted —
// kana in gojūon order, full and half width alike. One collator per thread (ICU collators are
// not shared between threads here).
#include <string>
#include <string_view>

namespace proven {

// A byte string whose plain comparison orders texts as the Japanese collator does; the text
// itself when ICU has no Japanese collator (never on Debian's libicu).
std::string JapaneseSortKey(std::string_view utf8);

}  // namespace proven
