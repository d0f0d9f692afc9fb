#include "common/change_feed_service.hpp"

#include <limits>
#include <optional>
#include <pqxx/pqxx>

#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/log.hpp"
#include "common/named_queries.hpp"
#include "common/principal.hpp"
#include "common/time.hpp"

namespace sanplane::common {
namespace {

// Rows read per query while catching up.
constexpr int kBatch = 256;
// An idle stream still carries a mark this often, so that the caller sees it is alive.
constexpr std::chrono::seconds kKeepAlive{10};
// How long a stream sleeps between looks when no wake-up comes (a safety net).
constexpr std::chrono::seconds kLongestWait{1};

struct Bounds {
  int64_t newest;
  int64_t oldest;
};

Bounds ReadBounds(PgPool& pool, const ChangeFeedQueries& queries,
                  std::chrono::milliseconds timeout) {
  Bounds bounds{};
  pool.ReadOnce(timeout, [&](pqxx::transaction_base& tx) {
    const pqxx::row row = Exec(tx, queries.bounds)[0];
    bounds = {row[0].as<int64_t>(), row[1].as<int64_t>()};
  });
  return bounds;
}

/// "{1,2}" -> the ids.
void ParseProjects(std::string_view text, history::v1::Change& change) {
  if (text.size() < 2) return;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const size_t comma = text.find(',');
    change.add_projects(std::stoll(std::string(text.substr(0, comma))));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
}

/// A row of ListChanges: position, entity, record_id, customer_id, version, action, at_micros,
/// changed_by, projects.
history::v1::ChangeFeedMessage MessageFromRow(const pqxx::row& row) {
  history::v1::ChangeFeedMessage message;
  message.set_position(row[0].as<int64_t>());
  history::v1::Change& change = *message.mutable_change();
  change.set_entity(row[1].as<std::string>());
  change.set_id(row[2].as<int64_t>());
  change.set_customer(row[3].as<int64_t>());
  change.set_version(row[4].as<int64_t>());
  change.set_action(row[5].as<std::string>());
  *change.mutable_at() = TimestampFromMicros(row[6].as<int64_t>());
  if (!row[7].is_null()) change.set_by(row[7].as<std::string>());
  ParseProjects(row[8].as<std::string>(), change);
  return message;
}

history::v1::ChangeFeedMessage Mark(int64_t position) {
  history::v1::ChangeFeedMessage message;
  message.set_position(position);
  return message;
}

}  // namespace

ChangeFeedService::ChangeFeedService(PgPool& pool, ChangeFeedRelay& relay,
                                     std::chrono::milliseconds db_timeout)
    : pool_(pool), relay_(relay), db_timeout_(db_timeout) {}

grpc::Status ChangeFeedService::Changes(
    grpc::ServerContext* context, const history::v1::ChangesRequest* request,
    grpc::ServerWriter<history::v1::ChangeFeedMessage>* writer) {
  // Not through HandleRpc: a stream lives for minutes, and its life is no handling latency.
  try {
    const Principal principal = RequirePrincipal(*context);
    const ChangeFeedQueries& queries = relay_.queries();
    const int64_t through =
        request->has_through() ? request->through() : std::numeric_limits<int64_t>::max();
    const Bounds bounds = ReadBounds(pool_, queries, db_timeout_);
    int64_t cursor = request->after() < 0 ? bounds.newest : request->after();
    if (request->has_through() && through < cursor) {
      throw Error(ErrorKind::kInvalidArgument, "through must not be before after.");
    }
    if (cursor > bounds.newest || cursor < bounds.oldest - 1) {
      throw Error(ErrorKind::kInvalidArgument,
                  "The change feed does not hold that position; start again from the present.");
    }
    if (!writer->Write(Mark(cursor))) return grpc::Status::OK;
    auto last_write = std::chrono::steady_clock::now();
    while (!context->IsCancelled() && !ServerDraining() && cursor < through) {
      const uint64_t generation = relay_.generation();
      pqxx::result rows;
      // One statement by a range of the position's index: outside any transaction, without the
      // BEGIN and COMMIT round trips, on every wake-up of every stream.
      pool_.ReadOnce(db_timeout_, [&](pqxx::transaction_base& tx) {
        rows = Exec(tx, queries.list, cursor, through, kBatch);
      });
      int64_t sent_through = cursor;
      for (const pqxx::row& row : rows) {
        history::v1::ChangeFeedMessage message = MessageFromRow(row);
        cursor = message.position();
        if (!CanAccessCustomer(principal, message.change().customer())) continue;
        if (!writer->Write(message)) return grpc::Status::OK;
        sent_through = cursor;
        last_write = std::chrono::steady_clock::now();
      }
      // Positions passed over unseen still move the caller's cursor.
      if (sent_through != cursor || std::chrono::steady_clock::now() - last_write >= kKeepAlive) {
        if (!writer->Write(Mark(cursor))) return grpc::Status::OK;
        last_write = std::chrono::steady_clock::now();
      }
      if (static_cast<int>(rows.size()) == kBatch) continue;
      if (cursor >= through) break;
      relay_.WaitAfter(generation, kLongestWait);
    }
    return grpc::Status::OK;
  } catch (const Error& error) {
    return ToGrpcStatus(error);
  } catch (const std::exception& error) {
    log::Error("change feed stream failed", {{"error", error.what()}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "The change feed failed.");
  }
}

}  // namespace sanplane::common
