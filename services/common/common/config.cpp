#include "common/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

extern char** environ;

namespace sanplane::common {
namespace {

constexpr std::string_view kFlagPrefix = "--";
constexpr std::string_view kEnvPrefix = "SANPLANE_";

bool IsFlag(std::string_view arg) { return arg.starts_with(kFlagPrefix) && arg.size() > 2; }

std::string EnvName(std::string_view name) {
  std::string env(kEnvPrefix);
  for (const char c : name) {
    env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return env;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::vector<std::string> ProcessEnvironment() {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (std::string_view(*entry).starts_with(kEnvPrefix)) {
      entries.emplace_back(*entry);
    }
  }
  return entries;
}

}  // namespace

ConfigLoader::ConfigLoader(int argc, const char* const* argv) : environment_(ProcessEnvironment()) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    args.emplace_back(argv[i]);
  }
  ParseFlags(args);
}

ConfigLoader::ConfigLoader(std::vector<std::string> args, std::vector<std::string> environment)
    : environment_(std::move(environment)) {
  if (!args.empty() && !args.front().starts_with(kFlagPrefix)) {
    args.erase(args.begin());
  }
  ParseFlags(args);
}

void ConfigLoader::ParseFlags(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!IsFlag(arg)) {
      errors_.push_back("unexpected argument \"" + arg + "\" (flags look like --name=value)");
      continue;
    }
    const std::string_view body = std::string_view(arg).substr(kFlagPrefix.size());
    const size_t equals = body.find('=');
    if (equals != std::string_view::npos) {
      flags_.emplace_back(std::string(body.substr(0, equals)),
                          std::string(body.substr(equals + 1)));
    } else if (i + 1 < args.size() && !IsFlag(args[i + 1])) {
      flags_.emplace_back(std::string(body), args[++i]);
    } else {
      // A bare --name switches a boolean on.
      flags_.emplace_back(std::string(body), "true");
    }
  }
}

std::optional<std::string> ConfigLoader::Lookup(std::string_view name) {
  // The last occurrence of a repeated flag wins, as in most command lines.
  for (auto it = flags_.rbegin(); it != flags_.rend(); ++it) {
    if (it->first == name) {
      used_flags_.emplace_back(name);
      return it->second;
    }
  }
  const std::string env_prefix = EnvName(name) + "=";
  for (const std::string& entry : environment_) {
    if (entry.starts_with(env_prefix)) {
      return entry.substr(env_prefix.size());
    }
  }
  return std::nullopt;
}

void ConfigLoader::Record(std::string_view name, std::string value, bool secret) {
  for (Entry& entry : entries_) {
    if (entry.name == name) {
      entry.value = std::move(value);
      entry.secret = secret;
      return;
    }
  }
  entries_.push_back({std::string(name), std::move(value), secret});
}

std::string ConfigLoader::String(std::string_view name, std::string default_value, bool secret) {
  std::string value = Lookup(name).value_or(std::move(default_value));
  Record(name, value, secret);
  return value;
}

int64_t ConfigLoader::Int(std::string_view name, int64_t default_value, int64_t min, int64_t max) {
  const std::optional<std::string> text = Lookup(name);
  if (!text) {
    Record(name, std::to_string(default_value), false);
    return default_value;
  }
  int64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [parsed_to, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || parsed_to != end || value < min || value > max) {
    errors_.push_back(std::string(name) + ": expected an integer from " + std::to_string(min) +
                      " to " + std::to_string(max) + ", got \"" + *text + "\"");
    Record(name, *text, false);
    return default_value;
  }
  Record(name, std::to_string(value), false);
  return value;
}

bool ConfigLoader::Bool(std::string_view name, bool default_value) {
  const std::optional<std::string> text = Lookup(name);
  bool value = default_value;
  if (text) {
    const std::string lower = Lower(*text);
    if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") {
      value = true;
    } else if (lower == "false" || lower == "0" || lower == "no" || lower == "off") {
      value = false;
    } else {
      errors_.push_back(std::string(name) + ": expected true or false, got \"" + *text + "\"");
    }
  }
  Record(name, value ? "true" : "false", false);
  return value;
}

void ConfigLoader::Fail(std::string message) { errors_.push_back(std::move(message)); }

void ConfigLoader::Validate() const {
  std::vector<std::string> problems = errors_;
  std::vector<std::string> reported;
  for (const auto& [name, value] : flags_) {
    const bool used = std::find(used_flags_.begin(), used_flags_.end(), name) != used_flags_.end();
    const bool already = std::find(reported.begin(), reported.end(), name) != reported.end();
    if (!used && !already) {
      problems.push_back("unknown flag --" + name);
      reported.push_back(name);
    }
  }
  if (problems.empty()) {
    return;
  }
  std::string message = "invalid configuration: ";
  for (size_t i = 0; i < problems.size(); ++i) {
    message += (i == 0 ? "" : "; ") + problems[i];
  }
  throw ConfigError(message);
}

std::string ConfigLoader::Describe() const {
  std::string line;
  for (const Entry& entry : entries_) {
    if (!line.empty()) {
      line += ' ';
    }
    line += entry.name + "=" + (entry.secret ? "***" : entry.value);
  }
  return line;
}

}  // namespace sanplane::common
