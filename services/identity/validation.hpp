#pragma once
// Input rules of the identity API. Each Validate* throws common::Error(kInvalidArgument) with a
// message for the person who typed the value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanplane::identity {

inline constexpr std::size_t kMaxUsernameLength = 150;
inline constexpr std::size_t kMinPasswordLength = 8;
// Argon2 pre-hashes any length, but an unbounded password is only ever an attack.
inline constexpr std::size_t kMaxPasswordLength = 1024;
inline constexpr std::size_t kMaxPersonNameLength = 150;
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxRecordNameLength = 200;

/// Non-empty, at most 150 characters, only letters, digits and @ . + - _ (Django's rule).
bool IsValidUsername(std::string_view username);
/// As IsValidUsername, throwing a message that says which rule failed.
void ValidateUsername(std::string_view username);
/// Free text (notes) may hold anything but NUL, which Postgres text parameters cannot carry (libpq
/// would silently cut the value there). Names and emails get this check from their own rules.
void ValidateText(std::string_view text, std::string_view label);
/// A customer's or project's notes: no NUL, at most common::kMaxNotesLength characters.
void ValidateNotes(std::string_view notes);
/// At least 8 and at most 1024 characters. `label` names the field in the message ("Password",
/// "New password").
void ValidateNewPassword(std::string_view password, std::string_view label);
/// Empty, or something@something without spaces, at most 254 characters.
void ValidateEmail(std::string_view email);
/// At most 150 characters. `label` is "First name" or "Last name".
void ValidatePersonName(std::string_view name, std::string_view label);

/// `name` without leading and trailing whitespace; throws `required_message` when nothing is left
/// and a length error (naming `label`) above 200 characters.
std::string NormalizeRecordName(std::string_view name, std::string_view label,
                                std::string_view required_message);

/// The ILIKE pattern matching `search` anywhere, with LIKE's own wildcards (% _ \) escaped so they
/// match literally; nullopt for an empty search (no filter).
std::optional<std::string> ContainsPattern(std::string_view search);

/// What an update of the active context asks for, after the rules that need no database:
/// a project needs a customer; no customer and no project means "clear both".
struct ContextChange {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> project_id;
};
ContextChange ValidateContextChange(std::optional<int64_t> customer_id,
                                    std::optional<int64_t> project_id);

}  // namespace sanplane::identity
