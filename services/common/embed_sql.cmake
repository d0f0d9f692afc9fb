# sanplane_embed_migrations(<target> <schema dir> <c++ function name>)
# Compiles every <schema dir>/NNN_name.sql into the target as
#   std::vector<sanplane::common::Migration> <function name>();
# so a binary carries its own migrations (no files to mount in a container).
function(sanplane_embed_migrations target schema_dir function_name)
  file(GLOB sql_files CONFIGURE_DEPENDS ${schema_dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${function_name}.cpp)
  # A CMake list would split into several command arguments; the script splits on "," again.
  string(REPLACE ";" "," file_args "${sql_files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT_CPP=${out} -DFUNCTION=${function_name} "-DFILES=${file_args}"
            -P ${PROJECT_SOURCE_DIR}/services/common/embed_sql_script.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/services/common/embed_sql_script.cmake
    COMMENT "Embedding migrations of ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()

# sanplane_embed_queries(<target> <queries dir> <namespace> <c++ function name>
#                        [SHARED <name>.sql ... SCHEMA <schema>])
# Compiles every <queries dir>/*.sql (statements introduced by `-- name: <Name>` lines) into the
# target as
#   std::vector<sanplane::common::NamedQuery> <function name>();
# and generates "queries.hpp" with one constant per statement,
#   namespace sanplane::<namespace>::query { inline constexpr std::string_view k<Name> = "<Name>"; }
# so a call naming a statement that does not exist fails to compile. SHARED adds statements every
# service with a history runs on its own schema (services/common/queries/<name>.sql), with
# `@schema@` read as SCHEMA.
function(sanplane_embed_queries target queries_dir namespace function_name)
  cmake_parse_arguments(PARSE_ARGV 4 embed "" "SCHEMA" "SHARED")
  file(GLOB sql_files CONFIGURE_DEPENDS ${queries_dir}/*.sql)
  list(SORT sql_files)
  foreach(shared IN LISTS embed_SHARED)
    list(APPEND sql_files ${PROJECT_SOURCE_DIR}/services/common/queries/${shared})
  endforeach()
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/generated_queries)
  set(out_cpp ${out_dir}/${function_name}.cpp)
  set(out_hpp ${out_dir}/queries.hpp)
  # A CMake list would split into several command arguments; the script splits on "," again.
  string(REPLACE ";" "," file_args "${sql_files}")
  add_custom_command(
    OUTPUT ${out_cpp} ${out_hpp}
    COMMAND ${CMAKE_COMMAND} -DOUT_CPP=${out_cpp} -DOUT_HPP=${out_hpp} -DFUNCTION=${function_name}
            -DNAMESPACE=${namespace} -DSCHEMA=${embed_SCHEMA} "-DFILES=${file_args}"
            -P ${PROJECT_SOURCE_DIR}/services/common/embed_sql_script.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/services/common/embed_sql_script.cmake
    COMMENT "Embedding queries of ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out_cpp} ${out_hpp})
  target_include_directories(${target} PUBLIC ${out_dir})
endfunction()
