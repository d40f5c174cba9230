#pragma once
// The Atom feeds a page concerns, offered to feed readers as <link rel="alternate"> in the layout's
// head: a page handler sets `alternates` in its page data (SendPage copies it into the layout).
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "web/i18n.hpp"

namespace proven::web {

// A one-feed `alternates` list: [{href, title}], the title from the catalogue key `title_key`.
inline kainjow::mustache::data FeedAlternates(Lang lang, std::string_view href, const std::string& title_key) {
  kainjow::mustache::data link;
  link.set("href", std::string(href));
  link.set("title", Message(lang, title_key));
  kainjow::mustache::data list{kainjow::mustache::data::type::list};
  list.push_back(link);
  return list;
}

// The feed of services newly registered, renewed or changed (/feeds/services.atom).
inline constexpr std::string_view kServicesFeed = "/feeds/services.atom";

// Page data that names the services' feed (for the pages about services: home, search, detail, statistics).
inline kainjow::mustache::data WithServicesFeed(Lang lang) {
  kainjow::mustache::data d;
  d.set("alternates", FeedAlternates(lang, kServicesFeed, "feed_services_title"));
  return d;
}

}  // namespace proven::web
