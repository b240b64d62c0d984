// The HTTP/1.1 server (Boost.Beast; the only file that includes it is server.cc). It reads
// requests within size and time limits, hands each complete request to a RequestHandler on one of
// its worker threads, and shuts down gracefully: no new connections, in-flight requests finish.
//
// Threading: Start() runs `threads` workers; a handler may be called on several at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace pass::http {

// What the server calls; implemented by Pipeline.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // The largest body accepted for this request line, asked before the body is read.
  virtual size_t BodyLimit(Method method, std::string_view target) const = 0;
  virtual Response Handle(Request& request) = 0;
  // The answer to a request the server could not read (400, 408, 413, 431, 503). The server
  // closes the connection after sending it.
  virtual Response Reject(int status, std::string_view reason) = 0;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int threads = 4;
  size_t header_limit = size_t{16} * 1024;
  std::chrono::milliseconds header_timeout{15'000};  // idle keep-alive included
  std::chrono::milliseconds body_timeout_base{20'000};
  std::chrono::milliseconds body_timeout_per_mib{10'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  size_t max_connections = 10'000;
  bool handle_signals = false;  // SIGINT/SIGTERM begin a graceful shutdown
};

class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; after this, port() is the real port.
  Result<void> Listen();
  uint16_t port() const;

  // Runs the workers and returns at once (tests) or blocks until shut down (Run).
  void Start();
  void Run();

  // Begins a graceful shutdown and waits for it; safe from any thread, idempotent.
  void Stop();
  void Wait();

  // Open connections, and requests being handled right now (for metrics and tests).
  size_t connections() const;
  size_t in_flight() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pass::http
