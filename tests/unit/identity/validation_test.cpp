#include "validation.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/errors.hpp"

namespace sanplane::identity {
namespace {

/// The message of the kInvalidArgument error `action` throws ("" when it does not throw).
template <class Action>
std::string InvalidMessage(Action&& action) {
  try {
    action();
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
    return error.what();
  }
  return "";
}

/// The field the kInvalidArgument error of `action` names ("" when none is named or it does not
/// throw).
template <class Action>
std::string InvalidField(Action&& action) {
  try {
    action();
  } catch (const common::Error& error) {
    const auto& violations = error.details().field_violations().violations();
    if (violations.size() == 1 && violations[0].message() == error.what())
      return violations[0].field();
  }
  return "";
}

TEST(ValidationTest, EachErrorNamesItsField) {
  EXPECT_EQ(InvalidField([] { ValidateUsername(""); }), "username");
  EXPECT_EQ(InvalidField([] { ValidateNewPassword("short", "New password"); }), "new_password");
  EXPECT_EQ(InvalidField([] { ValidatePersonName(std::string(151, 'x'), "First name"); }),
            "first_name");
  EXPECT_EQ(InvalidField([] { ValidateEmail("no-at-sign"); }), "email");
  EXPECT_EQ(InvalidField([] { ValidateNotes(std::string("a\0b", 3)); }), "notes");
  EXPECT_EQ(InvalidField([] { NormalizeRecordName("  ", "Customer name", "required"); }), "name");
  EXPECT_EQ(InvalidField([] { NormalizeRecordName(std::string(201, 'x'), "Project name", ""); }),
            "name");
  EXPECT_EQ(InvalidField([] { ValidateContextChange(std::nullopt, 3); }), "active_customer_id");
}

TEST(ValidationTest, UsernameRules) {
  EXPECT_EQ(InvalidMessage([] { ValidateUsername("alice"); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateUsername("j.doe+san_01@corp-x"); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateUsername(std::string(150, 'a')); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateUsername(""); }), "Username is required.");
  EXPECT_EQ(InvalidMessage([] { ValidateUsername(std::string(151, 'a')); }),
            "Username must be at most 150 characters.");
  for (const char* bad : {"with space", "semi;colon", "quote'", "tab\t", "ümlaut", "slash/"}) {
    EXPECT_NE(InvalidMessage([&] { ValidateUsername(bad); }).find("valid username"),
              std::string::npos)
        << bad;
  }
}

TEST(ValidationTest, IsValidUsernameRejectsWhatCannotExist) {
  EXPECT_TRUE(IsValidUsername("admin"));
  EXPECT_FALSE(IsValidUsername(""));
  EXPECT_FALSE(IsValidUsername(std::string(151, 'a')));
  // A NUL would be cut off by libpq, turning "admin\0x" into "admin".
  EXPECT_FALSE(IsValidUsername(std::string("admin\0x", 7)));
  EXPECT_NE(
      InvalidMessage([] { ValidateUsername(std::string("admin\0x", 7)); }).find("valid username"),
      std::string::npos);
}

TEST(ValidationTest, TextMustNotHoldNul) {
  EXPECT_EQ(InvalidMessage([] { ValidateText("line one\nline two\ttab", "Notes"); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateText(std::string("cut\0here", 8), "Notes"); }),
            "Notes must not contain NUL characters.");
  EXPECT_NE(InvalidMessage([] { ValidatePersonName(std::string("a\0b", 3), "First name"); }), "");
  EXPECT_NE(InvalidMessage([] { ValidateEmail(std::string("a\0@b.de", 7)); }), "");
  EXPECT_NE(
      InvalidMessage([] { NormalizeRecordName(std::string("Ac\0me", 5), "Customer name", "r"); }),
      "");
}

TEST(ValidationTest, NotesHaveAMaximumLength) {
  EXPECT_EQ(InvalidMessage([] { ValidateNotes(std::string(4096, 'n')); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateNotes(std::string(4097, 'n')); }),
            "Notes must be at most 4096 characters.");
  EXPECT_EQ(InvalidMessage([] { ValidateNotes(std::string("a\0b", 3)); }),
            "Notes must not contain NUL characters.");
}

TEST(ValidationTest, PasswordLength) {
  EXPECT_EQ(InvalidMessage([] { ValidateNewPassword("12345678", "Password"); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateNewPassword("1234567", "Password"); }),
            "Password must be at least 8 characters long.");
  EXPECT_EQ(InvalidMessage([] { ValidateNewPassword("", "New password"); }),
            "New password must be at least 8 characters long.");
  // Eight characters of two bytes each are eight characters, and seven are seven.
  EXPECT_EQ(InvalidMessage([] { ValidateNewPassword("ääääääää", "Password"); }), "");
  EXPECT_NE(InvalidMessage([] { ValidateNewPassword("äääääää", "Password"); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateNewPassword(std::string(1025, 'x'), "Password"); }),
            "Password must be at most 1024 characters long.");
}

TEST(ValidationTest, EmailShape) {
  EXPECT_EQ(InvalidMessage([] { ValidateEmail(""); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidateEmail("ops@example.com"); }), "");
  for (const char* bad : {"no-at-sign", "@example.com", "ops@", "a@b@c", "o ps@example.com"}) {
    EXPECT_EQ(InvalidMessage([&] { ValidateEmail(bad); }), "Enter a valid email address.") << bad;
  }
  EXPECT_NE(InvalidMessage([] { ValidateEmail(std::string(250, 'a') + "@b.de"); }), "");
}

TEST(ValidationTest, PersonNameLength) {
  EXPECT_EQ(InvalidMessage([] { ValidatePersonName(std::string(150, 'x'), "First name"); }), "");
  EXPECT_EQ(InvalidMessage([] { ValidatePersonName(std::string(151, 'x'), "Last name"); }),
            "Last name must be at most 150 characters.");
}

TEST(ValidationTest, RecordNamesAreTrimmedAndRequired) {
  EXPECT_EQ(NormalizeRecordName("  Acme  ", "Customer name", "required"), "Acme");
  EXPECT_EQ(NormalizeRecordName("Acme Corp", "Customer name", "required"), "Acme Corp");
  EXPECT_EQ(InvalidMessage([] { NormalizeRecordName(" \t\n", "Customer name", "required"); }),
            "required");
  EXPECT_EQ(InvalidMessage([] { NormalizeRecordName(std::string(201, 'x'), "Project name", ""); }),
            "Project name must be at most 200 characters.");
}

TEST(ValidationTest, ContainsPatternEscapesLikeWildcards) {
  EXPECT_FALSE(ContainsPattern("").has_value());
  EXPECT_EQ(ContainsPattern("acme"), "%acme%");
  EXPECT_EQ(ContainsPattern("50%_off\\"), "%50\\%\\_off\\\\%");
}

TEST(ValidationTest, ContextChangeNeedsACustomerForAProject) {
  const ContextChange both = ValidateContextChange(3, 7);
  EXPECT_EQ(both.customer_id, 3);
  EXPECT_EQ(both.project_id, 7);
  const ContextChange clear = ValidateContextChange(std::nullopt, std::nullopt);
  EXPECT_FALSE(clear.customer_id.has_value());
  EXPECT_FALSE(clear.project_id.has_value());
  const ContextChange customer_only = ValidateContextChange(3, std::nullopt);
  EXPECT_EQ(customer_only.customer_id, 3);
  EXPECT_FALSE(customer_only.project_id.has_value());
  EXPECT_NE(InvalidMessage([] { ValidateContextChange(std::nullopt, 7); }).find("customer"),
            std::string::npos);
}

}  // namespace
}  // namespace sanplane::identity
