#pragma once
// The zoning scripts answer (san.v1.ScriptsResponse) as a person takes it away: text to paste
// (`?format=text`) or a zip archive with one file per fabric (`?format=zip`). JSON stays the
// default form, rendered like every other answer.

#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <vector>

#include "api_handler.hpp"
#include "http_types.hpp"
#include "sanplane/san/v1/san.pb.h"
#include "zip_archive.hpp"

namespace sanplane::gateway {

/// The scripts one after another; with several fabrics each is introduced by a line
/// `--- <fabric> ---` and followed by an empty line. One command per line.
std::string ScriptsText(const san::v1::ScriptsResponse& scripts);

/// One file per fabric, `<fabric>_<kind>.txt` (characters other than letters, digits, `.`, `_`
/// and `-` become `_`; a name two fabrics would share gets `_<fabric id>`), holding its commands.
std::vector<ZipEntry> ScriptFiles(const san::v1::ScriptsResponse& scripts, const std::string& kind);

/// Route::render of the script routes: the text or zip answer the request's `format` asks for,
/// nullopt for JSON.
std::optional<HttpResponse> RenderScripts(const ApiCall& call,
                                          const google::protobuf::Message& request,
                                          const google::protobuf::Message& response);

}  // namespace sanplane::gateway
