# Warnings and sanitizers shared by every target of the project.
add_library(pass_options INTERFACE)
target_compile_options(pass_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                       -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
                       # designated initializers leave the rest at their defaults on purpose
                       -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Clang 16 implements conditionally trivial special members (P0848) but does not yet announce
  # it, and libstdc++ 12 hides std::expected without the announcement. See docs/adr/0006.
  target_compile_options(pass_options INTERFACE -U__cpp_concepts -D__cpp_concepts=202002L
                         -Wno-c++2b-extensions)
endif()

if(PASS_SANITIZE)
  target_compile_options(pass_options INTERFACE -fsanitize=${PASS_SANITIZE}
                         -fno-omit-frame-pointer)
  target_link_options(pass_options INTERFACE -fsanitize=${PASS_SANITIZE})
  if(PASS_SANITIZE MATCHES "undefined")
    target_compile_options(pass_options INTERFACE -fno-sanitize-recover=undefined)
  endif()
endif()

# Helper: one CMake library per module.  pass_module(NAME SOURCES ... LINKS ...)
function(pass_module name)
  cmake_parse_arguments(M "" "" "SOURCES;LINKS;PRIVATE_LINKS" ${ARGN})
  add_library(pass_${name} STATIC ${M_SOURCES})
  target_include_directories(pass_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(pass_${name} PUBLIC pass_options ${M_LINKS} PRIVATE ${M_PRIVATE_LINKS})
endfunction()
