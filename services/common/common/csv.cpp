#include "common/csv.hpp"

namespace sanplane::common {

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

namespace {

template <class Fields>
void AppendFields(std::string& out, const Fields& fields) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) out += ',';
    out += CsvField(field);
    first = false;
  }
  out += "\r\n";
}

}  // namespace

void AppendCsvRow(std::string& out, const std::vector<std::string>& fields) {
  AppendFields(out, fields);
}

void AppendCsvRow(std::string& out, std::initializer_list<std::string_view> fields) {
  AppendFields(out, fields);
}

std::optional<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string& error) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool record_open = false;  // something of the current record was read
  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  const auto end_record = [&] {
    end_field();
    // A blank line is one empty field: no record.
    if (!(record.fields.size() == 1 && record.fields[0].empty())) records.push_back(record);
    record = CsvRecord{};
    record_open = false;
  };
  while (i < text.size()) {
    if (!record_open) {
      record.line = line;
      record_open = true;
    }
    const char c = text[i];
    if (c == '"') {
      if (!field.empty()) {
        error = "Line " + std::to_string(line) + ": a quote inside an unquoted field.";
        return std::nullopt;
      }
      const size_t opened_on = line;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (!closed) {
        error = "Line " + std::to_string(opened_on) + ": a quoted field is never closed.";
        return std::nullopt;
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        error = "Line " + std::to_string(line) + ": text after a closing quote.";
        return std::nullopt;
      }
      // The field is complete: a comma or the line end follows (an empty field stays "").
      if (i >= text.size()) break;
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      end_record();
      ++line;
      continue;
    }
    field += c;
    ++i;
  }
  if (record_open) end_record();
  return records;
}

}  // namespace sanplane::common
