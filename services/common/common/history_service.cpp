#include "common/history_service.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <optional>
#include <utility>

#include "common/acting_user.hpp"
#include "common/client.hpp"
#include "common/errors.hpp"
#include "common/history_feed.hpp"
#include "common/json_struct.hpp"
#include "common/named_queries.hpp"
#include "common/pagination.hpp"
#include "common/pg_encode.hpp"
#include "common/principal.hpp"
#include "common/rpc.hpp"
#include "common/time.hpp"
#include "common/versioning.hpp"

namespace sanplane::common {
namespace {

constexpr char kHistoryNotFound[] = "No history found.";

PageRequest PageOf(const auto& request) {
  return ParsePageRequest(
      request.has_page() ? std::optional<int>(request.page()) : std::nullopt,
      request.has_page_size() ? std::optional<int>(request.page_size()) : std::nullopt);
}

/// A row of ListRecordHistory / ListHistoryFeed: entity, record_id, customer_id, version, action,
/// at_micros, changed_by, changes (JSON text).
history::v1::HistoryEntry EntryFromRow(const pqxx::row& row) {
  history::v1::HistoryEntry entry;
  entry.set_entity(row[0].as<std::string>());
  entry.set_id(row[1].as<int64_t>());
  entry.set_customer(row[2].as<int64_t>());
  entry.set_version(row[3].as<int64_t>());
  entry.set_action(row[4].as<std::string>());
  *entry.mutable_at() = TimestampFromMicros(row[5].as<int64_t>());
  if (!row[6].is_null()) entry.set_by(row[6].as<std::string>());
  *entry.mutable_changes() = ToStruct(boost::json::parse(row[7].as<std::string>()).as_object());
  if (!row[8].is_null()) entry.set_from_version(row[8].as<int64_t>());
  return entry;
}

/// How a conflict names a kind of record ("This storage system was modified by …").
std::string RecordNoun(const std::string& entity) {
  return entity == "storage" ? "storage system" : entity;
}

/// The restore of a record that now collides with something: the constraint Postgres found
/// broken, in its own words ("Key (fabric_id, name)=(1, z1) already exists.").
Error CollisionError(const std::string& entity, const pqxx::sql_error& error) {
  const std::string text = error.what();
  std::string detail;
  if (const size_t at = text.find("DETAIL:"); at != std::string::npos) {
    detail = text.substr(at + 7, text.find('\n', at) - (at + 7));  // its line alone
    detail.erase(0, detail.find_first_not_of(' '));
  }
  return Error(ErrorKind::kAlreadyExists,
               "This " + RecordNoun(entity) +
                   " cannot be restored: it collides with what exists now. " + detail);
}

/// The version a restore goes back to: sent, and not negative.
int64_t RequireToVersion(const history::v1::RestoreRequest& request) {
  if (request.has_to_version() && request.to_version() >= 0) return request.to_version();
  throw InvalidFields("to_version is required.",
                      {{"to_version", "Send the version to restore, one listed in the history."}});
}

/// since / until as epoch microseconds; absent when empty, a 400 naming the field when not a time.
std::optional<int64_t> TimeFilter(const std::string& text, const char* field) {
  if (text.empty()) return std::nullopt;
  if (std::optional<int64_t> micros = ParseRfc3339(text)) return micros;
  throw InvalidFields(std::string(field) + " must be an RFC 3339 UTC time or a date.",
                      {{field,
                        "Expected a time such as 2026-11-30T12:00:00Z or a date such as "
                        "2026-11-30."}});
}

}  // namespace

HistoryService::HistoryService(PgPool& pool, HistoryQueries queries, HistoryOptions options,
                               FeedPeers feed_peers)
    : pool_(pool),
      queries_(queries),
      options_(std::move(options)),
      peer_timeout_(feed_peers.timeout) {
  for (const FeedPeer& peer : feed_peers.peers) {
    peers_.push_back({peer.name, history::v1::History::NewStub(peer.channel)});
  }
}

grpc::Status HistoryService::RecordHistory(grpc::ServerContext* context,
                                           const history::v1::RecordHistoryRequest* request,
                                           history::v1::HistoryPage* response) {
  return HandleRpc(context, "RecordHistory", [&] {
    const Principal principal = RequirePrincipal(*context);
    if (std::find(options_.entities.begin(), options_.entities.end(), request->entity()) ==
        options_.entities.end()) {
      throw Error(ErrorKind::kInvalidArgument, "entity must name a kind of record kept here.");
    }
    const PageRequest page = PageOf(*request);
    pool_.Transaction(
        RemainingBudget(*context, options_.db_timeout), [&](pqxx::transaction_base& tx) {
          // Asked of the newest entry, so a deleted record's history stays with its customer.
          const pqxx::result owner = Exec(tx, queries_.customer, request->entity(), request->id());
          if (owner.empty() || !CanAccessCustomer(principal, owner[0][0].as<int64_t>())) {
            throw Error(ErrorKind::kNotFound, kHistoryNotFound);
          }
          const int64_t count =
              Exec(tx, queries_.count_record, request->entity(), request->id())[0][0].as<int64_t>();
          for (const auto& row : Exec(tx, queries_.list_record, request->entity(), request->id(),
                                      page.page_size, page.offset())) {
            *response->add_results() = EntryFromRow(row);
          }
          FillPageInfo(*response, count, page);
        });
  });
}

grpc::Status HistoryService::Feed(grpc::ServerContext* context,
                                  const history::v1::AuditRequest* request,
                                  history::v1::HistoryPage* response) {
  return HandleRpc(context, "Feed", [&] { *response = LocalFeed(*context, *request); });
}

grpc::Status HistoryService::Audit(grpc::ServerContext* context,
                                   const history::v1::AuditRequest* request,
                                   history::v1::HistoryPage* response) {
  return HandleRpc(context, "Audit", [&] {
    std::vector<history::v1::HistoryPage> feeds;
    feeds.push_back(LocalFeed(*context, *request));
    for (Peer& peer : peers_) {
      history::v1::HistoryPage feed;
      const grpc::Status status = TimedClientCall("history.Feed", [&] {
        return peer.stub->Feed(OutgoingContext(*context, peer_timeout_).get(), *request, &feed);
      });
      if (!status.ok()) {
        // A peer's own refusal travels on unchanged; the library's (down, too slow) is ours to
        // word.
        if (DetailsOf(status)) throw FromGrpcStatus(status);
        throw Error(ErrorKind::kUnavailable, "The " + peer.name +
                                                 " service is unavailable, so the feed cannot be "
                                                 "complete. Try again shortly.");
      }
      feeds.push_back(std::move(feed));
    }
    *response = MergeFeeds(std::move(feeds), PageOf(*request));
  });
}

grpc::Status HistoryService::Restore(grpc::ServerContext* context,
                                     const history::v1::RestoreRequest* request,
                                     history::v1::RestoreResponse* response) {
  return HandleRpc(context, "Restore", [&] {
    const Principal principal = RequirePrincipal(*context);
    const std::string& entity = request->entity();
    if (std::find(options_.entities.begin(), options_.entities.end(), entity) ==
        options_.entities.end()) {
      throw Error(ErrorKind::kInvalidArgument, "entity must name a kind of record kept here.");
    }
    const int64_t expected = RequireVersion(*request);
    const int64_t to_version = RequireToVersion(*request);
    pool_.Transaction(
        RemainingBudget(*context, options_.db_timeout), [&](pqxx::transaction_base& tx) {
          // Who owns it and where it stands (customer, version, by, at): the record itself, or for
          // a deleted one its last entry.
          const pqxx::result live = Exec(tx, queries_.current, entity, request->id());
          const pqxx::result latest = Exec(tx, queries_.latest, entity, request->id());
          const bool deleted = live.empty();
          if (deleted && (latest.empty() || latest[0][4].as<std::string>() != "delete")) {
            throw Error(ErrorKind::kNotFound, kHistoryNotFound);
          }
          const pqxx::row stand = deleted ? latest[0] : live[0];
          if (!CanAccessCustomer(principal, stand[0].as<int64_t>())) {
            throw Error(ErrorKind::kNotFound, kHistoryNotFound);
          }
          RecordStamp stamp;
          stamp.version = stand[1].as<int64_t>();
          if (!stand[2].is_null()) stamp.last_modified_by = stand[2].as<std::string>();
          stamp.last_modified_at_micros = stand[3].as<int64_t>();
          if (expected != stamp.version) throw ConflictError(RecordNoun(entity), stamp);

          const pqxx::result snapshot =
              Exec(tx, queries_.snapshot, entity, request->id(), to_version);
          if (snapshot.empty()) {
            throw InvalidFields(
                "to_version is not in this record's history.",
                {{"to_version", "Version " + std::to_string(to_version) + " is not in this " +
                                    RecordNoun(entity) + "'s history."}});
          }
          const std::string restored_text = snapshot[0][0].as<std::string>();
          if (options_.restore_check) {
            const boost::json::object restored = boost::json::parse(restored_text).as_object();
            std::optional<boost::json::object> current;
            if (!deleted) current = boost::json::parse(live[0][4].as<std::string>()).as_object();
            options_.restore_check(principal, {entity, current ? &*current : nullptr, restored});
          }

          SetActingUser(tx, principal.username());
          MarkRestore(tx, entity, request->id(), to_version);
          const int64_t new_version = stamp.version + 1;
          try {
            const bool written = Exec(tx, queries_.restore, entity, request->id(), restored_text,
                                      expected, new_version, principal.username())[0][0]
                                     .as<bool>();
            if (!written) {
              // Moved on since it was read above: the conflict a save would report.
              const pqxx::result now = Exec(tx, queries_.current, entity, request->id());
              if (!now.empty()) {
                stamp.version = now[0][1].as<int64_t>();
                stamp.last_modified_by =
                    now[0][2].is_null() ? std::nullopt
                                        : std::optional<std::string>(now[0][2].as<std::string>());
                stamp.last_modified_at_micros = now[0][3].as<int64_t>();
              }
              throw ConflictError(RecordNoun(entity), stamp);
            }
          } catch (const pqxx::integrity_constraint_violation& error) {
            throw CollisionError(entity, error);
          }
          const pqxx::result now = Exec(tx, queries_.current, entity, request->id());
          response->set_entity(entity);
          response->set_id(request->id());
          response->set_version(now[0][1].as<int64_t>());
          response->set_from_version(to_version);
          *response->mutable_record() =
              ToStruct(boost::json::parse(now[0][4].as<std::string>()).as_object());
        });
  });
}

history::v1::HistoryPage HistoryService::LocalFeed(const grpc::ServerContext& context,
                                                   const history::v1::AuditRequest& request) {
  const Principal principal = RequirePrincipal(context);
  const PageRequest page = PageOf(request);
  RequireFeedDepth(page);
  if (!request.entity().empty() && !IsHistoryEntity(request.entity())) {
    throw InvalidFields("entity is not a kind of record.",
                        {{"entity",
                          "Expected one of customer, project, fabric, alias, zone, "
                          "storage, host, volume, user, scripts."}});
  }
  if (request.has_customer() && !CanAccessCustomer(principal, request.customer())) {
    throw Error(ErrorKind::kNotFound, "Customer not found.");
  }
  if (!request.format().empty() && request.format() != "json" && request.format() != "csv") {
    throw InvalidFields("format must be json or csv.", {{"format", "Expected json or csv."}});
  }
  const std::optional<int64_t> since = TimeFilter(request.since(), "since");
  const std::optional<int64_t> until = TimeFilter(request.until(), "until");
  const std::optional<std::string> visible =
      principal.is_superuser()
          ? std::nullopt
          : std::optional<std::string>(PgBigintArray(std::vector<int64_t>(
                principal.customer_ids().begin(), principal.customer_ids().end())));
  const std::optional<int64_t> customer =
      request.has_customer() ? std::optional<int64_t>(request.customer()) : std::nullopt;
  const auto text_or_null = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  };

  history::v1::HistoryPage feed;
  pool_.Transaction(RemainingBudget(context, options_.db_timeout), [&](pqxx::transaction_base& tx) {
    const int64_t count =
        Exec(tx, queries_.count_feed, visible, customer, text_or_null(request.user()),
             text_or_null(request.entity()), since, until)[0][0]
            .as<int64_t>();
    // Everything up to the end of the page: what a merge with other services' feeds needs.
    for (const auto& row :
         Exec(tx, queries_.list_feed, visible, customer, text_or_null(request.user()),
              text_or_null(request.entity()), since, until, page.offset() + page.page_size)) {
      *feed.add_results() = EntryFromRow(row);
    }
    FillPageInfo(feed, count, page);
  });
  return feed;
}

}  // namespace sanplane::common
