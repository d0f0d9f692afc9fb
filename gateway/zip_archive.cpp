#include "zip_archive.hpp"

#include <array>
#include <stdexcept>

namespace sanplane::gateway {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint16_t kVersion = 20;  // 2.0: what a stored entry needs
constexpr uint16_t kUtf8Names = 1 << 11;
constexpr uint16_t kDosDate1980 = (0 << 9) | (1 << 5) | 1;  // 1980-01-01

std::array<uint32_t, 256> CrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

void Put16(std::string& out, uint32_t value) {
  out.push_back(static_cast<char>(value & 0xff));
  out.push_back(static_cast<char>((value >> 8) & 0xff));
}

void Put32(std::string& out, uint32_t value) {
  Put16(out, value & 0xffff);
  Put16(out, value >> 16);
}

/// What the local and central headers share after their signatures and versions.
void PutEntryFields(std::string& out, const ZipEntry& entry, uint32_t crc) {
  Put16(out, kUtf8Names);
  Put16(out, 0);  // stored
  Put16(out, 0);  // 00:00
  Put16(out, kDosDate1980);
  Put32(out, crc);
  Put32(out, static_cast<uint32_t>(entry.content.size()));  // compressed
  Put32(out, static_cast<uint32_t>(entry.content.size()));  // uncompressed
  Put16(out, static_cast<uint32_t>(entry.name.size()));
  Put16(out, 0);  // no extra field
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = CrcTable();
  uint32_t crc = 0xffffffffu;
  for (char c : data) crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

std::string ZipArchive(const std::vector<ZipEntry>& entries) {
  if (entries.size() > 0xffff) throw std::length_error("too many zip entries");
  std::string out, central;
  for (const ZipEntry& entry : entries) {
    if (entry.name.size() > 0xffff || entry.content.size() > 0xffffffffu ||
        out.size() > 0xffffffffu) {
      throw std::length_error("zip entry too large");
    }
    const uint32_t crc = Crc32(entry.content);
    const auto offset = static_cast<uint32_t>(out.size());
    Put32(out, kLocalHeader);
    Put16(out, kVersion);
    PutEntryFields(out, entry, crc);
    out += entry.name;
    out += entry.content;

    Put32(central, kCentralHeader);
    Put16(central, kVersion);  // made by
    Put16(central, kVersion);  // needed
    PutEntryFields(central, entry, crc);
    Put16(central, 0);  // no comment
    Put16(central, 0);  // disk 0
    Put16(central, 0);  // internal attributes
    Put32(central, 0);  // external attributes
    Put32(central, offset);
    central += entry.name;
  }
  const auto central_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(out, kEndOfCentralDirectory);
  Put16(out, 0);  // this disk
  Put16(out, 0);  // the disk the directory starts on
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(central.size()));
  Put32(out, central_offset);
  Put16(out, 0);  // no comment
  return out;
}

}  // namespace sanplane::gateway
