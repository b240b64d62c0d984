#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <memory>

#include "core/clock.h"
#include "core/strings.h"

namespace pass::log {

namespace {

Level LevelFromEnvironment() {
  const char* v = std::getenv("PASS_LOG_LEVEL");
  if (v == nullptr) return Level::kInfo;
  const std::string s = AsciiLower(v);
  if (s == "debug") return Level::kDebug;
  if (s == "warn") return Level::kWarn;
  if (s == "error") return Level::kError;
  return Level::kInfo;
}

std::atomic<int>& CurrentLevel() {
  static std::atomic<int> level{static_cast<int>(LevelFromEnvironment())};
  return level;
}

spdlog::logger& Logger() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto l =
        std::make_shared<spdlog::logger>("pass", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void SetLevel(Level level) { CurrentLevel().store(static_cast<int>(level)); }
bool Enabled(Level level) { return static_cast<int>(level) >= CurrentLevel().load(); }

std::string Format(Level level, std::string_view event, std::initializer_list<Field> fields) {
  const auto now = std::chrono::system_clock::now();
  std::string line = "{\"ts\":";
  std::string ts = FormatRfc3339(now);
  // Milliseconds make request lines sortable within a second.
  const auto ms = UnixMillis(now) % 1000;
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03lldZ", static_cast<long long>(ms));
  ts.pop_back();
  ts += frac;
  line += JsonQuote(ts);
  line += ",\"level\":";
  line += JsonQuote(LevelName(level));
  line += ",\"event\":";
  line += JsonQuote(event);
  for (const Field& f : fields) {
    line += ',';
    line += JsonQuote(f.key);
    line += ':';
    std::visit(
        [&line](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string_view>) {
            line += JsonQuote(v);
          } else if constexpr (std::is_same_v<T, bool>) {
            line += v ? "true" : "false";
          } else if constexpr (std::is_same_v<T, double>) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.3f", v);
            line += buf;
          } else {
            line += std::to_string(v);
          }
        },
        f.value);
  }
  line += '}';
  return line;
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  Logger().info(Format(level, event, fields));
}

}  // namespace pass::log
