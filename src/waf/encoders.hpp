#pragma once
// Encoders with declared semantics (issue 14, ADR 0017 "Corpus and plan"). Each transforms a payload
// before a placement puts it into a request. Whether a typical application undoes the encoding where
// the payload is placed decides whether a request counts in the headline (Decoded) or only in the
// robustness score.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "waf/model.hpp"

namespace proven::waf {

// The exact transforms (pure; `rng_seed` matters only for case_mix):
//   plain          identity
//   url            every byte outside A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex)
//   double_url     url(url(p))
//   percent_u      every UTF-16 unit that is not an ASCII letter or digit as %uXXXX (invalid UTF-8
//                  bytes as their Latin-1 unit)
//   html_entity    every code point that is not an ASCII letter or digit as &#xH; (upper-case hex)
//   js_escape      every UTF-16 unit as \uxxxx (lower-case hex; GoTestWAF's JSUnicode)
//   base64         RFC 4648 standard alphabet with padding; base64_flat: the same without "="
//   overlong_utf8  ASCII letters and digits kept; every other ASCII byte c as its 2-byte overlong
//                  UTF-8 form, percent-written: %C0|c>>6 %80|c&0x3F (e.g. "/" -> %C0%AF); other bytes %XX
//   case_mix       each ASCII letter upper or lower case from mt19937_64(rng_seed), one draw per letter
//   sql_comment_ws each run of spaces as /**/
std::string Encode(Encoder encoder, std::string_view payload, std::uint64_t rng_seed = 0);

// Whether an encoder replaces the carrier of percent placements (query, path, cookie, form): its
// output is already percent-encoded and goes into the request as it is.
bool IsPercentFamily(Encoder encoder);

// Whether a typical application decodes `encoder` where `placement` puts the payload (the headline
// rule): plain everywhere; url in query, path, form and cookie; html_entity in xml_text and xml_attr;
// js_escape in json_value and json_key; case_mix and sql_comment_ws everywhere, for sqli only (SQL
// keywords are case-insensitive and a comment is whitespace to SQL); double_url, percent_u, base64,
// base64_flat and overlong_utf8 nowhere.
bool Decoded(Encoder encoder, Placement placement, std::string_view category);

// The placements where Decoded holds for an encoder (for sqli, where case_mix and sql_comment_ws
// count): for reports ("decoded_in").
std::vector<Placement> DecodedIn(Encoder encoder);

}  // namespace proven::waf
