#include "script_files.hpp"

#include <boost/beast/http/field.hpp>
#include <set>

namespace sanplane::gateway {
namespace {

namespace http = boost::beast::http;

std::string CommandsText(const san::v1::FabricScript& script) {
  std::string text;
  for (const std::string& command : script.commands()) text += command + "\n";
  return text;
}

std::string FileSafe(const std::string& name) {
  std::string safe;
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    safe.push_back(plain ? c : '_');
  }
  // A name of dots alone would be a directory reference.
  if (safe.find_first_not_of('.') == std::string::npos) safe = "fabric" + safe;
  return safe;
}

}  // namespace

std::string ScriptsText(const san::v1::ScriptsResponse& scripts) {
  if (scripts.scripts_size() == 1) return CommandsText(scripts.scripts(0));
  std::string text;
  for (const san::v1::FabricScript& script : scripts.scripts()) {
    text += "--- " + script.fabric() + " ---\n" + CommandsText(script) + "\n";
  }
  return text;
}

std::vector<ZipEntry> ScriptFiles(const san::v1::ScriptsResponse& scripts,
                                  const std::string& kind) {
  std::vector<ZipEntry> files;
  std::set<std::string> names;
  for (const san::v1::FabricScript& script : scripts.scripts()) {
    std::string name = FileSafe(script.fabric()) + "_" + kind + ".txt";
    if (!names.insert(name).second) {
      name = FileSafe(script.fabric()) + "_" + std::to_string(script.fabric_id()) + "_" + kind +
             ".txt";
      names.insert(name);
    }
    files.push_back({std::move(name), CommandsText(script)});
  }
  return files;
}

std::optional<HttpResponse> RenderScripts(const ApiCall& call,
                                          const google::protobuf::Message& request,
                                          const google::protobuf::Message& response) {
  const auto& ask = static_cast<const san::v1::GenerateScriptsRequest&>(request);
  const auto& scripts = static_cast<const san::v1::ScriptsResponse&>(response);
  if (ask.format() == "text") {
    return FileResponse(call.http, ScriptsText(scripts), "text/plain; charset=utf-8",
                        "zoning-" + ask.kind() + ".txt");
  }
  if (ask.format() == "zip") {
    return FileResponse(call.http, ZipArchive(ScriptFiles(scripts, ask.kind())), "application/zip",
                        "zoning-" + ask.kind() + ".zip");
  }
  return std::nullopt;
}

}  // namespace sanplane::gateway
