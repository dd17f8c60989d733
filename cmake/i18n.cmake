# i18n.cmake: the text catalogs (assets/i18n/*.po, format: assets/i18n/README.md) checked and embedded at build time.
# i18n_check (src/tools/i18n_check.cpp + the PO reader and catalog of src/core/i18n/ + the chapter reader, pure std) is
# compiled with the host compiler, in the web build too, and run on the catalogs: a malformed file, a duplicate key or
# a placeholder mismatch stops the build with FILE:LINE; gaps (texts that fall back to English) are printed as
# warnings. The catalogs become build/generated/bnlab_catalogs.hpp (namespace bn::catalog_files), included by
# core/i18n/current.cpp. A new catalog file is picked up at the next configure (CONFIGURE_DEPENDS).
# The web build also writes build-web/VARIANT/generated/bnlab_strings.js: the texts the page shows before the wasm runs
# (BNLAB_WEB_STRING_KEYS: the loading line, the page's title and labels, its error messages) in every language, which
# build-wasm.sh puts at the top of dist/loader.js (window.BNLAB_STRINGS; no extra request).
# The web build embeds English only: every other language's catalog is written to build-web/VARIANT/generated/
# lang-TAG.cat (i18n_check --fetched), which build-wasm.sh ships beside index.html and the page fetches when that
# language is chosen (platform_web.cpp; loader.js fetches the start language's at once, beside the wasm).
# It writes build-web/VARIANT/generated/words/words-TAG.html too: the lesson's first chapter per language, which the
# page shows while the wasm loads (i18n_check --words; build-wasm.sh puts English inline into dist/index.html, the others beside it).
# BNLAB_ROOT: the repository (the fuzz targets' own project, tests/fuzz, sets it; else the source dir).
if(NOT BNLAB_ROOT)
  set(BNLAB_ROOT ${CMAKE_SOURCE_DIR})
endif()
file(GLOB BNLAB_CATALOG_FILES CONFIGURE_DEPENDS ${BNLAB_ROOT}/assets/i18n/*.po)
file(GLOB BNLAB_CATALOG_LESSON_FILES CONFIGURE_DEPENDS ${BNLAB_ROOT}/assets/lesson/en/*.md)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/generated)
set(BNLAB_CATALOG_HEADER ${CMAKE_BINARY_DIR}/generated/bnlab_catalogs.hpp)
set(BNLAB_I18N_CHECK_SOURCES ${BNLAB_ROOT}/src/tools/i18n_check.cpp ${BNLAB_ROOT}/src/core/i18n/po.cpp
    ${BNLAB_ROOT}/src/core/i18n/catalog.cpp ${BNLAB_ROOT}/src/core/learn/chapter_file.cpp
    ${BNLAB_ROOT}/src/core/learn/chapter_i18n.cpp)
if(EMSCRIPTEN)
  find_program(BNLAB_HOST_CXX NAMES c++ g++ clang++ REQUIRED)
  set(BNLAB_I18N_CHECK ${CMAKE_BINARY_DIR}/i18n_check)
  add_custom_command(
    OUTPUT ${BNLAB_I18N_CHECK}
    COMMAND ${BNLAB_HOST_CXX} -std=c++17 -O1 -I${BNLAB_ROOT}/src ${BNLAB_I18N_CHECK_SOURCES} -o ${BNLAB_I18N_CHECK}
    DEPENDS ${BNLAB_I18N_CHECK_SOURCES} ${BNLAB_ROOT}/src/core/i18n/po.hpp ${BNLAB_ROOT}/src/core/i18n/catalog.hpp
            ${BNLAB_ROOT}/src/core/learn/chapter_file.hpp ${BNLAB_ROOT}/src/core/learn/chapter_i18n.hpp
    COMMENT "Building i18n_check with the host compiler"
    VERBATIM)
  set(BNLAB_I18N_CHECK_DEP ${BNLAB_I18N_CHECK})
else()
  add_executable(i18n_check ${BNLAB_I18N_CHECK_SOURCES})
  target_include_directories(i18n_check PRIVATE ${BNLAB_ROOT}/src)
  target_compile_options(i18n_check PRIVATE ${BNLAB_WARNINGS})
  set(BNLAB_I18N_CHECK $<TARGET_FILE:i18n_check>)
  set(BNLAB_I18N_CHECK_DEP i18n_check)
endif()
set(BNLAB_WEB_STRINGS_ARGS)
set(BNLAB_WEB_STRINGS_OUTPUT)
if(EMSCRIPTEN)
  set(BNLAB_WEB_STRING_KEYS "app.loading,app.compiling,app.starting,app.downloading,web.page.")
  # A lab link's words while the wasm loads (loader.js labWords): the labs' names, the step lab's intro and batch table,
  # the lesson's intro, the image lab's methods and the training lab's experiments.
  string(APPEND BNLAB_WEB_STRING_KEYS ",lab.step.name,lab.training.name,lab.image.name,lab.lesson.name,ui.help.intro"
         ",web.a11y.batch.heading,web.a11y.batch.caption,web.a11y.feature,web.a11y.lesson.intro,ui.image.variant.")
  foreach(exp basic lr distributions noisy ics landscape init regularization)
    string(APPEND BNLAB_WEB_STRING_KEYS ",train.experiment.${exp}.title")
  endforeach()
  set(BNLAB_WEB_STRINGS_OUTPUT ${CMAKE_BINARY_DIR}/generated/bnlab_strings.js)
  set(BNLAB_WEB_STRINGS_ARGS --web-strings ${BNLAB_WEB_STRINGS_OUTPUT} ${BNLAB_WEB_STRING_KEYS}
      --fetched ${CMAKE_BINARY_DIR}/generated)
  foreach(po ${BNLAB_CATALOG_FILES})
    get_filename_component(tag ${po} NAME_WE)
    if(NOT tag STREQUAL "en")
      list(APPEND BNLAB_WEB_STRINGS_OUTPUT ${CMAKE_BINARY_DIR}/generated/lang-${tag}.cat)
    endif()
  endforeach()
  # The page's first words: one file per catalog (its name is its tag).
  set(BNLAB_WORDS_DIR ${CMAKE_BINARY_DIR}/generated/words)
  list(APPEND BNLAB_WEB_STRINGS_ARGS --words ${BNLAB_WORDS_DIR})
  foreach(po ${BNLAB_CATALOG_FILES})
    get_filename_component(tag ${po} NAME_WE)
    list(APPEND BNLAB_WEB_STRINGS_OUTPUT ${BNLAB_WORDS_DIR}/words-${tag}.html)
  endforeach()
endif()
add_custom_command(
  OUTPUT ${BNLAB_CATALOG_HEADER} ${BNLAB_WEB_STRINGS_OUTPUT}
  COMMAND ${BNLAB_I18N_CHECK} --lesson ${BNLAB_ROOT}/assets/lesson/en --header ${BNLAB_CATALOG_HEADER}
          ${BNLAB_WEB_STRINGS_ARGS} ${BNLAB_ROOT}/assets/i18n
  DEPENDS ${BNLAB_I18N_CHECK_DEP} ${BNLAB_CATALOG_FILES} ${BNLAB_CATALOG_LESSON_FILES}
  COMMENT "Checking and embedding assets/i18n/*.po into bnlab_catalogs.hpp"
  VERBATIM)
add_custom_target(bnlab_catalogs_header DEPENDS ${BNLAB_CATALOG_HEADER} ${BNLAB_WEB_STRINGS_OUTPUT})
