#pragma once
// Configuration sources in order of precedence: defaults < environment (SANPLANE_*) < flags.
// A setting named "pg-dsn" is read from env SANPLANE_PG_DSN and flag --pg-dsn=VALUE (or
// --pg-dsn VALUE). Each binary declares its own Config struct and fills it from a ConfigLoader.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sanplane::common {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConfigLoader {
 public:
  ConfigLoader(int argc, const char* const* argv);
  /// For tests: explicit arguments and environment entries ("NAME=value") instead of ::environ.
  /// `args` are the arguments after the program name; a leading element that is not a flag is
  /// taken as the program name and skipped.
  ConfigLoader(std::vector<std::string> args, std::vector<std::string> environment);

  std::string String(std::string_view name, std::string default_value, bool secret = false);
  /// Out-of-range or non-numeric values are recorded as errors (reported by Validate()).
  int64_t Int(std::string_view name, int64_t default_value, int64_t min, int64_t max);
  bool Bool(std::string_view name, bool default_value);
  /// Records a custom validation failure, e.g. "pg-dsn is required".
  void Fail(std::string message);

  /// Throws ConfigError naming every bad value and every flag no setting asked for.
  void Validate() const;
  /// One line "name=value ..." of every setting read, secrets shown as "***".
  std::string Describe() const;

 private:
  struct Entry {
    std::string name;
    std::string value;
    bool secret;
  };
  std::optional<std::string> Lookup(std::string_view name);
  void ParseFlags(const std::vector<std::string>& args);
  void Record(std::string_view name, std::string value, bool secret);
  std::vector<std::pair<std::string, std::string>> flags_;
  std::vector<std::string> used_flags_;
  std::vector<std::string> environment_;
  std::vector<Entry> entries_;
  std::vector<std::string> errors_;
};

}  // namespace sanplane::common
