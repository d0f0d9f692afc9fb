#pragma once
// The REST -> gRPC pipeline shared by every /api/ route: match the route, authenticate the session,
// check CSRF, build the request message from path, query, body and If-Match, call the upstream
// with a deadline, and render the answer or the error.

#include <google/protobuf/message.h>

#include <boost/beast/http/verb.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "call_tracker.hpp"
#include "http_types.hpp"
#include "router.hpp"
#include "rpc_method.hpp"
#include "session_resolver.hpp"

namespace sanplane::gateway {

enum class Access {
  kAnyone,  // login
  kUser,    // a valid session; unsafe methods also need the CSRF header
};

struct ApiCall {
  const HttpRequest& http;
  const std::string& request_id;
};

/// What a route that takes over its answer (Route::take_over) may do, from any thread: call its
/// RPC again as the first call went (the same caller, a deadline of its own), answer, or answer
/// the error of a failed call as any failed call is answered.
struct Continuation {
  std::shared_ptr<const HttpRequest> http;
  std::function<void(MessagePtr request, RpcDone done)> call_again;
  std::function<void(HttpResponse)> respond;
  std::function<void(const grpc::Status&)> fail;
};

struct Route {
  boost::beast::http::verb method;
  std::string pattern;
  Access access;
  RpcMethod rpc;
  unsigned success_status = 200;
  // Render this repeated response field as the top-level JSON array.
  std::string unwrap;
  // Request fields the route itself sets, e.g. {"partial", "true"} for PATCH.
  std::vector<std::pair<std::string, std::string>> fixed_fields;
  // Request fields `prepare` fills from the HTTP request (e.g. the session cookie): not sent by
  // clients, so the API description leaves them out.
  std::vector<std::string> prepared_fields;
  // Response fields the gateway consumes and never renders (e.g. tokens that become cookies).
  std::vector<std::string> withheld_fields;
  // Single-record GETs send `ETag: "<version>"`.
  bool etag = false;
  // The largest body this route reads, when it needs more than the gateway's body limit (an
  // import of a switch's whole configuration); 0: the gateway's limit.
  uint64_t body_limit = 0;
  // Renders a successful answer itself instead of as JSON (text/plain, a zip archive): nullopt
  // leaves it to the JSON rendering. Sees the request message, whose fields choose the form.
  std::function<std::optional<HttpResponse>(const ApiCall&,
                                            const google::protobuf::Message& request,
                                            const google::protobuf::Message& response)>
      render;
  // The media types `render` answers besides JSON, for the API description: "text/plain" (a
  // string), "application/zip" (binary).
  std::vector<std::string> rendered_media_types;
  // The operationId in the API description when one RPC serves several routes of one method
  // (default: the RPC's name, with the method when PUT and PATCH share it).
  std::string operation_id;
  // Runs before the call, after the request message is built.
  std::function<void(const ApiCall&, google::protobuf::Message& request)> prepare;
  // Serves the route itself as a stream (GET /api/events/) once the caller is signed in, instead
  // of calling `rpc`, which then only describes it (the `data` of its events).
  std::function<void(std::shared_ptr<const HttpRequest>, const std::string& request_id,
                     PrincipalPtr, Responder, StreamResponder)>
      stream;
  // Takes over a successful answer when it returns true, instead of `render` and the JSON: the
  // audit CSV, which asks for the feed's further pages before it answers.
  std::function<bool(const Continuation&, MessagePtr request, MessagePtr response)> take_over;
  // Runs after a successful call, before the body is written.
  std::function<void(const ApiCall&, const google::protobuf::Message& response,
                     boost::json::object& body, HttpResponse& reply)>
      finish;
};

class ApiHandler {
 public:
  ApiHandler(std::vector<Route> routes, SessionResolver& sessions,
             std::chrono::milliseconds rpc_deadline, CallTracker& calls);

  void Handle(std::shared_ptr<const HttpRequest> request, std::string request_id, Responder respond,
              StreamResponder stream) const;

 private:
  void Call(const Route& route, std::string_view pattern, PathParams params,
            std::shared_ptr<const HttpRequest> request, std::string request_id,
            std::chrono::system_clock::time_point deadline, PrincipalPtr principal,
            Responder respond) const;

  /// What `route`'s take_over may do for the request it took over.
  Continuation Continue(const Route& route, std::string_view pattern,
                        std::shared_ptr<const HttpRequest> request, const std::string& request_id,
                        PrincipalPtr principal, Responder respond) const;

  Router<Route> router_;
  SessionResolver& sessions_;
  std::chrono::milliseconds rpc_deadline_;
  CallTracker& calls_;
};

}  // namespace sanplane::gateway
