#include "zoning/import_input.hpp"

#include "common/text.hpp"

namespace sanplane::san::zoning {

SplitInput SplitLines(std::string_view text) {
  SplitInput out;
  if (text.size() > kMaxImportBytes) {
    out.error = "The text has " + std::to_string(text.size()) + " bytes; an import takes at most " +
                std::to_string(kMaxImportBytes) + " (10 MB).";
    return out;
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (out.lines.size() == kMaxImportLines) {
      out.lines.clear();
      out.error = "The text has more than " + std::to_string(kMaxImportLines) +
                  " lines; import it in parts (one VSAN or fabric at a time).";
      return out;
    }
    out.lines.push_back({out.lines.size() + 1, line});
    start = end + 1;
  }
  return out;
}

size_t IndentOf(std::string_view line) {
  constexpr size_t kTabWidth = 8;
  size_t column = 0;
  for (char c : line) {
    if (c == ' ') {
      ++column;
    } else if (c == '\t') {
      column = (column / kTabWidth + 1) * kTabWidth;
    } else {
      break;
    }
  }
  return column;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    const size_t start = pos;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t') ++pos;
    if (pos > start) words.push_back(text.substr(start, pos - start));
  }
  return words;
}

void ImportWarnings::Add(size_t line, std::string message) {
  if (warnings_.size() < kMaxImportWarnings) {
    warnings_.push_back({line, std::move(message)});
  } else {
    ++omitted_;
  }
}

void ImportWarnings::Unrecognised(const InputLine& line, std::string_view why) {
  constexpr size_t kQuoteMax = 80;
  std::string_view quoted = common::TrimBlanks(line.text);
  std::string message = std::string(why) + ": \"" + std::string(quoted.substr(0, kQuoteMax)) +
                        (quoted.size() > kQuoteMax ? "…" : "") + "\"";
  Add(line.number, std::move(message));
}

std::vector<ImportWarning> ImportWarnings::Finish() && {
  if (omitted_ > 0) {
    warnings_.push_back({0, std::to_string(omitted_) + " more warnings are not listed (at most " +
                                std::to_string(kMaxImportWarnings) + " are)."});
  }
  return std::move(warnings_);
}

}  // namespace sanplane::san::zoning
