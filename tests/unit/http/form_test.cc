#include "http/form.h"

#include <gtest/gtest.h>

namespace pass::http {
namespace {

TEST(UrlEncoded, DecodesPlusPercentAndRepeatedNames) {
  auto form = ParseUrlEncoded("name=Anna+Berg&town=G%C3%B6teborg&topic=a&topic=b&empty=&flag");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->Get("name"), "Anna Berg");
  EXPECT_EQ(form->Get("town"), "Göteborg");
  EXPECT_EQ(form->All("topic"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(form->Has("empty"));
  EXPECT_EQ(form->Get("flag"), "");
  EXPECT_FALSE(form->Has("missing"));
}

TEST(UrlEncoded, RejectsBrokenEscapesAndInvalidUtf8) {
  EXPECT_FALSE(ParseUrlEncoded("a=%zz").has_value());
  EXPECT_FALSE(ParseUrlEncoded("a=%4").has_value());
  EXPECT_FALSE(ParseUrlEncoded("a=%").has_value());
  auto bad = ParseUrlEncoded("a=%C0%AF");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message.key, "error.form.not_utf8");
}

TEST(UrlEncoded, LimitsTheNumberOfFields) {
  std::string many;
  for (size_t i = 0; i <= kMaxFormFields; ++i) many += "a=1&";
  auto r = ParseUrlEncoded(many);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message.key, "error.form.too_many_fields");
}

TEST(PercentEncoding, EncodesAllButUnreserved) {
  EXPECT_EQ(PercentEncode("/a b?c=é"), "%2Fa%20b%3Fc%3D%C3%A9");
  EXPECT_EQ(PercentDecode("%2Fa%20b", false), "/a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
}

TEST(Cookies, ParsesPairsAndSkipsJunk) {
  const auto cookies = ParseCookieHeader("lang=sv; __Host-pass=abc; junk; =x;  q=\"quoted\"");
  ASSERT_EQ(cookies.size(), 3u);
  EXPECT_EQ(cookies[0], (std::pair<std::string, std::string>{"lang", "sv"}));
  EXPECT_EQ(cookies[1].second, "abc");
  EXPECT_EQ(cookies[2].second, "quoted");
}

}  // namespace
}  // namespace pass::http
