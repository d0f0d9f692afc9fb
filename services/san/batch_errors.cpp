#include "batch_errors.hpp"

namespace sanplane::san {

boost::json::object VersionMissingErrors(const EntityNames& names) {
  return {{"version", "The current version is required to update " + names.article + " " +
                          names.singular + "."}};
}

void BatchFailures::AddInvalid(size_t index, const std::string& label,
                               const boost::json::object& errors) {
  if (errors.empty()) return;
  Item& item = items_[index];
  if (item.conflict) return;
  if (item.label.empty()) item.label = label;
  for (const auto& [field, message] : errors) {
    if (!item.invalid.contains(field)) item.invalid[field] = message;
  }
}

void BatchFailures::AddConflict(size_t index, const std::string& label,
                                common::v1::BatchFailure::Item conflict) {
  Item& item = items_[index];
  if (item.conflict) return;
  item.label = label;
  item.conflict = std::move(conflict);
  ++conflicts_;
  common::CountConflict(names_.singular);
}

void BatchFailures::AddDeleted(size_t index, const std::string& label) {
  common::v1::BatchFailure::Item conflict;
  conflict.mutable_deleted();
  AddConflict(index, label, std::move(conflict));
}

void BatchFailures::AddStale(size_t index, const std::string& label,
                             const common::RecordStamp& current) {
  common::v1::BatchFailure::Item conflict;
  *conflict.mutable_conflict() = common::VersionConflictOf(names_.singular, current);
  AddConflict(index, label, std::move(conflict));
}

common::v1::BatchFailure BatchFailures::Detail() const {
  common::v1::BatchFailure failure;
  failure.set_item_key(names_.singular);
  for (const auto& [index, item] : items_) {
    common::v1::BatchFailure::Item& out = *failure.add_items();
    if (item.conflict) {
      out = *item.conflict;
    } else {
      *out.mutable_invalid() = common::FieldViolationsOf(item.invalid);
    }
    out.set_label(item.label);
    out.set_index(static_cast<int32_t>(index));
  }
  return failure;
}

common::Error BatchFailures::ToError() const {
  const common::ErrorKind kind =
      has_conflict() ? common::ErrorKind::kVersionConflict : common::ErrorKind::kInvalidArgument;
  common::v1::ErrorDetails details;
  *details.mutable_batch_failure() = Detail();
  return common::Error(kind, "Some " + names_.plural + " could not be saved.", std::move(details));
}

std::string ItemLabel(const std::string* sent_name, const std::string* stored_name) {
  if (sent_name != nullptr && !sent_name->empty()) return *sent_name;
  if (stored_name != nullptr && !stored_name->empty()) return *stored_name;
  return "Unknown";
}

}  // namespace sanplane::san
