# sanplane_embed_migrations(<target> <schema dir> <c++ function name>)
# Compiles every <schema dir>/NNN_name.sql into the target as
#   std::vector<sanplane::common::Migration> <function name>();
# so a binary carries its own migrations (no files to mount in a container).
function(sanplane_embed_migrations target schema_dir function_name)
  file(GLOB sql_files CONFIGURE_DEPENDS ${schema_dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${function_name}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${function_name} "-DFILES=${sql_files}"
            -P ${PROJECT_SOURCE_DIR}/services/common/embed_sql_script.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/services/common/embed_sql_script.cmake
    COMMENT "Embedding migrations of ${target}")
  target_sources(${target} PRIVATE ${out})
endfunction()
