#pragma once
// Serves the browser UI from a directory: index.html at "/", modules as text/javascript (browsers
// refuse modules of any other type), ETag revalidation, and no path ever outside the root.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http_types.hpp"

namespace sanplane::gateway {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  /// The file for a GET/HEAD of `path`, 304 when If-None-Match matches, or nullopt (404).
  std::optional<HttpResponse> Serve(const HttpRequest& request, std::string_view path);

  static std::string_view ContentTypeFor(std::string_view path);

 private:
  struct File {
    std::string body;
    std::string etag;
  };
  std::optional<File> Load(const std::string& relative_path);

  std::string root_;
  std::mutex mutex_;
  std::unordered_map<std::string, File> cache_;  // relative path -> contents
};

}  // namespace sanplane::gateway
