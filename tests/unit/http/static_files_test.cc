#include "http/static_files.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace pass::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    dir_.Write("site.css", "body{}");
    dir_.Write("img/logo.svg", "<svg/>");
    dir_.Write(".hidden", "secret");
    auto loaded = StaticFiles::Load(dir_.path(), "/static");
    EXPECT_TRUE(loaded.has_value());
    files_.emplace(std::move(*loaded));
  }

  Response Get(std::string_view rel, std::string query = "", std::string inm = "") {
    Request r;
    r.query = std::move(query);
    if (!inm.empty()) r.headers.Add("If-None-Match", inm);
    return files_->Serve(r, rel);
  }

  testing::TempDir dir_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesContentWithTypeAndEtag) {
  const auto r = Get("site.css");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.BodyView(), "body{}");
  EXPECT_EQ(r.headers.Get("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(r.headers.Get("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(Get("img/logo.svg").headers.Get("Content-Type"), "image/svg+xml");
}

TEST_F(StaticFilesTest, FingerprintedUrlsAreImmutableAndEtagsRevalidate) {
  const std::string url = files_->Url("site.css");
  ASSERT_TRUE(url.starts_with("/static/site.css?v="));
  const std::string v = url.substr(url.find("v=") + 2);
  EXPECT_EQ(Get("site.css", "v=" + v).headers.Get("Cache-Control"),
            "public, max-age=31536000, immutable");
  const std::string etag(*Get("site.css").headers.Get("ETag"));
  const auto again = Get("site.css", "", etag);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.BodyView().empty());
}

TEST_F(StaticFilesTest, UnknownHiddenAndTraversingPathsAre404) {
  EXPECT_EQ(Get("nope.css").status, 404);
  EXPECT_EQ(Get(".hidden").status, 404);
  EXPECT_EQ(Get("../site.css").status, 404);
  EXPECT_EQ(Get("img/../site.css").status, 404);
}

}  // namespace
}  // namespace pass::http
