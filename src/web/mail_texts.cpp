#include "web/mail_texts.hpp"

#include "web/i18n.hpp"

namespace proven::web {

services::MailComposer CatalogueMailComposer() {
  return [](const std::string& kind, const std::string& lang, const services::MailArgs& args) {
    const Lang l = lang == "en" ? Lang::kEn : Lang::kJa;
    MessageArgs filled;
    for (const auto& [name, value] : args) {
      filled.emplace_back(name, name == "networking" ? CodeLabel(l, "seat", value) : value);
    }
    return services::MailText{Message(l, "mail." + kind + ".subject", filled), Message(l, "mail." + kind + ".body", filled)};
  };
}

}  // namespace proven::web
