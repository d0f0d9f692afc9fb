#include "validation.hpp"

#include <cctype>

#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "common/text.hpp"
#include "common/versioning.hpp"

namespace sanplane::identity {

using common::Utf8Length;

namespace {

// A 400 naming the field it is about, in the body every service answers:
// {"error": message, "errors": {field: message}}, so a form shows it under that field.
[[noreturn]] void Invalid(std::string_view field, const std::string& message) {
  throw common::InvalidFields(message, {{field, message}});
}

// The request field a label of a message names: "First name" is first_name; a record's name
// ("Customer name", "Project name") is name.
std::string FieldNamed(std::string_view label) {
  if (label == "Customer name" || label == "Project name") return "name";
  std::string field;
  for (char c : label) {
    field += c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return field;
}

bool IsUsernameCharacter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' ||
         c == '.' || c == '+' || c == '-' || c == '_';
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool IsValidUsername(std::string_view username) {
  if (username.empty() || username.size() > kMaxUsernameLength) {
    return false;
  }
  for (char c : username) {
    if (!IsUsernameCharacter(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

void ValidateUsername(std::string_view username) {
  if (username.empty()) {
    Invalid("username", "Username is required.");
  }
  if (username.size() > kMaxUsernameLength) {
    Invalid("username", "Username must be at most 150 characters.");
  }
  if (!IsValidUsername(username)) {
    Invalid("username",
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
            "characters.");
  }
}

void ValidateText(std::string_view text, std::string_view label) {
  if (common::HasNul(text)) {
    Invalid(FieldNamed(label), std::string(label) + " must not contain NUL characters.");
  }
}

void ValidateNotes(std::string_view notes) {
  ValidateText(notes, "Notes");
  if (Utf8Length(notes) > common::kMaxNotesLength) {
    Invalid("notes",
            "Notes must be at most " + std::to_string(common::kMaxNotesLength) + " characters.");
  }
}

void ValidateNewPassword(std::string_view password, std::string_view label) {
  const std::size_t length = Utf8Length(password);
  if (length < kMinPasswordLength) {
    Invalid(FieldNamed(label), std::string(label) + " must be at least 8 characters long.");
  }
  if (length > kMaxPasswordLength) {
    Invalid(FieldNamed(label), std::string(label) + " must be at most 1024 characters long.");
  }
}

void ValidateEmail(std::string_view email) {
  if (email.empty()) {
    return;
  }
  const auto at = email.find('@');
  const bool shaped = at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
                      email.find('@', at + 1) == std::string_view::npos;
  bool has_space_or_nul = false;
  for (char c : email) {
    has_space_or_nul = has_space_or_nul || IsSpace(c) || c == '\0';
  }
  if (!shaped || has_space_or_nul || Utf8Length(email) > kMaxEmailLength) {
    Invalid("email", "Enter a valid email address.");
  }
}

void ValidatePersonName(std::string_view name, std::string_view label) {
  ValidateText(name, label);
  if (Utf8Length(name) > kMaxPersonNameLength) {
    Invalid(FieldNamed(label), std::string(label) + " must be at most 150 characters.");
  }
}

std::string NormalizeRecordName(std::string_view name, std::string_view label,
                                std::string_view required_message) {
  ValidateText(name, label);
  while (!name.empty() && IsSpace(name.front())) {
    name.remove_prefix(1);
  }
  while (!name.empty() && IsSpace(name.back())) {
    name.remove_suffix(1);
  }
  if (name.empty()) {
    Invalid("name", std::string(required_message));
  }
  if (Utf8Length(name) > kMaxRecordNameLength) {
    Invalid("name", std::string(label) + " must be at most 200 characters.");
  }
  return std::string(name);
}

std::optional<std::string> ContainsPattern(std::string_view search) {
  if (search.empty()) {
    return std::nullopt;
  }
  return common::LikeContains(search);
}

ContextChange ValidateContextChange(std::optional<int64_t> customer_id,
                                    std::optional<int64_t> project_id) {
  if (project_id && !customer_id) {
    Invalid("active_customer_id",
            "An active project needs an active customer: send active_customer_id too.");
  }
  return ContextChange{customer_id, project_id};
}

}  // namespace sanplane::identity
