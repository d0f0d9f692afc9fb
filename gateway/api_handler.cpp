#include "api_handler.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/log.hpp"
#include "common/principal.hpp"
#include "csv_download.hpp"
#include "http_errors.hpp"
#include "json_codec.hpp"
#include "query_string.hpp"

namespace sanplane::gateway {

namespace http = boost::beast::http;

namespace {

bool IsUnsafe(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

std::string AllowHeader(const std::vector<http::verb>& allowed) {
  std::string out;
  for (http::verb verb : allowed) {
    if (!out.empty()) out += ", ";
    out += std::string(http::to_string(verb));
  }
  return out;
}

// `If-Match: "7"` (also W/"7" or a bare 7) -> "7"; anything else -> empty.
std::string VersionFromIfMatch(const HttpRequest& request) {
  auto it = request.find(http::field::if_match);
  if (it == request.end()) return {};
  std::string_view value = it->value();
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

HttpResponse InternalError(const HttpRequest& request, const std::string& request_id,
                           const std::exception& error) {
  common::log::Error("request failed in the gateway",
                     {{"request_id", request_id}, {"detail", error.what()}});
  return ErrorResponse(request, http_errors::Internal(request_id));
}

// Compares in time that depends only on the length, so the comparison reveals nothing about how
// much of a guessed token was right.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

bool IsJsonContentType(const HttpRequest& request) {
  auto it = request.find(http::field::content_type);
  if (it == request.end()) return false;
  std::string_view type = it->value();
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  // Media types are case-insensitive (RFC 9110 §8.3.1): Application/JSON is JSON too.
  return boost::beast::iequals(type, "application/json");
}

/// The answer to a failed upstream call.
HttpResponse RpcErrorResponse(const HttpRequest& request, const grpc::Status& status,
                              const std::string& upstream, const std::string& request_id) {
  ErrorReply error = ErrorReplyFor(status, upstream, request_id);
  HttpResponse reply = ErrorResponse(request, error);
  // A service that knows when to come back says so in the body; HTTP clients and proxies read it
  // from the header.
  if (const auto* retry_after = error.body.if_contains("retry_after");
      error.status == 429 && retry_after != nullptr && retry_after->is_int64()) {
    reply.set(http::field::retry_after, std::to_string(retry_after->get_int64()));
  }
  return reply;
}

}  // namespace

ApiHandler::ApiHandler(std::vector<Route> routes, SessionResolver& sessions,
                       std::chrono::milliseconds rpc_deadline, CallTracker& calls)
    : sessions_(sessions), rpc_deadline_(rpc_deadline), calls_(calls) {
  for (Route& route : routes) {
    const http::verb method = route.method;
    std::string pattern = route.pattern;
    router_.Add(method, std::move(pattern), std::move(route));
  }
}

void ApiHandler::Handle(std::shared_ptr<const HttpRequest> request, std::string request_id,
                        Responder respond, StreamResponder stream) const {
  const std::string_view target = request->target();
  const std::string_view path = target.substr(0, target.find('?'));
  // HEAD is a GET without the body (the dispatcher drops it), as HTTP defines.
  const http::verb method =
      request->method() == http::verb::head ? http::verb::get : request->method();
  auto match = router_.Find(method, path);
  if (!match) {
    respond(ErrorResponse(*request, http_errors::NotFound()), "unmatched");
    return;
  }
  if (match->target == nullptr) {
    respond(ErrorResponse(*request, http_errors::MethodNotAllowed(AllowHeader(match->allowed))),
            "unmatched");
    return;
  }
  const Route& route = *match->target;
  // One deadline for the whole request: the session lookup and the call share it.
  const auto deadline = std::chrono::system_clock::now() + rpc_deadline_;
  if (route.access == Access::kAnyone) {
    Call(route, match->pattern, std::move(match->params), std::move(request), std::move(request_id),
         deadline, nullptr, std::move(respond));
    return;
  }
  const std::optional<std::string> session = SessionTokenOf(*request);
  if (!session) {
    respond(ErrorResponse(*request, http_errors::AuthenticationRequired()), match->pattern);
    return;
  }
  // The session decides 401 before CSRF decides 403: an anonymous caller learns only that it
  // must sign in.
  sessions_.Resolve(
      *session, request_id, deadline,
      [this, &route, pattern = match->pattern, params = std::move(match->params), request,
       request_id, deadline, respond,
       stream = std::move(stream)](const grpc::Status& status, PrincipalPtr principal) mutable {
        if (!status.ok()) {
          respond(ErrorResponse(*request, ErrorReplyFor(status, "identity", request_id)), pattern);
          return;
        }
        if (IsUnsafe(request->method())) {
          const std::string expected = CookieValue(*request, "csrftoken");
          auto header = request->find("X-CSRFToken");
          if (expected.empty() || header == request->end() ||
              !SameSecret(header->value(), expected)) {
            respond(ErrorResponse(*request, http_errors::CsrfRejected()), pattern);
            return;
          }
        }
        if (route.stream) {
          route.stream(std::move(request), request_id, std::move(principal), std::move(respond),
                       std::move(stream));
          return;
        }
        Call(route, pattern, std::move(params), std::move(request), std::move(request_id), deadline,
             std::move(principal), std::move(respond));
      });
}

Continuation ApiHandler::Continue(const Route& route, std::string_view pattern,
                                  std::shared_ptr<const HttpRequest> request,
                                  const std::string& request_id, PrincipalPtr principal,
                                  Responder respond) const {
  Continuation next;
  next.http = request;
  next.call_again = [this, &route, pattern, request, request_id, principal, respond](
                        MessagePtr again, RpcDone done) {
    // Each further call gets the whole deadline, as each page of a CSV download does.
    auto context =
        NewContext(std::chrono::system_clock::now() + rpc_deadline_, principal, request_id);
    calls_.Begin();
    route.rpc.invoke(context, std::move(again),
                     [this, pattern, request, request_id, respond, done = std::move(done)](
                         const grpc::Status& status, MessagePtr response) {
                       const CallTracker::Ending ended(calls_);
                       try {
                         done(status, std::move(response));
                       } catch (const std::exception& error) {
                         // On a gRPC thread: nothing may escape, and the client still gets an
                         // answer.
                         respond(InternalError(*request, request_id, error), pattern);
                       }
                     });
  };
  next.respond = [respond, pattern](HttpResponse reply) { respond(std::move(reply), pattern); };
  next.fail = [respond, pattern, request, request_id,
               upstream = route.rpc.upstream](const grpc::Status& status) {
    respond(ErrorResponse(*request, ErrorReplyFor(status, upstream, request_id)), pattern);
  };
  return next;
}

void ApiHandler::Call(const Route& route, std::string_view pattern, PathParams params,
                      std::shared_ptr<const HttpRequest> request, std::string request_id,
                      std::chrono::system_clock::time_point deadline, PrincipalPtr principal,
                      Responder respond) const {
  MessagePtr message = route.rpc.new_request();
  const ApiCall call{*request, request_id};
  try {
    if (!request->body().empty()) {
      if (!IsJsonContentType(*request)) {
        respond(ErrorResponse(*request, http_errors::UnsupportedMediaType()), pattern);
        return;
      }
      boost::system::error_code ec;
      boost::json::value body = boost::json::parse(request->body(), ec);
      if (ec) {
        respond(ErrorResponse(*request, http_errors::MalformedJson(ec.message())), pattern);
        return;
      }
      if (!body.is_object()) {
        respond(ErrorResponse(*request, http_errors::BodyNotAnObject()), pattern);
        return;
      }
      JsonToMessage(body.get_object(), *message);
    }
    const std::string_view target = request->target();
    if (const size_t q = target.find('?'); q != std::string_view::npos) {
      for (const auto& [name, value] : ParseQueryString(target.substr(q + 1))) {
        SetFieldFromString(*message, name, value);
      }
    }
    // Path parameters last: the URL names the record, whatever the body says.
    for (const auto& [name, value] : params) SetFieldFromString(*message, name, value);
    if (!HasField(*message, "version")) {
      if (std::string version = VersionFromIfMatch(*request); !version.empty()) {
        SetFieldFromString(*message, "version", version);
      }
    }
    for (const auto& [name, value] : route.fixed_fields) SetFieldFromString(*message, name, value);
    if (route.prepare) route.prepare(call, *message);
  } catch (const FieldError& error) {
    respond(ErrorResponse(*request, http_errors::InvalidField(error.what())), pattern);
    return;
  } catch (const std::exception& error) {
    respond(InternalError(*request, request_id, error), pattern);
    return;
  }

  if (!route.csv_download.empty() && WantsCsv(*message)) {
    DownloadCsv(route, pattern, std::move(request), std::move(request_id), std::move(principal),
                std::move(message), std::move(respond));
    return;
  }
  RpcDone answer = [this, &route, pattern, request, request_id, principal, message,
                    respond = std::move(respond)](const grpc::Status& status, MessagePtr response) {
    const CallTracker::Ending ended(calls_);
    const ApiCall call{*request, request_id};
    if (!status.ok()) {
      respond(RpcErrorResponse(*request, status, route.rpc.upstream, request_id), pattern);
      return;
    }
    try {
      if (route.take_over &&
          route.take_over(Continue(route, pattern, request, request_id, principal, respond),
                          message, response)) {
        return;
      }
      if (route.render) {
        if (std::optional<HttpResponse> rendered = route.render(call, *message, *response)) {
          respond(std::move(*rendered), pattern);
          return;
        }
      }
      HttpResponse reply = JsonResponse(*request, route.success_status, nullptr);
      if (!route.finish && route.withheld_fields.empty() && !route.etag && route.unwrap.empty()) {
        // The answer as the service gave it: written straight from the message (long lists
        // would otherwise be built as a tree of values first).
        reply.body().clear();
        AppendMessageJson(*response, reply.body());
        reply.prepare_payload();
        respond(std::move(reply), pattern);
        return;
      }
      boost::json::object body = MessageToJson(*response);
      if (route.finish) route.finish(call, *response, body, reply);
      for (const std::string& field : route.withheld_fields) body.erase(field);
      if (route.etag) {
        if (auto it = body.find("version"); it != body.end() && it->value().is_int64()) {
          reply.set(http::field::etag, "\"" + std::to_string(it->value().get_int64()) + "\"");
        }
      }
      reply.body() = boost::json::serialize(route.unwrap.empty() ? boost::json::value(body)
                                                                 : body[route.unwrap]);
      reply.prepare_payload();
      respond(std::move(reply), pattern);
    } catch (const std::exception& error) {
      // On a gRPC thread: nothing may escape, and the client still gets an answer.
      respond(InternalError(*request, request_id, error), pattern);
    }
  };
  calls_.Begin();
  if (route.rpc.invoke_batched && principal) {
    route.rpc.invoke_batched(common::SignedPrincipalOf(*principal, request_id, deadline), deadline,
                             std::move(message), std::move(answer));
    return;
  }
  route.rpc.invoke(NewContext(deadline, principal, request_id), std::move(message),
                   std::move(answer));
}

std::shared_ptr<grpc::ClientContext> ApiHandler::NewContext(
    std::chrono::system_clock::time_point deadline, const PrincipalPtr& principal,
    const std::string& request_id) {
  auto context = std::make_shared<grpc::ClientContext>();
  context->set_deadline(deadline);
  if (principal) {
    common::AttachPrincipal(*context, *principal, request_id);  // signed, with the request id
  } else {
    common::AttachRequestId(*context, request_id);
  }
  return context;
}

void ApiHandler::DownloadCsv(const Route& route, std::string_view pattern,
                             std::shared_ptr<const HttpRequest> request, std::string request_id,
                             PrincipalPtr principal, MessagePtr message, Responder respond) const {
  calls_.Begin();  // the whole download is one call to wait for at shutdown
  CsvDownload download;
  download.rpc = route.rpc;
  // Every page gets the whole deadline: a long list takes as many calls as it has pages.
  download.new_context = [this, principal, request_id] {
    return NewContext(std::chrono::system_clock::now() + rpc_deadline_, principal, request_id);
  };
  download.done = [this, &route, pattern, request, request_id, respond = std::move(respond)](
                      const grpc::Status& status, std::string csv) {
    const CallTracker::Ending ended(calls_);
    if (!status.ok()) {
      respond(RpcErrorResponse(*request, status, route.rpc.upstream, request_id), pattern);
      return;
    }
    respond(FileResponse(*request, std::move(csv), "text/csv; charset=utf-8", route.csv_download),
            pattern);
  };
  RunCsvDownload(std::move(download), std::move(message));
}

}  // namespace sanplane::gateway
