#pragma once
// Serves the browser UI from a directory: index.html at "/", modules as text/javascript (browsers
// refuse modules of any other type), ETag revalidation, and no path ever outside the root. Only
// the UI's own files are served (index.html, styles.css, js/, and the modules of the packages its
// import map names): the directory also holds package manifests and whole dependency trees that
// are nobody's business.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http_types.hpp"

namespace sanplane::gateway {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  /// The file for a GET/HEAD of `path`, 304 when If-None-Match matches, or nullopt (404).
  std::optional<HttpResponse> Serve(const HttpRequest& request, std::string_view path);

  static std::string_view ContentTypeFor(std::string_view path);

  /// index.html as served (empty when missing).
  const std::string& IndexPage() const { return index_page_; }
  /// Whether `relative_path` (no leading '/') is one of the UI's files.
  bool IsServable(std::string_view relative_path) const;

 private:
  struct File {
    std::string body;
    std::string etag;
  };
  std::optional<File> Load(const std::string& relative_path);

  std::string root_;
  std::string index_page_;
  std::vector<std::string> module_packages_;  // "node_modules/<package>/" the import map names
  std::mutex mutex_;
  std::unordered_map<std::string, File> cache_;  // relative path -> contents
};

}  // namespace sanplane::gateway
