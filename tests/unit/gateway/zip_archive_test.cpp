// The zip writer against a reader it did not write: Python's zipfile checks every CRC and reads
// the files back; and the script files it archives.
#include "zip_archive.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "script_files.hpp"

namespace sanplane::gateway {
namespace {

/// What Python's zipfile makes of `archive`: "bad=<first bad entry or None>" then per entry
/// "<name>=<content with \n as |>".
std::string ReadWithPython(const std::string& archive) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("sanplane-zip-" + std::to_string(getpid()) + ".zip");
  std::ofstream(file, std::ios::binary) << archive;
  const std::string command =
      "python3 -c 'import sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "print(\"bad=%s\" % z.testzip())\n"
      "for n in z.namelist(): print(\"%s=%s\" % (n, z.read(n).decode().replace(\"\\n\", "
      "\"|\")))' " +
      file.string() + " 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 256> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
    pclose(pipe);
  }
  std::filesystem::remove(file);
  return output;
}

TEST(Crc32, CheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
}

TEST(ZipArchive, OpensWithAnotherReader) {
  const std::string archive = ZipArchive({{"FAB_A_create.txt", "configure terminal\nend\n"},
                                          {"FAB_B_create.txt", "cfgenable \"cfg_B\"\n"},
                                          {"empty.txt", ""}});
  EXPECT_EQ(ReadWithPython(archive),
            "bad=None\n"
            "FAB_A_create.txt=configure terminal|end|\n"
            "FAB_B_create.txt=cfgenable \"cfg_B\"|\n"
            "empty.txt=\n");
}

TEST(ZipArchive, TheSameFilesGiveTheSameBytes) {
  EXPECT_EQ(ZipArchive({{"a.txt", "x"}}), ZipArchive({{"a.txt", "x"}}));
  EXPECT_EQ(ReadWithPython(ZipArchive({})), "bad=None\n");
}

TEST(ScriptFiles, OneSafeNamePerFabric) {
  san::v1::ScriptsResponse scripts;
  for (const auto& [id, name] : {std::pair{1, "FAB A/1"}, std::pair{2, "FAB A:1"}}) {
    san::v1::FabricScript& script = *scripts.add_scripts();
    script.set_fabric_id(id);
    script.set_fabric(name);
    script.add_commands("cfgsave");
  }
  const std::vector<ZipEntry> files = ScriptFiles(scripts, "delete");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "FAB_A_1_delete.txt");
  EXPECT_EQ(files[1].name, "FAB_A_1_2_delete.txt");
  EXPECT_EQ(files[0].content, "cfgsave\n");
  EXPECT_EQ(ScriptsText(scripts), "--- FAB A/1 ---\ncfgsave\n\n--- FAB A:1 ---\ncfgsave\n\n");
}

}  // namespace
}  // namespace sanplane::gateway
