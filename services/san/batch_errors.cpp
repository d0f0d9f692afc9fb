#include "batch_errors.hpp"

#include <boost/json/array.hpp>

namespace sanplane::san {

boost::json::object VersionMissingErrors(const EntityNames& names) {
  return {{"version", "The current version is required to update " + names.article + " " +
                          names.singular + "."}};
}

boost::json::object DeletedErrors(const EntityNames& names) {
  return {{"id", "This " + names.singular +
                     " no longer exists (it was deleted by another user). Please refresh."}};
}

void BatchFailures::AddInvalid(size_t index, const std::string& label,
                               const boost::json::object& errors) {
  if (errors.empty()) return;
  Item& item = items_[index];
  if (item.conflict) return;
  if (item.label.empty()) item.label = label;
  for (const auto& [field, message] : errors) {
    if (!item.errors.contains(field)) item.errors[field] = message;
  }
}

void BatchFailures::AddConflict(size_t index, const std::string& label,
                                boost::json::object errors) {
  Item& item = items_[index];
  if (item.conflict) return;
  item.label = label;
  item.errors = std::move(errors);
  item.conflict = true;
  ++conflicts_;
  common::CountConflict(names_.singular);
}

void BatchFailures::AddDeleted(size_t index, const std::string& label) {
  AddConflict(index, label, DeletedErrors(names_));
}

void BatchFailures::AddStale(size_t index, const std::string& label,
                             const common::RecordStamp& current) {
  AddConflict(index, label, common::BatchConflictErrors(names_.singular, current));
}

boost::json::object BatchFailures::Body() const {
  boost::json::array details;
  for (const auto& [index, item] : items_) {
    details.push_back(boost::json::object{{names_.singular, item.label}, {"errors", item.errors}});
  }
  return {{"error", "Some " + names_.plural + " could not be saved."},
          {"details", std::move(details)}};
}

common::Error BatchFailures::ToError() const {
  const common::ErrorKind kind =
      has_conflict() ? common::ErrorKind::kVersionConflict : common::ErrorKind::kInvalidArgument;
  return common::Error(kind, "Some " + names_.plural + " could not be saved.", Body());
}

std::string ItemLabel(const std::string* sent_name, const std::string* stored_name) {
  if (sent_name != nullptr && !sent_name->empty()) return *sent_name;
  if (stored_name != nullptr && !stored_name->empty()) return *stored_name;
  return "Unknown";
}

}  // namespace sanplane::san
