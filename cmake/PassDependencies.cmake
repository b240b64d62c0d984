# Every dependency comes from a Debian package (see scripts/setup and DESIGN.md section 3).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(spdlog REQUIRED)

find_package(Boost 1.81.0 EXACT REQUIRED CONFIG)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(OpenSSL 3 REQUIRED)
find_package(CURL REQUIRED)
find_package(roaring REQUIRED)  # libroaring-dev: the search index's bitmaps
if(PASS_FUZZ)
  return()  # the fuzz targets link only parsers: core, http, i18n and the domain modules
endif()
find_package(CLI11 REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
# libpango1.0-dev and libcairo2-dev: PDFs with shaped text in every EU script (ADR 0013).
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo)
pkg_check_modules(CAIRO_PDF REQUIRED IMPORTED_TARGET cairo-pdf)

if(PASS_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(PASS_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
