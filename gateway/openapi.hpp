#pragma once
// The OpenAPI 3.1 description of the REST API, derived from the route table and the protobuf
// messages of each route's RPC, so the routes the gateway serves are the one source of the
// contract:
//  - a route's method and pattern are the operation and its path parameters;
//  - its access decides the security requirement (session cookie, and the CSRF header on unsafe
//    methods);
//  - the request message gives the path and query parameters, the JSON body and If-Match;
//  - the response message (or its unwrapped list) gives the success body, with ETag where the
//    route sends one;
//  - the error responses follow from the same facts (a body, a version, a path parameter).
// Built once at start-up and served at kOpenApiPath.

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "api_handler.hpp"

namespace sanplane::gateway {

inline constexpr std::string_view kOpenApiPath = "/api/openapi.json";

boost::json::object BuildOpenApi(const std::vector<Route>& routes);

}  // namespace sanplane::gateway
