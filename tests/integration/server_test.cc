// The HTTP server on a real socket: limits, timeouts, keep-alive and graceful shutdown.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "http/pipeline.h"
#include "http/router.h"
#include "support/http_client.h"

namespace pass::http {
namespace {

using testing::HttpClient;
using testing::RawExchange;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Get("/hello", [](Request&) { return Response::Text(200, "hello"); });
    router_.Get("/slow", [this](Request&) {
      slow_started_.store(true);
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      return Response::Text(200, "finally");
    });
    router_.Post("/echo",
                 [](Request& r) { return Response::Text(200, std::to_string(r.body.size())); });
    router_.Post(
        "/upload", [](Request& r) { return Response::Text(200, std::to_string(r.body.size())); },
        RouteOptions{.max_body = 4 * 1024 * 1024});
    pipeline_.emplace(router_, SecurityPolicy{}, errors_);
    ServerOptions options;
    options.port = 0;
    options.threads = 4;
    options.header_timeout = std::chrono::milliseconds(400);
    options.body_timeout_base = std::chrono::milliseconds(400);
    // Generous per MiB: the 2 MiB upload must arrive even under ThreadSanitizer on a busy machine.
    options.body_timeout_per_mib = std::chrono::milliseconds(400);
    options.shutdown_grace = std::chrono::milliseconds(3000);
    server_ = std::make_unique<Server>(options, *pipeline_);
    ASSERT_TRUE(server_->Listen().has_value());
    server_->Start();
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override { server_->Stop(); }

  Router router_;
  PlainErrorRenderer errors_;
  std::optional<Pipeline> pipeline_;
  std::unique_ptr<Server> server_;
  std::string base_;
  std::atomic<bool> slow_started_{false};
};

TEST_F(ServerTest, KeepsConnectionsAlive) {
  HttpClient client(base_);
  const auto first = client.Get("/hello");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "hello");
  EXPECT_EQ(first.connects, 1);
  const auto second = client.Get("/hello");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.connects, 0) << "the second request should reuse the connection";
}

TEST_F(ServerTest, HeadAnswersHeadersWithoutBody) {
  HttpClient client(base_);
  const auto r = client.Head("/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-length"), "5");
  EXPECT_TRUE(r.body.empty());
}

TEST_F(ServerTest, MalformedRequestsGetA400AndTheServerGoesOn) {
  const std::string reply = RawExchange(server_->port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
  EXPECT_NE(reply.find("Content-Security-Policy:"), std::string::npos);
  EXPECT_NE(reply.find("X-Content-Type-Options: nosniff"), std::string::npos);
  const std::string bad_length =
      RawExchange(server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  EXPECT_TRUE(bad_length.starts_with("HTTP/1.1 400")) << bad_length;
  HttpClient client(base_);
  EXPECT_EQ(client.Get("/hello").status, 200);
}

TEST_F(ServerTest, OversizedHeadersGet431) {
  const std::string big(20 * 1024, 'a');
  const std::string reply =
      RawExchange(server_->port(), "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 431")) << reply.substr(0, 200);
}

TEST_F(ServerTest, BodiesAreLimitedPerRoute) {
  HttpClient client(base_);
  const std::string two_mib(2 * 1024 * 1024, 'x');
  EXPECT_EQ(client.Post("/echo", "small").body, "5");
  // Announced too large: refused before the body is read.
  const std::string reply = RawExchange(
      server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply.substr(0, 200);
  // Chunked and too large: refused while reading. The whole request is sent before the answer
  // is read, as a client that does not watch for an early answer does: the server drains what
  // it refused, so the 413 arrives instead of a reset connection.
  std::string chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 2; ++i) {
    chunked += "100000\r\n" + std::string(0x100000, 'x') + "\r\n";  // two chunks of 1 MiB
  }
  chunked += "0\r\n\r\n";
  const std::string refused = RawExchange(server_->port(), chunked);
  EXPECT_TRUE(refused.starts_with("HTTP/1.1 413")) << refused.substr(0, 200);
  // The upload route accepts more.
  HttpClient uploader(base_);
  EXPECT_EQ(uploader.Post("/upload", two_mib).body, std::to_string(two_mib.size()));
}

TEST_F(ServerTest, ASlowClientIsCutOffWithoutHoldingOthersUp) {
  auto slow = std::async(std::launch::async, [this] {
    return RawExchange(server_->port(), "GET /hello HTTP/1.1\r\nHost: x\r\n",
                       std::chrono::milliseconds(3000));
  });
  // Meanwhile everyone else is served.
  HttpClient client(base_);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.Get("/hello").status, 200);
  const auto start = std::chrono::steady_clock::now();
  const std::string reply = slow.get();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500))
      << "the server should have closed the connection after its header timeout";
  EXPECT_EQ(reply, "");
}

TEST_F(ServerTest, ASlowBodyIsCutOff) {
  const auto start = std::chrono::steady_clock::now();
  const std::string reply = RawExchange(
      server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a little",
      std::chrono::milliseconds(3000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
  EXPECT_EQ(reply, "");
}

TEST_F(ServerTest, ShutdownLetsInFlightRequestsFinishAndRefusesNewOnes) {
  auto in_flight = std::async(std::launch::async, [this] {
    HttpClient client(base_);
    return client.Get("/slow");
  });
  // An idle keep-alive connection must not hold the shutdown up.
  HttpClient idle(base_);
  ASSERT_EQ(idle.Get("/hello").status, 200);
  while (!slow_started_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server_->Stop();
  const auto r = in_flight.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "finally");
  HttpClient late(base_);
  EXPECT_THROW(late.Get("/hello"), std::runtime_error);
}

TEST_F(ServerTest, ManyClientsAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      HttpClient client(base_);
      for (int i = 0; i < 20; ++i) {
        if (client.Get("/hello").status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 16 * 20);
}

}  // namespace
}  // namespace pass::http
