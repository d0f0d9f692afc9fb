#include "csv_download.hpp"

#include "json_codec.hpp"

namespace sanplane::gateway {
namespace {

using google::protobuf::FieldDescriptor;

const FieldDescriptor* FieldOf(const google::protobuf::Message& message, const char* name,
                               FieldDescriptor::CppType type) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  return field != nullptr && field->cpp_type() == type && !field->is_repeated() ? field : nullptr;
}

struct Download {
  CsvDownload download;
  MessagePtr request;
  std::string csv;
};

void FetchPage(std::shared_ptr<Download> state, int page) {
  SetFieldFromString(*state->request, "page", std::to_string(page));
  SetFieldFromString(*state->request, "page_size", std::to_string(kCsvDownloadPageSize));
  state->download.rpc.invoke(
      state->download.new_context(), state->request,
      [state, page](const grpc::Status& status, MessagePtr response) {
        if (!status.ok()) {
          state->download.done(status, {});
          return;
        }
        const auto* reflection = response->GetReflection();
        const FieldDescriptor* csv = FieldOf(*response, "csv", FieldDescriptor::CPPTYPE_STRING);
        const FieldDescriptor* has_next =
            FieldOf(*response, "has_next", FieldDescriptor::CPPTYPE_BOOL);
        if (csv == nullptr || has_next == nullptr) {
          state->download.done(grpc::Status(grpc::StatusCode::INTERNAL, "not a CSV list"), {});
          return;
        }
        state->csv += reflection->GetString(*response, csv);
        if (reflection->GetBool(*response, has_next)) {
          FetchPage(state, page + 1);
        } else {
          state->download.done(grpc::Status::OK, std::move(state->csv));
        }
      });
}

}  // namespace

bool WantsCsv(const google::protobuf::Message& request) {
  const FieldDescriptor* format = FieldOf(request, "format", FieldDescriptor::CPPTYPE_STRING);
  return format != nullptr && request.GetReflection()->GetString(request, format) == "csv";
}

void RunCsvDownload(CsvDownload download, MessagePtr request) {
  auto state = std::make_shared<Download>(Download{std::move(download), std::move(request), {}});
  FetchPage(std::move(state), 1);
}

}  // namespace sanplane::gateway
