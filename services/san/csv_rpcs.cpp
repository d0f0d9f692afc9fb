// SanService: aliases and zones as CSV, listed (a page at a time; the gateway joins the pages)
// and imported (one batch save of every line, all or nothing).

#include <set>

#include "common/errors.hpp"
#include "common/rpc.hpp"
#include "san_service.hpp"

namespace sanplane::san {
namespace {

using common::v1::BatchFailure;

/// The failure of an import: per bad line, what its text got wrong (`line_errors`) and what the
/// save found (`failure`, items by request index), merged, in line order. A version race of the
/// save stays a conflict (409); otherwise the answer is a 400.
common::Error LineFailure(const std::vector<int32_t>& lines, const std::vector<std::string>& labels,
                          const std::vector<FieldErrors>& line_errors,
                          const std::optional<BatchFailure>& failure, common::ErrorKind kind,
                          const EntityNames& names) {
  std::map<size_t, const BatchFailure::Item*> saved;
  if (failure) {
    for (const BatchFailure::Item& item : failure->items()) {
      saved[static_cast<size_t>(item.index())] = &item;
    }
  }
  common::v1::ErrorDetails details;
  BatchFailure& out = *details.mutable_batch_failure();
  out.set_item_key(names.singular);
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto found = saved.find(i);
    const BatchFailure::Item* from_save = found == saved.end() ? nullptr : found->second;
    if (from_save == nullptr && line_errors[i].empty()) continue;
    BatchFailure::Item& item = *out.add_items();
    if (from_save != nullptr && from_save->problem_case() != BatchFailure::Item::kInvalid) {
      item = *from_save;  // a conflict: nothing else about the line matters until it is resolved
    } else {
      // The line's own errors first: "fabric 'x' does not exist" explains the save's "required".
      FieldErrors errors = line_errors[i];
      if (from_save != nullptr) {
        for (const common::v1::FieldViolation& violation : from_save->invalid().violations()) {
          if (!errors.contains(violation.field())) errors[violation.field()] = violation.message();
        }
      }
      *item.mutable_invalid() = common::FieldViolationsOf(errors);
      item.set_item_key(from_save != nullptr ? from_save->item_key() : "");
    }
    item.set_label(labels[i]);
    item.set_line(lines[i]);
    item.clear_index();
  }
  return common::Error(kind, "Some lines could not be imported; nothing was saved.",
                       std::move(details));
}

/// Saves the lines of an import as one batch (SaveAliasBatch / SaveZoneBatch): all of them, or
/// none and the failure naming every bad line. A line with errors of its own makes the save a
/// dry run, so that the save still reports what else is wrong with every line.
template <class Item, class SaveRequest, class SaveResponse, class Saved>
void ImportLines(const SaveContext& save, const CsvItems<Item>& csv, const EntityNames& names,
                 void (*save_batch)(const SaveContext&, const SaveRequest&, SaveResponse&),
                 google::protobuf::RepeatedPtrField<Item>* (SaveRequest::*items)(),
                 const google::protobuf::RepeatedPtrField<Saved>& (SaveResponse::*saved)() const,
                 v1::CsvImportResult& result) {
  SaveRequest request;
  request.set_project_id(save.project_id);
  for (const Item& item : csv.items) *(request.*items)()->Add() = item;
  bool line_errors = false;
  std::vector<std::string> labels;
  for (size_t i = 0; i < csv.items.size(); ++i) {
    line_errors = line_errors || !csv.errors[i].empty();
    labels.push_back(ItemLabel(&csv.items[i].name(), nullptr));
  }
  SaveContext run = save;
  run.dry_run = save.dry_run || line_errors;
  SaveResponse response;
  std::optional<BatchFailure> failure;
  common::ErrorKind kind = common::ErrorKind::kInvalidArgument;
  try {
    save_batch(run, request, response);
  } catch (const common::Error& error) {
    if (error.details().detail_case() != common::v1::ErrorDetails::kBatchFailure) throw;
    failure = error.details().batch_failure();
    kind = error.kind();
  }
  if (failure || line_errors) {
    throw LineFailure(csv.lines, labels, csv.errors, failure, kind, names);
  }
  for (size_t i = 0; i < csv.items.size(); ++i) {
    const Item& item = csv.items[i];
    if (!item.has_id()) {
      result.set_created(result.created() + 1);
    } else if ((response.*saved)()[static_cast<int>(i)].version() == item.version()) {
      result.set_unchanged(result.unchanged() + 1);
    } else {
      result.set_updated(result.updated() + 1);
    }
  }
  result.set_dry_run(save.dry_run);
  result.set_message(save.dry_run ? "Checked; nothing was saved (dry run)." : "Imported.");
}

}  // namespace

