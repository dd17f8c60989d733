# shaders.cmake: the GLSL in shaders/ embedded as C++ strings (cmake/embed_shaders.cmake), as the INTERFACE
# target bnlab_shaders: link it to get #include "bnlab_shaders.hpp" (namespace bnlab::shaders).
file(GLOB BNLAB_SHADER_FILES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/shaders/*.glsl ${CMAKE_SOURCE_DIR}/shaders/*.vert ${CMAKE_SOURCE_DIR}/shaders/*.frag)
list(SORT BNLAB_SHADER_FILES)
set(BNLAB_SHADER_HEADER ${CMAKE_BINARY_DIR}/generated/bnlab_shaders.hpp)
add_custom_command(
  OUTPUT ${BNLAB_SHADER_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUT=${BNLAB_SHADER_HEADER} "-DSHADERS=${BNLAB_SHADER_FILES}"
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  DEPENDS ${BNLAB_SHADER_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  COMMENT "Embedding shaders/ into bnlab_shaders.hpp"
  VERBATIM)
add_custom_target(bnlab_shaders_header DEPENDS ${BNLAB_SHADER_HEADER})
add_library(bnlab_shaders INTERFACE)
target_include_directories(bnlab_shaders INTERFACE ${CMAKE_BINARY_DIR}/generated)
add_dependencies(bnlab_shaders bnlab_shaders_header)

# bnlab_gpu_check (native, with the desktop app's bnlab_gfx): the shaders against the core on the desktop's OpenGL
# (tests/gpu/gpu_check.cpp), run under Xvfb with Mesa's software renderer by tests/desktop/gpu_test.sh.
if(NOT EMSCRIPTEN AND TARGET bnlab_gfx)
  add_executable(bnlab_gpu_check ${CMAKE_SOURCE_DIR}/tests/gpu/gpu_check.cpp)
  target_link_libraries(bnlab_gpu_check PRIVATE bnlab_gfx)
  target_compile_options(bnlab_gpu_check PRIVATE ${BNLAB_WARNINGS})
endif()
