#pragma once
// The steps every batch save runs in its transaction, whatever it saves (pg_alias_save.cpp,
// pg_zone_save.cpp): load what the plan starts from, plan, apply the plan set-based, read the
// saved records back. An item that fails at any step throws the batch failure, so nothing of a
// failed batch is written.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch_errors.hpp"
#include "common/errors.hpp"
#include "common/versioning.hpp"
#include "pg_statements.hpp"
#include "saves.hpp"

namespace sanplane::san::pg {

/// Thrown out of a dry run's transaction once the saved records are read back, so that everything
/// it wrote is rolled back; caught by the store method that ran it.
struct DryRunRollback {};

/// Runs `save` in `transaction`; for a dry run, rolls it back after it ran through.
template <class Transaction, class Save>
void RunBatch(bool dry_run, const Transaction& transaction, const Save& save) {
  try {
    transaction([&](pqxx::transaction_base& tx) {
      save(tx);
      if (dry_run) throw DryRunRollback{};
    });
  } catch (const DryRunRollback&) {
  }
}

/// Answers a batch whose every item lost its version race from one read, outside any transaction
/// (detail::EveryItemConflicts): throws its conflict. Only a batch of nothing but updates is read;
/// any other batch, or one with an item that may get further, returns and runs in full.
/// `read_once(read)` runs `read(tx)` as one statement (common::PgPool::ReadOnce).
template <class Values, class Row, class Batch, class ReadOnce>
void ThrowIfEveryItemConflicts(const ReadOnce& read_once,
                               const BatchStatements<Values, Row>& statements,
                               const EntityNames& names, const Batch& batch) {
  if (!detail::EveryItemUpdates(batch.request.items)) return;
  std::map<int64_t, StoredStamp> stored;
  read_once([&](pqxx::transaction_base& tx) {
    stored = statements.ConflictStamps(tx, batch.request.update_ids);
  });
  if (auto failures = detail::EveryItemConflicts(batch.items, batch.request.items, stored,
                                                 batch.customer_id, names)) {
    throw failures->ToError();
  }
}

/// Writes the plan: one statement per kind of change, whatever the number of items. The rows it
/// updates (and those it leaves unchanged) are locked in id order first and must still be at the
/// version the plan read; a record that moved on or went away since is a conflict. A batch that
/// keeps one record, and updates it, skips that lock: its compare-and-set UPDATE locks the row
/// and checks the version in one round trip (the order of locks matters only between several),
/// and only when it misses is the row locked and rechecked, for the conflict's details.
/// `Members` collects and writes what the items change besides their rows and project links.
/// Answers the rows updated with their new stamps.
template <class Members, class Values, class Row, class Plan>
std::map<int64_t, common::RecordStamp> ApplyPlan(pqxx::transaction_base& tx,
                                                 const BatchStatements<Values, Row>& statements,
                                                 Plan& plan, const std::string& user,
                                                 BatchFailures& failures) {
  const std::vector<int64_t> kept = detail::KeptIds(plan);
  const bool update_locks = kept.size() == 1 && plan.updates.size() == 1;
  if (!update_locks) {
    detail::LockAndRecheck(plan, statements.LockStamps(tx, kept), failures);
    if (!failures.empty()) return {};
  }

  Members members;
  std::vector<RowWrite<Values>> updates;
  IdPairs project_links;
  for (const auto& update : plan.updates) {
    updates.push_back({update.id, update.expected_version, &update.values});
    members.Updated(update);
    project_links.Add(update.id, update.added_projects);
  }
  std::map<int64_t, common::RecordStamp> updated = statements.Update(tx, updates, user);
  if (updated.size() != updates.size()) {
    if (update_locks) {
      // The record moved on or went away since the plan read it: the conflict of its item.
      detail::LockAndRecheck(plan, statements.LockStamps(tx, kept), failures);
      if (!failures.empty()) return {};
    }
    // Not reached while the rows are locked and their versions checked.
    throw common::Error(common::ErrorKind::kVersionConflict, common::kCollisionMessage);
  }
  members.AfterUpdates(tx);

  const std::vector<int64_t> new_ids = statements.ReserveIds(tx, plan.creates.size());
  std::vector<RowWrite<Values>> inserts;
  for (size_t k = 0; k < plan.creates.size(); ++k) {
    const auto& create = plan.creates[k];
    plan.ids[create.index] = new_ids[k];
    inserts.push_back({new_ids[k], 0, &create.values});
    members.Created(new_ids[k], create);
    project_links.Add(new_ids[k], create.projects);
  }
  statements.Insert(tx, inserts, user);
  members.AfterInserts(tx);
  statements.LinkProjects(tx, project_links);
  return updated;
}

/// The saved records without reading them back, when the batch created nothing and every update
/// wrote only its row's own columns (`Members::RowOnly`: no member, WWPN, project or fabric
/// change): each is the record as the transaction loaded it with the values its UPDATE wrote and
/// the stamp it returned, and an unchanged one is as loaded (locked and rechecked at that
/// version). nullopt when the records must be read back.
template <class Members, class Row, class Plan>
std::optional<std::map<int64_t, Row>> SavedWithoutReadBack(
    const std::map<int64_t, Row>& loaded, const Plan& plan,
    const std::map<int64_t, common::RecordStamp>& updated) {
  if (!plan.creates.empty()) return std::nullopt;
  std::map<int64_t, Row> saved;
  for (const auto& update : plan.updates) {
    const auto stored = loaded.find(update.id);
    const auto stamp = updated.find(update.id);
    if (stored == loaded.end() || stamp == updated.end() ||
        !Members::RowOnly(update, stored->second)) {
      return std::nullopt;
    }
    Row row = stored->second;
    row.values = update.values;
    row.stamp = stamp->second;
    saved.emplace(update.id, std::move(row));
  }
  for (size_t i : plan.unchanged) {
    const auto stored = loaded.find(plan.ids[i]);
    if (stored == loaded.end()) return std::nullopt;
    saved.emplace(stored->first, stored->second);
  }
  return saved;
}

/// Whether the batch is one update that is saved for real (not a dry run): the batches
/// SaveRowInTwoTrips may take.
template <class Batch>
bool OneUpdate(const Batch& batch) {
  return !batch.dry_run && batch.request.items.size() == 1 &&
         detail::EveryItemUpdates(batch.request.items);
}

/// A batch of one update that writes only its record's own columns, in two round trips instead
/// of a transaction's five: the record is read in one (common::PgTrip), a stale item answered from
/// that read (detail::EveryItemConflicts), the plan made from it without a transaction, and the
/// compare-and-set UPDATE sent in the other, committing as it ends. Reading outside the
/// transaction is as safe as inside it: the UPDATE writes only if the record is still at the
/// version read, and every change to what the plan read moves that version. nullopt when the
/// batch is not such a save, or its record moved on between the two trips: the caller then runs
/// it in full (SaveBatch), whose transaction reads again and answers any conflict.
/// `trip(work)` runs `work`'s statement in one round trip (common::PgPool::OneTrip);
/// `plan_alone(state, failures)` plans from the loaded rows alone, or answers nullopt when the
/// plan needs more of the database (locks, a new name to check against stored ones).
template <class State, class Members, class Values, class Row, class Batch, class Trip,
          class PlanAlone>
std::optional<std::vector<Row>> SaveRowInTwoTrips(const Trip& trip,
                                                  const BatchStatements<Values, Row>& statements,
                                                  const EntityNames& names, const Batch& batch,
                                                  const std::string& user,
                                                  const PlanAlone& plan_alone) {
  if (!OneUpdate(batch)) return std::nullopt;
  State state;
  trip([&](common::PgTrip& read) { state.rows = statements.Load(read, batch.request.update_ids); });
  std::map<int64_t, StoredStamp> stored;
  for (const auto& [id, row] : state.rows) {
    stored[id] = StoredStamp{row.customer_id, row.values.name, row.stamp};
  }
  if (auto conflicts = detail::EveryItemConflicts(batch.items, batch.request.items, stored,
                                                  batch.customer_id, names)) {
    throw conflicts->ToError();
  }

  BatchFailures failures(names);
  auto plan = plan_alone(state, failures);
  if (!plan) return std::nullopt;
  if (!failures.empty()) throw failures.ToError();
  if (!plan->creates.empty() || plan->updates.size() > 1) return std::nullopt;

  std::map<int64_t, common::RecordStamp> updated;
  if (!plan->updates.empty()) {
    const auto& update = plan->updates.front();
    const auto loaded = state.rows.find(update.id);
    if (loaded == state.rows.end() || !Members::RowOnly(update, loaded->second)) {
      return std::nullopt;
    }
    trip([&](common::PgTrip& write) {
      updated =
          statements.Update(write, {{update.id, update.expected_version, &update.values}}, user);
    });
    if (updated.size() != 1) return std::nullopt;
  }
  std::optional<std::map<int64_t, Row>> records =
      SavedWithoutReadBack<Members>(state.rows, *plan, updated);
  if (!records) return std::nullopt;
  std::vector<Row> saved = detail::SavedInOrder(*records, plan->ids, plan->labels, failures);
  if (!failures.empty()) throw failures.ToError();
  return saved;
}

/// One batch save in its transaction. The plan starts from the records the updates name and the
/// customer's fabrics the creates name, locked against deletion; `plan_batch(state, failures)`
/// completes the state, plans and checks the plan against what is stored. The plan is then
/// applied (ApplyPlan) and the saved records answered in request order, read back unless the save
/// changed only the rows' own columns (SavedWithoutReadBack).
template <class State, class Members, class Values, class Row, class Batch, class PlanBatch>
std::vector<Row> SaveBatch(pqxx::transaction_base& tx,
                           const BatchStatements<Values, Row>& statements, const EntityNames& names,
                           const Batch& batch, const std::string& user,
                           const PlanBatch& plan_batch) {
  BatchFailures failures(names);
  State state;
  state.rows = statements.Load(tx, batch.request.update_ids);
  state.fabrics =
      LockFabrics(tx, detail::CreateFabricIds(batch.items, batch.request.items), batch.customer_id);
  auto plan = plan_batch(state, failures);
  if (!failures.empty()) throw failures.ToError();

  const std::map<int64_t, common::RecordStamp> updated =
      ApplyPlan<Members>(tx, statements, plan, user, failures);
  if (!failures.empty()) throw failures.ToError();

  std::optional<std::map<int64_t, Row>> records =
      SavedWithoutReadBack<Members>(state.rows, plan, updated);
  if (!records) records = statements.Load(tx, plan.ids);
  std::vector<Row> saved = detail::SavedInOrder(*records, plan.ids, plan.labels, failures);
  if (!failures.empty()) throw failures.ToError();
  return saved;
}

}  // namespace sanplane::san::pg
