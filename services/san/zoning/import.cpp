#include "zoning/import.hpp"

#include "zoning/import_input.hpp"
#include "zoning/vendor_imports.hpp"

namespace sanplane::san::zoning {

ImportFormat DetectFormat(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (IsBrocadeMarker(line)) return ImportFormat::kBrocade;
    if (IsCiscoMarker(line)) return ImportFormat::kCisco;
    start = end + 1;
  }
  return ImportFormat::kAuto;
}

ImportResult ParseSwitchOutput(std::string_view text, ImportFormat format,
                               const WwpnPrefixTable& prefixes) {
  ImportResult result;
  SplitInput input = SplitLines(text);
  if (!input.error.empty()) {
    result.error = std::move(input.error);
    return result;
  }
  if (format == ImportFormat::kAuto) format = DetectFormat(text);
  if (format == ImportFormat::kAuto) {
    result.error =
        "The text is neither Cisco MDS zoning output (show zoneset active, show zone, show "
        "running-config) nor Brocade cfgshow output.";
    return result;
  }
  result.format = format;
  ImportWarnings warnings;
  result.fabrics = format == ImportFormat::kCisco
                       ? ParseCiscoLines(input.lines, prefixes, warnings)
                       : ParseBrocadeLines(input.lines, prefixes, warnings);
  result.warnings = std::move(warnings).Finish();
  return result;
}

}  // namespace sanplane::san::zoning
