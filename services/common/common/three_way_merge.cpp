#include "common/three_way_merge.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace sanplane::common {
namespace {

const boost::json::value kNull;

const boost::json::value& FieldOf(const boost::json::object& record, const std::string& field) {
  const boost::json::value* value = record.if_contains(field);
  return value != nullptr ? *value : kNull;
}

FieldAuthor AuthorOf(const std::map<std::string, FieldAuthor>& authors, const std::string& field) {
  const auto author = authors.find(field);
  return author != authors.end() ? author->second : FieldAuthor{};
}

/// A keyed list as {key: element}, in list order (`order`); elements without the key are kept by
/// their position, so they still compare.
std::map<std::string, boost::json::value> ByKey(const boost::json::value& list,
                                                const std::string& key,
                                                std::vector<std::string>& order) {
  std::map<std::string, boost::json::value> elements;
  if (!list.is_array()) return elements;
  size_t position = 0;
  for (const boost::json::value& element : list.as_array()) {
    const boost::json::value* id =
        element.is_object() ? element.as_object().if_contains(key) : nullptr;
    const std::string name =
        id != nullptr ? boost::json::serialize(*id) : "#" + std::to_string(position);
    if (elements.emplace(name, element).second) order.push_back(name);
    ++position;
  }
  return elements;
}

const boost::json::value& ElementOf(const std::map<std::string, boost::json::value>& elements,
                                    const std::string& name) {
  const auto element = elements.find(name);
  return element != elements.end() ? element->second : kNull;
}

/// Merges a keyed list: theirs as it stands, with each element mine changed (added, removed,
/// edited) applied, unless theirs changed that element differently.
void MergeKeyedList(const std::string& field, const std::string& key,
                    const boost::json::value& base_list, const boost::json::value& current_list,
                    const boost::json::value& mine_list, const FieldAuthor& author,
                    MergeOutcome& outcome) {
  std::vector<std::string> base_order, current_order, mine_order;
  const auto base = ByKey(base_list, key, base_order);
  const auto current = ByKey(current_list, key, current_order);
  const auto mine = ByKey(mine_list, key, mine_order);

  std::map<std::string, boost::json::value> merged = current;
  std::vector<std::string> order = current_order;
  bool changed = false;
  std::vector<std::string> touched = base_order;
  touched.insert(touched.end(), mine_order.begin(), mine_order.end());
  std::set<std::string> seen;
  for (const std::string& name : touched) {
    if (!seen.insert(name).second) continue;
    const boost::json::value& in_base = ElementOf(base, name);
    const boost::json::value& in_mine = ElementOf(mine, name);
    if (in_base == in_mine) continue;  // not mine's change
    changed = true;
    const boost::json::value& in_current = ElementOf(current, name);
    if (in_current != in_base && in_current != in_mine) {
      outcome.conflicts.push_back({field, in_base, in_current, in_mine, author});
      continue;
    }
    if (in_mine.is_null()) {
      merged.erase(name);
    } else {
      if (merged.count(name) == 0) order.push_back(name);
      merged[name] = in_mine;
    }
  }
  if (!changed) return;
  outcome.mine.push_back(field);
  boost::json::array list;
  for (const std::string& name : order) {
    if (const auto element = merged.find(name); element != merged.end()) {
      list.push_back(element->second);
    }
  }
  outcome.fields[field] = std::move(list);
}

}  // namespace

MergeOutcome ThreeWayMerge(const boost::json::object& base, const boost::json::object& current,
                           const boost::json::object& mine,
                           const std::map<std::string, FieldAuthor>& authors,
                           const MergeRules& rules) {
  MergeOutcome outcome;
  std::set<std::string> fields;
  for (const auto& entry : base) fields.insert(std::string(entry.key()));
  for (const auto& entry : current) fields.insert(std::string(entry.key()));
  for (const std::string& field : fields) {
    if (FieldOf(base, field) != FieldOf(current, field)) {
      outcome.theirs.emplace_back(field, AuthorOf(authors, field));
    }
  }

  std::set<std::string> sent;
  for (const auto& entry : mine) sent.insert(std::string(entry.key()));
  for (const std::string& field : sent) {
    const boost::json::value& in_mine = FieldOf(mine, field);
    if (rules.additive.count(field) > 0) {
      outcome.fields[field] = in_mine;
      outcome.mine.push_back(field);
      continue;
    }
    const boost::json::value& in_base = FieldOf(base, field);
    const boost::json::value& in_current = FieldOf(current, field);
    if (const auto keyed = rules.keyed_lists.find(field); keyed != rules.keyed_lists.end()) {
      MergeKeyedList(field, keyed->second, in_base, in_current, in_mine, AuthorOf(authors, field),
                     outcome);
      continue;
    }
    if (in_mine == in_base) continue;  // sent as loaded: not a change of the request
    outcome.mine.push_back(field);
    if (in_current != in_base && in_current != in_mine) {
      outcome.conflicts.push_back({field, in_base, in_current, in_mine, AuthorOf(authors, field)});
      continue;
    }
    outcome.fields[field] = in_mine;
  }
  if (!outcome.conflicts.empty()) outcome.fields.clear();
  return outcome;
}

}  // namespace sanplane::common