std::string SanService::PageCsv(const grpc::ServerContext& context,
                                const common::Principal& principal,
                                const std::vector<AliasRow>& rows, bool header) {
  CsvNames names;
  for (const AliasRow& row : rows) {
    const int64_t fabric = row.values.fabric_id;
    if (names.fabrics.count(fabric) == 0) {
      names.fabrics[fabric] = store_.GetFabric(BudgetOf(context), principal, fabric).values.name;
    }
  }
  return AliasesCsv(rows, names, header);
}

std::string SanService::PageCsv(const grpc::ServerContext& context,
                                const common::Principal& principal,
                                const std::vector<ZoneRow>& rows, bool header) {
  CsvNames names;
  std::set<int64_t> members;
  for (const ZoneRow& row : rows) {
    const int64_t fabric = row.values.fabric_id;
    if (names.fabrics.count(fabric) == 0) {
      names.fabrics[fabric] = store_.GetFabric(BudgetOf(context), principal, fabric).values.name;
    }
    members.insert(row.members.begin(), row.members.end());
  }
  if (!members.empty()) {
    for (const auto& [id, alias] :
         store_.LoadAliases(BudgetOf(context), {members.begin(), members.end()})) {
      names.aliases[id] = alias.values.name;
    }
  }
  return ZonesCsv(rows, names, header);
}

CsvFabrics SanService::ImportFabrics(const grpc::ServerContext& context,
                                     const common::Principal& principal, int64_t customer_id,
                                     const std::vector<std::string>& names) {
  const std::set<std::string, std::less<>> wanted(names.begin(), names.end());
  CsvFabrics fabrics;
  FabricListQuery query;
  query.customers = {customer_id};
  query.ordering = FabricOrdering("");
  query.page.page_size = 500;
  for (;; ++query.page.page) {
    const Page<FabricRow> page = store_.ListFabrics(BudgetOf(context), query);
    for (const FabricRow& fabric : page.rows) {
      if (wanted.count(fabric.values.name) > 0) {
        fabrics[fabric.values.name] =
            store_.LoadFabricZoning(BudgetOf(context), principal, fabric.id);
      }
    }
    if (query.page.offset() + static_cast<int64_t>(page.rows.size()) >= page.count ||
        page.rows.empty()) {
      break;
    }
  }
  return fabrics;
}

grpc::Status SanService::ImportAliases(grpc::ServerContext* context,
                                       const v1::CsvImportRequest* request,
                                       v1::CsvImportResult* response) {
  return common::HandleRpc(context, "ImportAliases", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    SaveContext save = BatchSave(*context, principal, request->project_id());
    save.dry_run = request->dry_run();
    const CsvTable table = ReadCsvTable(request->csv(), kAliasCsvColumns);
    const CsvFabrics fabrics =
        ImportFabrics(*context, principal, save.customer_id, CsvFabricNames(table));
    ImportLines(save, AliasItemsOfCsv(table, fabrics), kAliasNames, SaveAliasBatch,
                &v1::SaveAliasesRequest::mutable_aliases, &v1::SaveAliasesResponse::aliases,
                *response);
  });
}

grpc::Status SanService::ImportZones(grpc::ServerContext* context,
                                     const v1::CsvImportRequest* request,
                                     v1::CsvImportResult* response) {
  return common::HandleRpc(context, "ImportZones", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    SaveContext save = BatchSave(*context, principal, request->project_id());
    save.dry_run = request->dry_run();
    const CsvTable table = ReadCsvTable(request->csv(), kZoneCsvColumns);
    const CsvFabrics fabrics =
        ImportFabrics(*context, principal, save.customer_id, CsvFabricNames(table));
    ImportLines(save, ZoneItemsOfCsv(table, fabrics), kZoneNames, SaveZoneBatch,
                &v1::SaveZonesRequest::mutable_zones, &v1::SaveZonesResponse::zones, *response);
  });
}

}  // namespace sanplane::san
