#pragma once
// A zip archive of text files, written whole in memory: entries stored without compression
// (method 0) with their CRC-32, which every unzip tool opens. Script archives are a few kilobytes,
// so compression would buy nothing worth a dependency.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sanplane::gateway {

struct ZipEntry {
  std::string name;  // a relative path with '/' separators
  std::string content;
};

/// The CRC-32 of `data` (ISO-HDLC, as zip and gzip use it): Crc32("123456789") == 0xCBF43926.
uint32_t Crc32(std::string_view data);

/// The archive of `entries`, in order. Entries are dated 1980-01-01 00:00, the earliest date the
/// format has, so the same files give the same bytes. Names and contents stay below 4 GiB and
/// 65,535 entries (no ZIP64).
std::string ZipArchive(const std::vector<ZipEntry>& entries);

}  // namespace sanplane::gateway
