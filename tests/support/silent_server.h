// SPDX-License-Identifier: GPL-3.0-or-later
// Misbehaving web servers on loopback, for the network-timeout tests (plain
// POSIX sockets on a thread of the test process):
// - Silent: listens; the kernel completes each TCP handshake, nobody ever
//   reads the request or answers.
// - Stalling: answers every request with 200/206 headers for a 1,000,000-byte
//   file and 16 body bytes when the request starts at byte 0 or 1 (enough for
//   a client to open the file and learn its size), and nothing at all for a
//   request further in; connections stay open until the server goes.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QString>
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace testsupport {

class MisbehavingServer {
 public:
  enum class Mode { Silent, Stalling };

  // Empty on success, else why the socket could not be set up.
  QString start(Mode mode) {
    listen_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_ < 0) return "socket() failed";
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "bind() failed";
    if (::listen(listen_, 16) != 0) return "listen() failed";
    socklen_t len = sizeof addr;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (mode == Mode::Stalling) thread_ = std::thread([this] { serve(); });
    return {};
  }
  ~MisbehavingServer() {
    stop_ = true;
    if (listen_ >= 0) ::shutdown(listen_, SHUT_RDWR);  // wakes accept()
    if (thread_.joinable()) thread_.join();
    for (int fd : open_) ::close(fd);
    if (listen_ >= 0) ::close(listen_);
  }

  QString url(const QString& name) const { return QString("http://127.0.0.1:%1/%2").arg(port_).arg(name); }

 private:
  void serve() {
    while (!stop_) {
      const int fd = ::accept(listen_, nullptr, nullptr);
      if (fd < 0) return;
      open_.push_back(fd);
      // One request per connection is all a stalled client sends.
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, std::size_t(n));
      }
      long long from = 0;
      const auto range = request.find("Range: bytes=");
      if (range != std::string::npos) from = std::atoll(request.c_str() + range + 13);
      const long long size = 1000000;
      std::string reply = range == std::string::npos
                              ? "HTTP/1.1 200 OK\r\n"
                              : "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " +
                                    std::to_string(from) + "-" + std::to_string(size - 1) + "/" +
                                    std::to_string(size) + "\r\n";
      reply += "Content-Length: " + std::to_string(size - from) + "\r\n\r\n";
      if (from <= 1) reply += std::string(16, 'x');
      (void)!::write(fd, reply.data(), reply.size());
    }
  }

  int listen_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<int> open_;
};

}  // namespace testsupport
