#pragma once
// The pieces every switch-output parser shares: the input cut into numbered lines (within the
// import's bounds), words, and the warnings a parse collects.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zoning/import.hpp"

namespace sanplane::san::zoning {

struct InputLine {
  size_t number = 0;      // 1-based
  std::string_view text;  // without the line end ("\n" or "\r\n")
};

/// The lines of `text`, or why it is refused (kMaxImportBytes, kMaxImportLines).
struct SplitInput {
  std::vector<InputLine> lines;
  std::string error;
};
SplitInput SplitLines(std::string_view text);

/// Columns of leading blanks, a tab reaching the next multiple of 8 (as a terminal shows it), so
/// nesting reads the same whether a switch indented with spaces or tabs.
size_t IndentOf(std::string_view line);

/// The words of a line: runs of characters other than spaces and tabs.
std::vector<std::string_view> Words(std::string_view text);

/// Collects warnings up to kMaxImportWarnings, then counts the rest.
class ImportWarnings {
 public:
  void Add(size_t line, std::string message);
  /// A line the parser does not understand, quoted (cut at 80 characters).
  void Unrecognised(const InputLine& line, std::string_view why = "not a zoning line");
  std::vector<ImportWarning> Finish() &&;

 private:
  std::vector<ImportWarning> warnings_;
  size_t omitted_ = 0;
};

}  // namespace sanplane::san::zoning
