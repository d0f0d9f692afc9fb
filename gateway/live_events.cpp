#include "live_events.hpp"

#include <boost/beast/http/field.hpp>

#include "event_id.hpp"
#include "event_stream.hpp"
#include "http_errors.hpp"

namespace sanplane::gateway {

namespace http = boost::beast::http;

LiveEvents::LiveEvents(Upstreams& upstreams, SessionResolver& sessions, LiveEventsOptions options)
    : sessions_(sessions),
      call_deadline_(options.catch_up_call),
      hub_(upstreams.change_feeds(), metrics_, options.feed_call, options.catch_up_call,
           options.heartbeat),
      presence_(upstreams.presence(), hub_, options.feed_call) {}

void LiveEvents::Start() {
  hub_.Start();
  presence_.Start();
}

void LiveEvents::Stop() {
  hub_.CloseListeners();
  presence_.Stop();
  hub_.Stop();
}

void LiveEvents::Serve(std::shared_ptr<const HttpRequest> request, const std::string& request_id,
                       PrincipalPtr principal, Responder respond, StreamResponder stream) {
  std::optional<FeedPositions> resume;
  if (auto it = request->find("Last-Event-ID"); it != request->end() && !it->value().empty()) {
    resume = ParseEventId(it->value());
    if (!resume) {
      respond(ErrorResponse(*request, http_errors::InvalidField(
                                          "Last-Event-ID is not the id of an event of this "
                                          "stream (expected three positions such as 12.340.7).")),
              kEventsPath);
      return;
    }
  }
  auto events = std::make_shared<EventStream>(
      hub_, metrics_, std::move(principal), request_id, resume,
      SessionCheck{sessions_, SessionTokenOf(*request).value_or(""), call_deadline_});
  if (!hub_.Subscribe(events)) {
    respond(ErrorResponse(*request, ErrorReply{503,
                                               ErrorBody("Live events are unavailable until every "
                                                         "service answers. Try again shortly."),
                                               {}}),
            kEventsPath);
    return;
  }
  HttpResponse header(http::status::ok, request->version());
  header.set(http::field::content_type, "text/event-stream; charset=utf-8");
  header.set(http::field::cache_control, "no-store");
  // Proxies that buffer answers (nginx) would hold the events back.
  header.set("X-Accel-Buffering", "no");
  stream(std::move(header), kEventsPath,
         StreamCallbacks{
             .opened = [events](std::shared_ptr<StreamSink> sink) { events->Attach(sink); },
             .closed = [events](bool dropped_as_slow) { events->Detach(dropped_as_slow); },
         });
}

}  // namespace sanplane::gateway
