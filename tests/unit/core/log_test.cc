#include "core/log.h"

#include <gtest/gtest.h>

namespace pass {
namespace {

TEST(Log, LinesAreJsonObjectsWithTypedFields) {
  const std::string line = log::Format(log::Level::kWarn, "http.request",
                                       {{"route", "/a\"b"}, {"status", 404}, {"ok", false}});
  EXPECT_TRUE(line.starts_with("{\"ts\":\""));
  EXPECT_NE(line.find("\"level\":\"warn\""), std::string::npos);
  EXPECT_NE(line.find("\"event\":\"http.request\""), std::string::npos);
  EXPECT_NE(line.find("\"route\":\"/a\\\"b\""), std::string::npos);
  EXPECT_NE(line.find("\"status\":404"), std::string::npos);
  EXPECT_NE(line.find("\"ok\":false"), std::string::npos);
  EXPECT_TRUE(line.ends_with("}"));
}

}  // namespace
}  // namespace pass
