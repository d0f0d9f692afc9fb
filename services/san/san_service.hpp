#pragma once
// The gRPC service San: fabrics, aliases and zones (proto/sanplane/san/v1/san.proto).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "common/principal.hpp"
#include "peers.hpp"
#include "record_csv.hpp"
#include "sanplane/san/v1/san.grpc.pb.h"
#include "saves.hpp"
#include "store.hpp"

namespace sanplane::san {

struct SanServiceOptions {
  /// Upper bound of one transaction (the caller's deadline may cut it shorter).
  std::chrono::milliseconds db_timeout{10000};
  /// Most items one batch save accepts.
  size_t max_batch = 1000;
};

class SanService final : public v1::San::Service {
 public:
  SanService(Store& store, Peers& peers, SanServiceOptions options);

  grpc::Status ListFabrics(grpc::ServerContext* context, const v1::ListFabricsRequest* request,
                           v1::ListFabricsResponse* response) override;
  grpc::Status GetFabric(grpc::ServerContext* context, const v1::GetFabricRequest* request,
                         v1::Fabric* response) override;
  grpc::Status CreateFabric(grpc::ServerContext* context, const v1::CreateFabricRequest* request,
                            v1::Fabric* response) override;
  grpc::Status UpdateFabric(grpc::ServerContext* context, const v1::UpdateFabricRequest* request,
                            v1::Fabric* response) override;
  grpc::Status DeleteFabric(grpc::ServerContext* context, const v1::DeleteFabricRequest* request,
                            common::v1::MessageResponse* response) override;

  grpc::Status ListAliases(grpc::ServerContext* context, const v1::ListAliasesRequest* request,
                           v1::ListAliasesResponse* response) override;
  grpc::Status SaveAliases(grpc::ServerContext* context, const v1::SaveAliasesRequest* request,
                           v1::SaveAliasesResponse* response) override;
  grpc::Status DeleteAlias(grpc::ServerContext* context, const v1::DeleteAliasRequest* request,
                           common::v1::MessageResponse* response) override;

  grpc::Status ListZones(grpc::ServerContext* context, const v1::ListZonesRequest* request,
                         v1::ListZonesResponse* response) override;
  grpc::Status SaveZones(grpc::ServerContext* context, const v1::SaveZonesRequest* request,
                         v1::SaveZonesResponse* response) override;
  grpc::Status DeleteZone(grpc::ServerContext* context, const v1::DeleteZoneRequest* request,
                          common::v1::MessageResponse* response) override;

  // csv_rpcs.cpp
  grpc::Status ImportAliases(grpc::ServerContext* context, const v1::CsvImportRequest* request,
                             v1::CsvImportResult* response) override;
  grpc::Status ImportZones(grpc::ServerContext* context, const v1::CsvImportRequest* request,
                           v1::CsvImportResult* response) override;

  // zoning_rpcs.cpp
  grpc::Status GenerateScripts(grpc::ServerContext* context,
                               const v1::GenerateScriptsRequest* request,
                               v1::ScriptsResponse* response) override;
  grpc::Status LintFabric(grpc::ServerContext* context, const v1::LintFabricRequest* request,
                          v1::LintResponse* response) override;
  // import_rpcs.cpp
  grpc::Status PreviewImport(grpc::ServerContext* context, const v1::ImportRequest* request,
                             v1::ImportPreview* response) override;
  grpc::Status ApplyImport(grpc::ServerContext* context, const v1::ImportRequest* request,
                           v1::ImportPreview* response) override;

  // lifecycle_rpcs.cpp
  grpc::Status CustomerUsage(grpc::ServerContext* context,
                             const v1::SanCustomerUsageRequest* request,
                             v1::SanCustomerUsage* response) override;
  grpc::Status ProjectUsage(grpc::ServerContext* context, const v1::SanProjectUsageRequest* request,
                            v1::SanProjectUsage* response) override;
  grpc::Status ReleaseProject(grpc::ServerContext* context,
                              const v1::SanProjectUsageRequest* request,
                              v1::SanProjectUsage* response) override;
  grpc::Status StorageReferences(grpc::ServerContext* context,
                                 const v1::StorageReferencesRequest* request,
                                 v1::StorageReferencesResponse* response) override;

 private:
  /// The customer of a project the caller may see; Error(kNotFound) otherwise.
  int64_t ProjectCustomer(const grpc::ServerContext& context, const common::Principal& principal,
                          int64_t project_id);
  /// The time a store call may take: what is left before the caller's deadline, at most
  /// options_.db_timeout.
  Store::Budget BudgetOf(const grpc::ServerContext& context) const;
  /// The RPCs of aliases and zones, alike but for their types: a page of the project's records,
  /// a batch save (`no_items`: a request without any, refused with `items_required`), a delete.
  template <class Request, class Response, class Row>
  grpc::Status ListOfProject(grpc::ServerContext* context, std::string_view method,
                             const Request& request, std::string (*ordering)(std::string_view),
                             Page<Row> (Store::*list)(const Store::Budget&, const ListQuery&),
                             Response* response);
  template <class Request, class Response>
  grpc::Status SaveBatch(grpc::ServerContext* context, std::string_view method,
                         const Request& request, bool no_items, const char* items_required,
                         void (*save)(const SaveContext&, const Request&, Response&),
                         Response* response);
  template <class Request>
  grpc::Status DeleteRecord(grpc::ServerContext* context, std::string_view method,
                            const Request& request,
                            void (Store::*remove)(const Store::Budget&, const common::Principal&,
                                                  int64_t, int64_t),
                            const char* deleted, common::v1::MessageResponse* response);
  /// A list page as CSV (format "csv"; the header on the first page), with the names of the
  /// fabrics and member aliases it writes (csv_rpcs.cpp).
  std::string PageCsv(const grpc::ServerContext& context, const common::Principal& principal,
                      const std::vector<AliasRow>& rows, bool header);
  std::string PageCsv(const grpc::ServerContext& context, const common::Principal& principal,
                      const std::vector<ZoneRow>& rows, bool header);
  /// The customer's fabrics named `names`, each with what it holds, by name (csv_rpcs.cpp).
  CsvFabrics ImportFabrics(const grpc::ServerContext& context, const common::Principal& principal,
                           int64_t customer_id, const std::vector<std::string>& names);
  /// A preview (`apply` false) or an apply of an import (import_rpcs.cpp).
  void RunImport(grpc::ServerContext& context, const v1::ImportRequest& request, bool apply,
                 v1::ImportPreview& response);
  /// What a batch save of the project's aliases or zones works with.
  SaveContext BatchSave(const grpc::ServerContext& context, const common::Principal& principal,
                        int64_t project_id);

  Store& store_;
  Peers& peers_;
  SanServiceOptions options_;
};

}  // namespace sanplane::san
