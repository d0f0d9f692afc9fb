#pragma once
// What the configuration tests of every binary share: the smallest valid setting, and the words
// of the ConfigError a bad one gives.

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"

namespace sanplane::common::testing {

/// A principal key long enough for a service to accept it (SANPLANE_PRINCIPAL_KEY is required).
inline constexpr char kPrincipalKeyEnvironment[] =
    "SANPLANE_PRINCIPAL_KEY=config-test-principal-key-0123456789abcdef";

/// A service's command line with nothing but the DSN, and the principal key in the environment.
inline ConfigLoader DsnOnlyLoader() {
  return ConfigLoader({"--pg-dsn=host=db dbname=sanplane"}, {kPrincipalKeyEnvironment});
}

/// The message of the ConfigError `action` throws; when it throws none, a test failure.
inline std::string ConfigErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return "";
}

/// Checks that the message names each of `words`.
inline void ExpectMentions(const std::string& message,
                           std::initializer_list<std::string_view> words) {
  for (const std::string_view word : words) {
    EXPECT_NE(message.find(word), std::string::npos) << message;
  }
}

/// With nothing set, `load` reads a service's settings and validation then names the missing DSN.
inline void ExpectMissingDsnReported(const std::function<void(ConfigLoader&)>& load) {
  ConfigLoader loader(std::vector<std::string>{}, {});
  load(loader);
  const std::string message = ConfigErrorOf([&] { loader.Validate(); });
  EXPECT_NE(message.find("pg-dsn"), std::string::npos) << message;
}

/// The settings every service has, at their defaults: its own ports on every address, info logs.
template <class Config>
void ExpectCommonDefaults(const Config& config, const std::string& grpc_addr,
                          const std::string& metrics_addr) {
  EXPECT_EQ(config.grpc_addr, grpc_addr);
  EXPECT_EQ(config.metrics_addr, metrics_addr);
  EXPECT_EQ(config.log_level, "info");
}

}  // namespace sanplane::common::testing
