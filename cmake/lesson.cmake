# lesson.cmake: the lesson's chapters (assets/lesson/en/*.md) checked and embedded at build time.
# lesson_check (src/tools/lesson_check.cpp + src/core/learn/chapter_file.cpp + src/core/i18n/catalog.cpp, po.cpp for
# the messages' {placeholders}, pure std) is compiled with the host compiler, in the web build too, and run on the files:
# a malformed chapter stops the build with FILE:LINE; the files become build/generated/bnlab_lesson.hpp (namespace
# bn::lesson_files), included by core/learn/lesson.cpp.
# BNLAB_ROOT: the repository (the fuzz targets' own project, tests/fuzz, sets it; else the source dir).
if(NOT BNLAB_ROOT)
  set(BNLAB_ROOT ${CMAKE_SOURCE_DIR})
endif()
file(GLOB BNLAB_LESSON_FILES CONFIGURE_DEPENDS ${BNLAB_ROOT}/assets/lesson/en/*.md)
list(SORT BNLAB_LESSON_FILES)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/generated)
set(BNLAB_LESSON_HEADER ${CMAKE_BINARY_DIR}/generated/bnlab_lesson.hpp)
set(BNLAB_LESSON_CHECK_SOURCES ${BNLAB_ROOT}/src/tools/lesson_check.cpp ${BNLAB_ROOT}/src/core/learn/chapter_file.cpp
    ${BNLAB_ROOT}/src/core/i18n/catalog.cpp ${BNLAB_ROOT}/src/core/i18n/po.cpp)
if(EMSCRIPTEN)
  find_program(BNLAB_HOST_CXX NAMES c++ g++ clang++ REQUIRED)
  set(BNLAB_LESSON_CHECK ${CMAKE_BINARY_DIR}/lesson_check)
  add_custom_command(
    OUTPUT ${BNLAB_LESSON_CHECK}
    COMMAND ${BNLAB_HOST_CXX} -std=c++17 -O1 -I${BNLAB_ROOT}/src ${BNLAB_LESSON_CHECK_SOURCES} -o ${BNLAB_LESSON_CHECK}
    DEPENDS ${BNLAB_LESSON_CHECK_SOURCES} ${BNLAB_ROOT}/src/core/learn/chapter_file.hpp
            ${BNLAB_ROOT}/src/core/i18n/catalog.hpp ${BNLAB_ROOT}/src/core/i18n/po.hpp
    COMMENT "Building lesson_check with the host compiler"
    VERBATIM)
  set(BNLAB_LESSON_CHECK_DEP ${BNLAB_LESSON_CHECK})
else()
  add_executable(lesson_check ${BNLAB_LESSON_CHECK_SOURCES})
  target_include_directories(lesson_check PRIVATE ${BNLAB_ROOT}/src)
  target_compile_options(lesson_check PRIVATE ${BNLAB_WARNINGS})
  set(BNLAB_LESSON_CHECK $<TARGET_FILE:lesson_check>)
  set(BNLAB_LESSON_CHECK_DEP lesson_check)
endif()
add_custom_command(
  OUTPUT ${BNLAB_LESSON_HEADER}
  COMMAND ${BNLAB_LESSON_CHECK} --header ${BNLAB_LESSON_HEADER} ${BNLAB_LESSON_FILES}
  DEPENDS ${BNLAB_LESSON_CHECK_DEP} ${BNLAB_LESSON_FILES}
  COMMENT "Checking and embedding assets/lesson/en/ into bnlab_lesson.hpp"
  VERBATIM)
add_custom_target(bnlab_lesson_header DEPENDS ${BNLAB_LESSON_HEADER})
