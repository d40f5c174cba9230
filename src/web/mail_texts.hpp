#pragma once
// The text of every mail Proven sends, from the message catalogue (mail.<kind>.subject and
// mail.<kind>.body, docs/mail.md): the composer the services write mail with.
#include "services/events/event_service.hpp"

namespace proven::web {

// Fills mail.<kind>.* in the language ("ja" or "en"; anything else is Japanese). Code values are
// named in the language too: `networking` (a seat code) becomes its seat.<code> label.
services::MailComposer CatalogueMailComposer();

}  // namespace proven::web
