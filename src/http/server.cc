// The only translation unit that includes Boost.Beast and Asio (they take ~20 s to compile).
#include "http/server.h"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/log.h"

namespace pass::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

// One accepted connection. Lives as long as its coroutine; the server keeps a pointer to it only
// while it is registered, to cancel an idle read at shutdown.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  // a request has been read and is not yet fully answered (strand-only)
};

Request ToRequest(bhttp::request<bhttp::string_body>&& in, std::string remote) {
  Request r;
  r.method = ParseMethod(std::string_view(in.method_string().data(), in.method_string().size()));
  r.target = std::string(in.target());
  const size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  r.query = q == std::string::npos ? std::string() : r.target.substr(q + 1);
  r.version = static_cast<int>(in.version());
  for (const auto& field : in) {
    r.headers.Add(std::string_view(field.name_string().data(), field.name_string().size()),
                  std::string_view(field.value().data(), field.value().size()));
  }
  r.body = std::move(in.body());
  r.remote_address = std::move(remote);
  return r;
}

// Connection is left to keep_alive(), which the server decides.
template <class Body>
void CopyHeaders(const Response& from, bhttp::response<Body>& to) {
  for (const auto& [name, value] : from.headers.fields()) {
    if (!beast::iequals(name, "Connection")) to.insert(name, value);
  }
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, RequestHandler& handler)
      : options_(std::move(options)),
        handler_(handler),
        ioc_(options_.threads),
        acceptor_(ioc_),
        signals_(ioc_) {}

  Result<void> Listen() {
    beast::error_code ec;
    const auto address = net::ip::make_address(options_.address, ec);
    if (ec) {
      return Fail(
          InvalidInput(Message("error.config.listen_address", {{"value", options_.address}})));
    }
    const tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return Fail(Unavailable(Message("error.server.listen", {{"address", options_.address}}),
                              ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    return {};
  }

  uint16_t port() const { return port_; }

  void Start() {
    net::co_spawn(ioc_, Accept(), net::detached);
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](const beast::error_code& ec, int signal) {
        if (ec) return;
        log::Info("server.signal", {{"signal", signal}});
        BeginShutdown();
      });
    }
    const int n = std::max(1, options_.threads);
    for (int i = 0; i < n; ++i) {
      threads_.emplace_back([this] {
        try {
          ioc_.run();
        } catch (const std::exception& e) {
          log::Error("server.worker_failed", {{"what", e.what()}});
        }
      });
    }
    log::Info("server.started",
              {{"address", options_.address}, {"port", static_cast<int>(port_)}, {"threads", n}});
  }

  void Stop() {
    net::post(ioc_, [this] { BeginShutdown(); });
    Wait();
  }

  void Wait() {
    std::lock_guard lock(join_mu_);
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  size_t connections() const { return connection_count_.load(); }
  size_t in_flight() const { return in_flight_.load(); }

 private:
  net::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(ioc_), kUseTuple);
      if (stopping_.load()) co_return;
      if (ec) {
        if (ec == net::error::operation_aborted || ec == net::error::bad_descriptor) co_return;
        // Out of file descriptors or similar: pause briefly instead of spinning.
        log::Warn("server.accept_failed", {{"error", ec.message()}});
        net::steady_timer pause(ioc_, std::chrono::milliseconds(50));
        co_await pause.async_wait(kUseTuple);
        continue;
      }
      if (connection_count_.load() >= options_.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto connection = std::make_shared<Connection>(std::move(socket));
      Register(connection);
      net::co_spawn(connection->stream.get_executor(), Serve(connection),
                    [this, connection](const std::exception_ptr& e) {
                      if (e) {
                        try {
                          std::rethrow_exception(e);
                        } catch (const std::exception& ex) {
                          log::Error("server.connection_failed", {{"what", ex.what()}});
                        }
                      }
                      Unregister(connection);
                    });
    }
  }

  std::chrono::milliseconds BodyTimeout(size_t limit) const {
    const auto mib = static_cast<long>(limit / (size_t{1024} * 1024)) + 1;
    return options_.body_timeout_base + options_.body_timeout_per_mib * mib;
  }

  // Writes `response`; HEAD answers carry the headers and length but no body.
  net::awaitable<beast::error_code> Write(beast::tcp_stream& stream, const Response& response,
                                          bool keep_alive, bool head, int version) {
    stream.expires_after(options_.write_timeout);
    const std::string_view body = response.BodyView();
    if (head) {
      bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(response.status), version};
      CopyHeaders(response, res);
      res.content_length(body.size());
      res.keep_alive(keep_alive);
      auto [ec, n] = co_await bhttp::async_write(stream, res, kUseTuple);
      co_return ec;
    }
    bhttp::response<bhttp::span_body<const char>> res{static_cast<bhttp::status>(response.status),
                                                      version};
    CopyHeaders(response, res);
    res.body() = boost::span<const char>(body.data(), body.size());
    res.prepare_payload();
    res.keep_alive(keep_alive);
    auto [ec, n] = co_await bhttp::async_write(stream, res, kUseTuple);
    co_return ec;
  }

  net::awaitable<void> SendRejection(beast::tcp_stream& stream, int status, std::string_view reason,
                                     int version) {
    const Response response = handler_.Reject(status, reason);
    co_await Write(stream, response, false, false, version);
  }

  net::awaitable<void> Serve(std::shared_ptr<Connection> connection) {
    beast::tcp_stream& stream = connection->stream;
    beast::flat_buffer buffer;
    bool linger = false;  // refused while the client may still be sending
    std::string remote;
    {
      beast::error_code ec;
      const auto endpoint = stream.socket().remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    for (;;) {
      if (stopping_.load()) break;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
      // The route's limit is only known once the header is in; Beast would otherwise refuse a
      // large Content-Length while still reading the header.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      stream.expires_after(options_.header_timeout);
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
      if (ec) {
        if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset) {
          break;
        }
        if (ec == beast::error::timeout) {
          // The stream is closed by its timer; nothing can be sent. Log it like a 408.
          if (parser.got_some())
            log::Info("http.timeout", {{"phase", "header"}, {"remote", remote}});
          break;
        }
        const int status = ec == bhttp::error::header_limit ? 431 : 400;
        co_await SendRejection(stream, status, ec.message(), 11);
        linger = true;
        break;
      }

      connection->busy = true;
      in_flight_.fetch_add(1);
      struct InFlight {
        Impl* impl;
        Connection* c;
        ~InFlight() {
          c->busy = false;
          impl->in_flight_.fetch_sub(1);
        }
      } guard{this, connection.get()};

      auto& head = parser.get();
      const int version = static_cast<int>(head.version());
      const Method method =
          ParseMethod(std::string_view(head.method_string().data(), head.method_string().size()));
      const size_t limit =
          handler_.BodyLimit(method, std::string_view(head.target().data(), head.target().size()));
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await SendRejection(stream, 413, "body too large", version);
        linger = true;
        break;
      }
      parser.body_limit(limit);
      if (!parser.is_done()) {
        if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
          stream.expires_after(options_.write_timeout);
          auto [wec, wn] = co_await bhttp::async_write(stream, cont, kUseTuple);
          if (wec) break;
        }
        stream.expires_after(BodyTimeout(limit));
        auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
        if (bec) {
          if (bec == bhttp::error::body_limit) {
            co_await SendRejection(stream, 413, "body too large", version);
            linger = true;
          } else if (bec == beast::error::timeout) {
            log::Info("http.timeout", {{"phase", "body"}, {"remote", remote}});
          } else if (bec != net::error::operation_aborted && bec != net::error::eof &&
                     bec != bhttp::error::end_of_stream && bec != net::error::connection_reset) {
            co_await SendRejection(stream, 400, bec.message(), version);
          }
          break;
        }
      }

      const bool wants_keep_alive = parser.get().keep_alive();
      Request request = ToRequest(parser.release(), remote);
      const bool head_request = request.method == Method::kHead;
      // The handler runs here, on this worker; reads and writes of other connections go on
      // in the other workers meanwhile.
      const Response response = handler_.Handle(request);
      const bool keep_alive =
          wants_keep_alive && !stopping_.load() && !response.headers.Get("Connection").has_value();
      const auto wec = co_await Write(stream, response, keep_alive, head_request, version);
      if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger) co_await DrainBeforeClose(stream);
    stream.close();
  }

  // After refusing a request whose body is still arriving, reads and drops what the client goes
  // on sending for a short while (as nginx's lingering close does). Closing a socket with unread
  // data makes the kernel reset the connection, and a reset can reach the client before it has
  // read our answer: it would see a broken connection instead of the 413.
  net::awaitable<void> DrainBeforeClose(beast::tcp_stream& stream) {
    constexpr size_t kMaxDrained = size_t{64} * 1024 * 1024;
    std::array<char, size_t{64} * 1024> sink{};
    size_t drained = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (drained < kMaxDrained && !stopping_.load()) {
      auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), kUseTuple);
      if (ec) break;
      drained += n;
    }
  }

  void Register(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mu_);
    connections_.insert(c);
    connection_count_.store(connections_.size());
  }

  void Unregister(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mu_);
    connections_.erase(c);
    connection_count_.store(connections_.size());
  }

  // Runs on the io_context. Closes the door, wakes idle connections so they end, and lets busy
  // ones finish their response (they see stopping_ and close). The workers return once no
  // connection is left, or when the grace period ends.
  void BeginShutdown() {
    if (stopping_.exchange(true)) return;
    log::Info("server.stopping",
              {{"connections", connection_count_.load()}, {"in_flight", in_flight_.load()}});
    beast::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(mu_);
      open.assign(connections_.begin(), connections_.end());
    }
    for (auto& c : open) {
      net::post(c->stream.get_executor(), [c] {
        if (!c->busy) c->stream.cancel();
      });
    }
    deadline_ = std::chrono::steady_clock::now() + options_.shutdown_grace;
    shutdown_timer_ = std::make_unique<net::steady_timer>(ioc_);
    PollShutdown();
  }

  void PollShutdown() {
    if (connection_count_.load() == 0) {
      log::Info("server.stopped");
      return;  // nothing left to do: the workers' run() returns
    }
    if (std::chrono::steady_clock::now() >= deadline_) {
      log::Warn("server.grace_expired", {{"connections", connection_count_.load()}});
      ioc_.stop();
      return;
    }
    // Connections that became idle since the last look are closed too.
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(mu_);
      open.assign(connections_.begin(), connections_.end());
    }
    for (auto& c : open) {
      net::post(c->stream.get_executor(), [c] {
        if (!c->busy) c->stream.cancel();
      });
    }
    shutdown_timer_->expires_after(std::chrono::milliseconds(20));
    shutdown_timer_->async_wait([this](const beast::error_code& ec) {
      if (!ec) PollShutdown();
    });
  }

  ServerOptions options_;
  RequestHandler& handler_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  uint16_t port_ = 0;
  std::vector<std::thread> threads_;
  std::mutex join_mu_;

  std::atomic<bool> stopping_{false};
  std::atomic<size_t> in_flight_{0};
  std::atomic<size_t> connection_count_{0};
  std::mutex mu_;
  std::unordered_set<std::shared_ptr<Connection>> connections_;
  std::unique_ptr<net::steady_timer> shutdown_timer_;
  std::chrono::steady_clock::time_point deadline_;
};

Server::Server(ServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}
Server::~Server() {
  if (impl_) {
    impl_->Stop();
  }
}

Result<void> Server::Listen() { return impl_->Listen(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Start() { impl_->Start(); }
void Server::Run() {
  impl_->Start();
  impl_->Wait();
}
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }
size_t Server::connections() const { return impl_->connections(); }
size_t Server::in_flight() const { return impl_->in_flight(); }

}  // namespace pass::http
