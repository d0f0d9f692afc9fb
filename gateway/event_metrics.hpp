#pragma once
// The metrics of GET /api/events/: open streams, events sent, how long a change took from its
// commit to its stream, and the clients dropped for not reading.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

namespace sanplane::gateway {

struct EventMetrics {
  EventMetrics();

  prometheus::Gauge& open_streams;  // sanplane_event_streams_open
  // By event type ("change", "presence", "editing", "ready", "reset"): sanplane_events_sent_total
  prometheus::Family<prometheus::Counter>& sent;
  // From the change's time (its transaction) to its hand-over to each stream:
  // sanplane_event_fanout_lag_seconds
  prometheus::Histogram& fanout_lag;
  prometheus::Counter& dropped_slow;  // sanplane_event_streams_dropped_slow_total
  // Per feed {feed}: 1 while the gateway's stream from that service is up:
  // sanplane_event_feed_connected
  prometheus::Family<prometheus::Gauge>& feed_connected;
};

}  // namespace sanplane::gateway
