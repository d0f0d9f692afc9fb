// How long the zoning import takes at its largest input: a generated Brocade cfgshow and a
// generated Cisco running-config of kMaxImportLines lines each. Prints the best of a few runs;
// `make bench` runs it, ctest does not (a time is not a pass or a fail on a shared machine).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

#include "zoning/import.hpp"

namespace {

using sanplane::san::zoning::ImportFormat;
using sanplane::san::zoning::ImportResult;
using sanplane::san::zoning::kMaxImportLines;
using sanplane::san::zoning::ParseSwitchOutput;

constexpr size_t kZones = 12'000;
constexpr size_t kZonesPerCfgLine = 10;
constexpr int kRuns = 5;

std::string Wwpn(size_t prefix, size_t n) {
  char text[32];
  std::snprintf(text, sizeof text, "%02zx:00:00:90:fa:%02zx:%02zx:%02zx", prefix, (n >> 16) & 0xff,
                (n >> 8) & 0xff, n & 0xff);
  return text;
}

/// A cfgshow of exactly kMaxImportLines lines: one cfg naming every zone (ten a line), zones of
/// two aliases each (a continuation line for the second), and aliases filling the rest.
std::string GenerateCfgshow() {
  std::string text = "Defined configuration:\n cfg:\tPROD\t";
  size_t lines = 2;
  for (size_t zone = 0; zone < kZones; ++zone) {
    text += "z_" + std::to_string(zone) + (zone + 1 < kZones ? "; " : "");
    if ((zone + 1) % kZonesPerCfgLine == 0 && zone + 1 < kZones) {
      text += "\n\t\t";
      ++lines;
    }
  }
  text += "\n";
  for (size_t zone = 0; zone < kZones; ++zone) {
    text += " zone:\tz_" + std::to_string(zone) + "\thost_" + std::to_string(zone) +
            "; \n\t\tarray_" + std::to_string(zone % 64) + "\n";
    lines += 2;
  }
  const size_t effective_lines = 2;
  size_t alias = 0;
  for (; lines + effective_lines < kMaxImportLines; ++lines, ++alias) {
    const std::string name =
        alias < kZones ? "host_" + std::to_string(alias) : "spare_" + std::to_string(alias);
    text += " alias:\t" + name + "\t" + Wwpn(0x10, alias) + "\n";
  }
  for (size_t array = 0; array < 64; ++array) {
    // The arrays' aliases replace 64 spare ones, keeping the line count.
    const std::string spare = " alias:\tspare_" + std::to_string(alias - 1 - array) + "\t";
    const size_t at = text.rfind(spare);
    const size_t end = text.find('\n', at);
    text.replace(at, end - at,
                 " alias:\tarray_" + std::to_string(array) + "\t" + Wwpn(0x50, array));
  }
  text += "Effective configuration:\n cfg:\tPROD\n";
  return text;
}

/// A running-config of exactly kMaxImportLines lines: a device-alias database, zones of two
/// pwwn members each followed by the `!   [name]` line naming it, and the zoneset.
std::string GenerateRunningConfig() {
  const size_t zones = 8'000;
  std::string text = "device-alias database\n";
  size_t lines = 1;
  for (size_t n = 0; n < zones; ++n, ++lines) {
    text += "  device-alias name host_" + std::to_string(n) + " pwwn " + Wwpn(0x10, n) + "\n";
  }
  text += "device-alias commit\n";
  ++lines;
  for (size_t n = 0; n < zones; ++n, lines += 5) {
    text += "zone name z_" + std::to_string(n) + " vsan 75\n    member pwwn " + Wwpn(0x10, n) +
            " init\n!           [host_" + std::to_string(n) + "]\n    member pwwn " +
            Wwpn(0x50, n % 64) + " target\n!           [array_" + std::to_string(n % 64) + "]\n";
  }
  text += "zoneset name zs vsan 75\n";
  ++lines;
  for (size_t n = 0; lines < kMaxImportLines - 1; ++n, ++lines) {
    text += "    member z_" + std::to_string(n % zones) + "\n";
  }
  text += "zone mode enhanced vsan 75\n";
  return text;
}

void Measure(const char* label, const std::string& text, ImportFormat format) {
  double best_ms = 1e300;
  ImportResult result;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = std::chrono::steady_clock::now();
    ImportResult parsed = ParseSwitchOutput(text, format);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    best_ms = std::min(best_ms, took.count());
    result = std::move(parsed);  // the previous result is freed outside the timed span
  }
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  if (!result.error.empty()) {
    std::printf("%s: refused: %s\n", label, result.error.c_str());
    return;
  }
  std::printf(
      "%-15s %6zu lines, %5.2f MB: %7.1f ms (best of %d); %zu aliases, %zu zones, %zu "
      "warnings\n",
      label, lines, static_cast<double>(text.size()) / (1024 * 1024), best_ms, kRuns,
      result.fabrics.front().aliases.size(), result.fabrics.front().zones.size(),
      result.warnings.size());
}

}  // namespace

int main() {
  Measure("cfgshow", GenerateCfgshow(), ImportFormat::kBrocade);
  Measure("running-config", GenerateRunningConfig(), ImportFormat::kCisco);
  return 0;
}
