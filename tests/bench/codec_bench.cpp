// The gateway's reflection codec against protobuf's own JSON printer/parser on the same messages:
// the ratio tells what generic conversion costs per request.
#include <benchmark/benchmark.h>
#include <google/protobuf/util/json_util.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "json_codec.hpp"
#include "sanplane/presence/v1/presence.pb.h"

namespace {

using sanplane::presence::v1::ListActiveUsersResponse;

ListActiveUsersResponse ActiveUsers(int count) {
  ListActiveUsersResponse response;
  for (int i = 0; i < count; ++i) {
    auto* user = response.add_active_users();
    user->mutable_user()->set_id(i);
    user->mutable_user()->set_username("engineer" + std::to_string(i));
    user->mutable_user()->set_first_name("First");
    user->mutable_user()->set_last_name("Last");
    user->mutable_active_customer()->set_id(7);
    user->mutable_active_customer()->set_name("Contoso Bank");
    user->mutable_active_project()->set_id(9);
    user->mutable_active_project()->set_name("Datacenter refresh");
    user->mutable_last_activity()->set_seconds(1761222600 + i);
  }
  return response;
}

void BM_ReflectionCodecEncode(benchmark::State& state) {
  const auto message = ActiveUsers(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::string out = boost::json::serialize(sanplane::gateway::MessageToJson(message));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ReflectionCodecEncode)->Arg(1)->Arg(50);

void BM_ProtobufJsonEncode(benchmark::State& state) {
  const auto message = ActiveUsers(static_cast<int>(state.range(0)));
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  for (auto _ : state) {
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(message, &out, options);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ProtobufJsonEncode)->Arg(1)->Arg(50);

void BM_ReflectionCodecDecode(benchmark::State& state) {
  const std::string text = boost::json::serialize(sanplane::gateway::MessageToJson(ActiveUsers(1))
                                                      .at("active_users")
                                                      .as_array()
                                                      .at(0)
                                                      .as_object()
                                                      .at("user"));
  for (auto _ : state) {
    sanplane::common::v1::UserSummary user;
    sanplane::gateway::JsonToMessage(boost::json::parse(text).as_object(), user);
    benchmark::DoNotOptimize(user);
  }
}
BENCHMARK(BM_ReflectionCodecDecode);

void BM_ProtobufJsonDecode(benchmark::State& state) {
  const std::string text =
      R"({"id":1,"username":"engineer1","first_name":"First","last_name":"Last"})";
  for (auto _ : state) {
    sanplane::common::v1::UserSummary user;
    (void)google::protobuf::util::JsonStringToMessage(text, &user);
    benchmark::DoNotOptimize(user);
  }
}
BENCHMARK(BM_ProtobufJsonDecode);

}  // namespace

BENCHMARK_MAIN();
