// SPDX-License-Identifier: GPL-3.0-or-later
#include "network_deadline.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <list>
#include <mutex>
#include <thread>

#include "gpnmsa/error.h"
#include "random_access_file.h"

namespace gpnmsa::net {

using Clock = std::chrono::steady_clock;

struct Deadline::Entry {
  pthread_t thread;
  Clock::time_point due;
  std::atomic<bool> expired{false};
};

namespace {

// Sent only to a thread inside a network call past its deadline. The handler
// does nothing: what matters is that it is installed without SA_RESTART, so
// the select() htslib waits in fails with EINTR.
int interruptSignal() { return SIGRTMIN + 5; }
void onInterrupt(int) {}

int secondsFromEnv(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (*end != '\0' || v < 1 || v > 86400)
    throw Error(std::string(name) + "='" + text + "': expected whole seconds from 1 to 86400");
  return int(v);
}

// One thread for the whole process, started by the first Deadline. It sleeps
// until the earliest deadline; past it, it signals that thread, again every
// 100 ms (a signal landing outside select() is lost) until the Deadline goes.
class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog w;
    return w;
  }
  void add(const std::shared_ptr<Deadline::Entry>& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back(e);
    wake_.notify_one();
  }
  void remove(const std::shared_ptr<Deadline::Entry>& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.remove(e);
  }

 private:
  Watchdog() {
    struct sigaction sa {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: the interrupted call must fail
    sigaction(interruptSignal(), &sa, nullptr);
    thread_ = std::thread([this] { run(); });
  }
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      Clock::time_point next = Clock::time_point::max();
      const Clock::time_point now = Clock::now();
      for (const auto& e : entries_) {
        if (e->due <= now) {
          e->expired = true;
          // Under the mutex: the Deadline, and so its thread, is still alive.
          pthread_kill(e->thread, interruptSignal());
          next = std::min(next, now + std::chrono::milliseconds(100));
        } else {
          next = std::min(next, e->due);
        }
      }
      if (next == Clock::time_point::max())
        wake_.wait(lock);
      else
        wake_.wait_until(lock, next);
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::list<std::shared_ptr<Deadline::Entry>> entries_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

Timeouts timeouts() {
  Timeouts t;
  t.connectSeconds = secondsFromEnv("GPNMSA_CONNECT_TIMEOUT", t.connectSeconds);
  t.stallSeconds = secondsFromEnv("GPNMSA_STALL_TIMEOUT", t.stallSeconds);
  return t;
}

Deadline::Deadline(Kind kind, std::string url) : kind_(kind), seconds_(0), url_(std::move(url)) {
  if (!store::isUrl(url_)) return;  // a local file: nothing to time out
  const Timeouts t = timeouts();
  seconds_ = kind_ == Kind::Connect ? t.connectSeconds : t.stallSeconds;
  entry_ = std::make_shared<Entry>();
  entry_->thread = pthread_self();
  entry_->due = Clock::now() + std::chrono::seconds(seconds_);
  Watchdog::instance().add(entry_);
}

Deadline::~Deadline() {
  if (entry_) Watchdog::instance().remove(entry_);
}

bool Deadline::expired() const { return entry_ && entry_->expired.load(); }

void Deadline::throwIfExpired() const {
  if (!expired()) return;
  const bool connect = kind_ == Kind::Connect;
  throw Error(url_ + ": no " + (connect ? "answer" : "data") + " from the server within " +
              std::to_string(seconds_) + " s (" + (connect ? "connect" : "stall") +
              " timeout; set " + (connect ? "GPNMSA_CONNECT_TIMEOUT" : "GPNMSA_STALL_TIMEOUT") +
              "=SECONDS to wait longer)");
}

}  // namespace gpnmsa::net
