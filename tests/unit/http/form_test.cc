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

// The import upload: what browsers send for <form enctype="multipart/form-data">.
TEST(Multipart, ReadsFieldsAndFilesAsBrowsersSendThem) {
  const std::string body =
      "ignored preamble\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\a\\\\"
      "reg.csv\"\r\nContent-Type: text/csv\r\n\r\noid,name\r\nE1,x\r\n\r\n--XyZ--\r\n";
  auto r = ParseMultipart("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(r.has_value()) << r.error().detail;
  EXPECT_EQ(r->fields.Get("csrf"), "tok");
  const FilePart* file = r->File("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->file_name, "reg.csv") << "only the last component of a client path";
  EXPECT_EQ(file->content_type, "text/csv");
  EXPECT_EQ(file->content, "oid,name\r\nE1,x\r\n") << "line breaks inside the file are kept";
}

TEST(Multipart, AcceptsAQuotedBoundaryAndAPartWithoutHeadersIsRefused) {
  auto quoted =
      ParseMultipart("Multipart/Form-Data; boundary=\"a b\"",
                     "--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--");
  ASSERT_TRUE(quoted.has_value());
  EXPECT_EQ(quoted->fields.Get("x"), "1");
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=b", "--b\r\n\r\nvalue\r\n--b--"))
      << "a part needs a name";
}

TEST(Multipart, RefusesWhatIsNotAWellFormedBody) {
  const std::string part = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1";
  EXPECT_FALSE(ParseMultipart("application/x-www-form-urlencoded", part + "\r\n--b--"));
  EXPECT_FALSE(ParseMultipart("multipart/form-data", part + "\r\n--b--")) << "no boundary";
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=b", part)) << "never closed";
  EXPECT_FALSE(
      ParseMultipart("multipart/form-data; boundary=b",
                     "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\n1\r\n--b--"));
  EXPECT_FALSE(
      ParseMultipart("multipart/form-data; boundary=b",
                     "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\xC0\xAF\r\n--b--"))
      << "fields must be UTF-8";
  std::string many;
  for (size_t i = 0; i <= kMaxMultipartParts; ++i)
    many += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n1\r\n";
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=b", many + "--b--"));
}

}  // namespace
}  // namespace pass::http
