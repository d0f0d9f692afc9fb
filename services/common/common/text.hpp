#pragma once
// Small facts about user-supplied text that every service checks the same way.

#include <cstddef>
#include <string_view>

namespace sanplane::common {

/// The longest notes of any record, in characters. With the other limits of a record it bounds a
/// page of 500 records well inside the message size a list answer may have (common/client.hpp).
inline constexpr std::size_t kMaxNotesLength = 4096;

/// Characters, not bytes: UTF-8 continuation bytes do not count (length limits are in characters).
std::size_t Utf8Length(std::string_view text);

/// libpq passes text parameters as C strings and would silently cut them at a NUL, and jsonb
/// refuses it, so text with one is refused before it gets that far.
bool HasNul(std::string_view text);

/// A space, tab or line break.
bool IsBlankChar(char c);

/// Empty, or only spaces, tabs and line breaks.
bool IsBlank(std::string_view text);

/// `text` without the blanks (IsBlankChar) at either end.
std::string_view TrimBlanks(std::string_view text);

/// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF), as protobuf requires of
/// string fields.
bool IsValidUtf8(std::string_view text);

}  // namespace sanplane::common
