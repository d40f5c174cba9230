// The service form of the registration body's pages (register, edit): each field with the control
// that prevents mistakes — the type as a choice, dates as date inputs, industries and regions as the
// lists search offers, the registration body fixed to the signed-in body (a choice only for the
// admin) — and each error next to the field it concerns, with what was typed kept.
#include <algorithm>

#include "core/text.hpp"
#include "domain/limits.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/staff_pages.hpp"
#include "web/vocabulary.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

std::vector<std::string> FormValues(const Request& req, const std::string& name) {
  std::vector<std::string> out;
  auto [b, e] = req.form.equal_range(name);
  for (auto it = b; it != e; ++it) {
    // As given (the service checks limits before it trims); only the empty value is no choice.
    if (!it->second.empty()) out.push_back(it->second);
  }
  return out;
}

void SetErrorSummary(mst::data& d, Lang lang, const Error& e, std::string_view id_prefix) {
  const auto texts = ProblemTexts(lang, e);
  d.set("error", texts.size() == 1 ? texts.front()
                                   : Message(lang, "error.problems", {{"count", std::to_string(texts.size())}}));
  if (texts.size() == 1 && !e.field.empty()) d.set("error_href", "#" + std::string(id_prefix) + e.field);
  mst::data list{mst::data::type::list};
  if (texts.size() > 1) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      mst::data p;
      p.set("text", texts[i]);
      const std::string field = i < e.problems.size() ? e.problems[i].field : std::string();
      if (!field.empty()) p.set("href", "#" + std::string(id_prefix) + field);
      list.push_back(p);
    }
  }
  d.set("problems", list);
}

void SetFieldErrors(mst::data& field, const FormErrors& errors, const std::string& key) {
  mst::data list{mst::data::type::list};
  if (auto it = errors.by_field.find(key); it != errors.by_field.end()) {
    for (const auto& t : it->second) list.push_back(t);
  }
  field.set("invalid", !list.is_empty_list());
  field.set("field_errors", list);
}

namespace {

using domain::ServiceField;
using Values = std::array<std::string, domain::kServiceFieldCount>;

std::string& At(Values& v, ServiceField f) { return v[static_cast<std::size_t>(f)]; }
const std::string& At(const Values& v, ServiceField f) { return v[static_cast<std::size_t>(f)]; }

bool IsAdminForm(const Auth& auth) {
  return !domain::OwnershipScope(*auth.actor, domain::Action::kRegisterService).has_value();
}

// The form for one service: each field of the list with its control, the values as CSV cell text.
void RenderServiceForm(AppContext& app, const Auth& auth, const Request& req, Response& res, const Values& values,
                       const std::string& action, bool is_new, const Error* error, int status) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("action", action);
  d.set("heading", Message(lang, is_new ? "register_service" : "edit_service"));
  d.set("submit", Message(lang, is_new ? "register_service" : "save"));
  FormErrors errors;
  if (error) {
    errors = FormErrorsOf(lang, *error);
    SetErrorSummary(d, lang, *error);
  }
  const bool admin = IsAdminForm(auth);
  mst::data fields{mst::data::type::list};
  for (const auto& info : domain::ServiceFields()) {
    const std::string key(info.key);
    const std::string& value = At(values, info.field);
    mst::data f;
    f.set("key", key);
    f.set("label", FieldLabel(lang, info.key));
    f.set("value", value);
    f.set("required", info.required);
    SetFieldErrors(f, errors, key);
    switch (info.field) {
      case ServiceField::kType: {
        f.set("choice", true);
        mst::data options{mst::data::type::list};
        const auto chosen = domain::TypeFromText(value);
        for (auto t : domain::kServiceTypes) {
          mst::data o;
          o.set("value", std::string(domain::TypeCode(t)));
          o.set("label", TypeLabel(t, lang));
          o.set("selected", chosen == t);
          options.push_back(o);
        }
        // A value typed elsewhere (the API, an old form) that is no type stays visible, chosen,
        // so that its error next to the field makes sense.
        if (!chosen && !Trim(value).empty()) {
          mst::data o;
          o.set("value", value);
          o.set("label", value);
          o.set("selected", true);
          options.push_back(o);
        }
        f.set("options", options);
        break;
      }
      case ServiceField::kRegisteredOn:
      case ServiceField::kExpiresOn: f.set("input_type", std::string("date")); break;
      case ServiceField::kUrl: f.set("input_type", std::string("url")); break;
      case ServiceField::kRegistrationNumber:
        f.set("hint", Message(lang, "registration_number_hint"));
        f.set("maxlength", std::to_string(domain::LimitOf(info.field).max_chars));
        break;
      case ServiceField::kIndustries:
        f.set("checks", true);
        f.set("check_groups", [&] {
          mst::data g;
          g.set("label", mst::data(false));  // one group, no heading of its own
          g.set("options", IndustryOptions(lang, domain::SplitListCell(value)));
          mst::data list{mst::data::type::list};
          list.push_back(g);
          return list;
        }());
        break;
      case ServiceField::kRegions:
        f.set("checks", true);
        f.set("check_groups", RegionOptionGroups(lang, domain::SplitListCell(value)));
        break;
      case ServiceField::kOverview:
        f.set("long", true);
        f.set("maxlength", std::to_string(domain::LimitOf(info.field).max_chars));
        break;
      case ServiceField::kRegistrar:
        if (admin) {
          f.set("choice", true);
          mst::data options{mst::data::type::list};
          bool found = false;
          if (auto orgs = app.accounts.ListOrganisations(*auth.actor)) {
            for (const auto& o : *orgs) {
              if (o.kind != domain::OrgKind::kRegistrationBody) continue;
              mst::data x;
              x.set("value", o.name);
              x.set("label", o.name);
              x.set("selected", o.name == Trim(value));
              found = found || o.name == Trim(value);
              options.push_back(x);
            }
          }
          if (!found && !Trim(value).empty()) {
            mst::data x;
            x.set("value", value);
            x.set("label", value);
            x.set("selected", true);
            options.push_back(x);
          }
          f.set("options", options);
        } else {
          // Not an input: the body registers for itself, whatever is posted.
          f.set("fixed", true);
          f.set("value", auth.actor->organisation);
          f.set("hint", Message(lang, "registrar_fixed_hint", {{"name", auth.actor->organisation}}));
        }
        break;
      default: break;
    }
    fields.push_back(f);
  }
  d.set("fields", fields);
  SendPage(app, req, res, lang, "service_form", d, Message(lang, is_new ? "register_service" : "edit_service"), "",
           status, &auth);
}

