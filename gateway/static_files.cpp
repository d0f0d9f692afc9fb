#include "static_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "query_string.hpp"

namespace sanplane::gateway {

namespace fs = std::filesystem;

namespace {

// "node_modules/<package>/" for every "/node_modules/..." path index.html names (its import map).
std::vector<std::string> ModulePackagesNamedIn(std::string_view page) {
  constexpr std::string_view kPrefix = "/node_modules/";
  std::vector<std::string> packages;
  for (size_t at = page.find(kPrefix); at != std::string_view::npos;
       at = page.find(kPrefix, at + 1)) {
    const std::string_view rest = page.substr(at + kPrefix.size());
    size_t end = rest.find('/');
    // A scoped package ("@scope/name") is two segments.
    if (end != std::string_view::npos && rest.starts_with('@')) end = rest.find('/', end + 1);
    if (end == std::string_view::npos || end == 0) continue;
    std::string package = "node_modules/" + std::string(rest.substr(0, end)) + "/";
    if (package.find_first_of("\"' <>") != std::string::npos) continue;
    if (std::find(packages.begin(), packages.end(), package) == packages.end()) {
      packages.push_back(std::move(package));
    }
  }
  return packages;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  if (auto index = Load("index.html")) index_page_ = index->body;
  module_packages_ = ModulePackagesNamedIn(index_page_);
}

bool StaticFiles::IsServable(std::string_view relative_path) const {
  if (relative_path == "index.html" || relative_path == "styles.css") return true;
  if (relative_path.starts_with("js/")) return true;
  if (!relative_path.ends_with(".js") && !relative_path.ends_with(".mjs")) return false;
  return std::any_of(
      module_packages_.begin(), module_packages_.end(),
      [&](const std::string& package) { return relative_path.starts_with(package); });
}

std::string_view StaticFiles::ContentTypeFor(std::string_view path) {
  auto ends = [path](std::string_view suffix) { return path.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json") || ends(".map")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<StaticFiles::File> StaticFiles::Load(const std::string& relative_path) {
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(relative_path); it != cache_.end()) return it->second;
  const fs::path full = fs::path(root_) / relative_path;
  std::error_code ec;
  if (!fs::is_regular_file(full, ec)) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  File file{contents.str(), {}};
  file.etag = EtagOf(file.body);
  cache_.emplace(relative_path, file);
  return file;
}

std::optional<HttpResponse> StaticFiles::Serve(const HttpRequest& request, std::string_view path) {
  std::string relative = PercentDecode(path, false);
  // A NUL would end the name the file system sees but not the one the content type comes from.
  if (relative.find('\0') != std::string::npos) return std::nullopt;
  while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
  if (relative.empty()) relative = "index.html";
  // No "..", no hidden files, no absolute paths: only what is under the root.
  for (const auto& part : fs::path(relative)) {
    const std::string segment = part.string();
    if (segment.empty() || segment.front() == '.') return std::nullopt;
  }
  if (!IsServable(relative)) return std::nullopt;
  std::optional<File> file = Load(relative);
  if (!file) return std::nullopt;

  const bool revalidate = !relative.starts_with("node_modules/");
  // Our own files may change with every deploy: revalidate (cheap, ETag). Third-party modules are
  // pinned by the lock file, so browsers may keep them for a day.
  return RevalidatableResponse(request, std::move(file->body), file->etag, ContentTypeFor(relative),
                               revalidate ? "no-cache" : "public, max-age=86400");
}

}  // namespace sanplane::gateway
