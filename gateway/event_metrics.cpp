#include "event_metrics.hpp"

#include "common/metrics.hpp"

namespace sanplane::gateway {

EventMetrics::EventMetrics()
    : open_streams(prometheus::BuildGauge()
                       .Name("sanplane_event_streams_open")
                       .Help("Open GET /api/events/ streams.")
                       .Register(*common::Metrics::Get().registry())
                       .Add({})),
      sent(prometheus::BuildCounter()
               .Name("sanplane_events_sent_total")
               .Help("Events written to streams, by type.")
               .Register(*common::Metrics::Get().registry())),
      fanout_lag(prometheus::BuildHistogram()
                     .Name("sanplane_event_fanout_lag_seconds")
                     .Help("From a change's transaction to its hand-over to a stream.")
                     .Register(*common::Metrics::Get().registry())
                     .Add({}, common::Metrics::LatencyBuckets())),
      dropped_slow(prometheus::BuildCounter()
                       .Name("sanplane_event_streams_dropped_slow_total")
                       .Help("Streams closed because their client did not read.")
                       .Register(*common::Metrics::Get().registry())
                       .Add({})),
      feed_connected(prometheus::BuildGauge()
                         .Name("sanplane_event_feed_connected")
                         .Help("1 while the gateway follows the change feed of the service.")
                         .Register(*common::Metrics::Get().registry())) {}

}  // namespace sanplane::gateway
