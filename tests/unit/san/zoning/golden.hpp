#pragma once
// Expected outputs kept as files under tests/unit/san/zoning/golden/, compared byte for byte.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sanplane::san::zoning::testing {

inline std::string ReadTestFile(const std::string& relative_path) {
  const std::string path = std::string(SANPLANE_ZONING_TEST_DATA) + "/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string Golden(const std::string& name) { return ReadTestFile("golden/" + name); }

}  // namespace sanplane::san::zoning::testing
