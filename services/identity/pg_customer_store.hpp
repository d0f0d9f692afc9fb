#pragma once
// CustomerStore in Postgres (identity.customers, identity.memberships; queries/customers.sql,
// queries/memberships.sql). Visibility is decided in SQL.

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::identity {

class PgCustomerStore final : public CustomerStore {
 public:
  explicit PgCustomerStore(common::PgPool& pool);

  ListPage<v1::Customer> List(Timeout timeout, const common::Principal& caller,
                              const ListQuery& list) override;
  v1::Customer Create(Timeout timeout, const std::string& name, const std::string& notes,
                      const std::string& created_by) override;
  std::optional<v1::Customer> FindVisible(Timeout timeout, const common::Principal& caller,
                                          int64_t id) override;
  v1::Customer Update(Timeout timeout, const common::Principal& caller,
                      const CustomerChanges& changes) override;
  common::MergeBase LoadMergeBase(Timeout timeout, int64_t id, int64_t base_version) override;
  void Delete(Timeout timeout, const common::Principal& caller, int64_t id,
              int64_t expected_version) override;
  std::vector<v1::Member> ListMembers(Timeout timeout, int64_t customer_id) override;
  v1::Member AddMember(Timeout timeout, int64_t customer_id, std::string_view username) override;
  void RemoveMember(Timeout timeout, int64_t customer_id, int64_t user_id) override;

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
