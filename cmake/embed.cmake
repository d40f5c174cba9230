# Embeds files (migrations, templates, static assets, demo data) into the binary so that
# `proven` is one self-contained file. proven_embed(<target> <symbol> <base_dir> <files...>)
# creates a static library <target> exposing
#   const proven::EmbeddedFile* <symbol>_files(); std::size_t <symbol>_count();
function(proven_embed target symbol base_dir)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${symbol}_embedded.cpp")
  set(abs_files)
  foreach(f IN LISTS ARGN)
    list(APPEND abs_files "${base_dir}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} -DBASE=${base_dir}
            "-DFILES=${ARGN}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake"
    DEPENDS ${abs_files} "${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake"
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  add_library(${target} STATIC "${out}")
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
endfunction()