// The posted cells: lists (checkboxes) joined as a list cell, the registrar of a registration
// body's form always its own body.
Values FormCells(const Auth& auth, const Request& req, domain::ServiceCells& cells) {
  Values values;
  const bool admin = IsAdminForm(auth);
  for (const auto& info : domain::ServiceFields()) {
    const std::string key(info.key);
    std::optional<std::string> cell;
    if (info.field == ServiceField::kIndustries || info.field == ServiceField::kRegions) {
      // A checkbox list posts nothing when none is ticked: present as the empty list then, so
      // that "required" speaks (the form always sends the hidden marker `<key>_shown`).
      if (req.form.contains(key) || req.form.contains(key + "_shown")) cell = Join(FormValues(req, key), "、");
    } else if (info.field == ServiceField::kRegistrar && !admin) {
      cell = auth.actor->organisation;
    } else if (req.form.contains(key)) {
      cell = FormValue(req, key);
    }
    if (!cell) continue;
    values[static_cast<std::size_t>(info.field)] = *cell;
    cells[static_cast<std::size_t>(info.field)] = std::move(*cell);
  }
  return values;
}

// The form again with the error next to its field, at the error's status; an error that leaves
// nothing to show in a form (403, 404, a revoked service) is the error page instead.
void FormError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Values& values,
               const std::string& action, bool is_new, const Error& e) {
  const int status = HttpStatusFor(e.code);
  if (status == 403 || status == 404 || (!is_new && e.code == ErrorCode::kFailedPrecondition) || status >= 500) {
    return ErrorPage(app, &auth, req, res, e);
  }
  RenderServiceForm(app, auth, req, res, values, action, is_new, &e, status);
}

}  // namespace

void HandleServiceNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Values values;
  At(values, ServiceField::kRegistrar) = auth.actor->organisation;
  RenderServiceForm(app, auth, req, res, values, "/registrar/services", true, nullptr, 200);
}

void HandleServiceRegister(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  domain::ServiceCells cells;
  const auto values = FormCells(auth, req, cells);
  auto id = app.registrar.Register(*auth.actor, cells);
  if (!id) return FormError(app, auth, req, res, values, "/registrar/services", true, id.error());
  SeeOther(res, "/services/" + std::to_string(*id));
}

void HandleServiceEditPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  // Another body's service is not shown, not even filled into a form.
  auto s = app.registrar.ServiceToChange(*auth.actor, id);
  if (!s) return ErrorPage(app, &auth, req, res, s.error());
  RenderServiceForm(app, auth, req, res, domain::CellsFromService(*s), "/registrar/services/" + std::to_string(id),
                    false, nullptr, 200);
}

void HandleServiceChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  // Another body's service: the error page, never the posted values in a form.
  if (auto s = app.registrar.ServiceToChange(*auth.actor, id); !s) return ErrorPage(app, &auth, req, res, s.error());
  domain::ServiceCells cells;
  const auto values = FormCells(auth, req, cells);
  auto changed = app.registrar.Change(*auth.actor, id, cells);
  if (!changed) {
    return FormError(app, auth, req, res, values, "/registrar/services/" + std::to_string(id), false, changed.error());
  }
  SeeOther(res, "/services/" + std::to_string(id));
}

}  // namespace proven::web
