#pragma once
// RFC 4180 CSV, the one writer and reader of every CSV sanplane answers or accepts: fields
// separated by commas, lines ended by CRLF, a field quoted when it holds a comma, a quote or a line
// break, quotes inside doubled. The reader also takes bare LF line ends (files edited on Unix).

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanplane::common {

/// `value` as one CSV field: as it is, or quoted with its quotes doubled (RFC 4180 §2).
std::string CsvField(std::string_view value);

/// Appends one record of `fields` and its CRLF to `out`.
void AppendCsvRow(std::string& out, const std::vector<std::string>& fields);
void AppendCsvRow(std::string& out, std::initializer_list<std::string_view> fields);

/// One record of a CSV text and the line it starts on (1-based; a quoted line break makes a
/// record span several lines).
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};

/// The records of `text`, blank lines skipped; a UTF-8 byte order mark at the start is ignored.
/// A malformed text (a quote inside an unquoted field, text after a closing quote, a quoted
/// field never closed) -> nullopt, with `error` saying what and on which line.
std::optional<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string& error);

}  // namespace sanplane::common
