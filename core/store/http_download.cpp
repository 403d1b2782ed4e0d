// SPDX-License-Identifier: GPL-3.0-or-later
// libcurl (the GnuTLS build htslib links too, so one libcurl in the process)
// moves the bytes; nettle hashes them as they arrive, and re-hashes what a
// partial file already holds before a resume, so the digest always covers
// the file as it is on disk.
#include "gpnmsa/http_download.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <vector>

#include "gpnmsa/version.h"
#include "network_deadline.h"

namespace gpnmsa {
namespace {

std::string toHex(const uint8_t* d, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[d[i] >> 4];
    out += digits[d[i] & 15];
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool isHex(const std::string& s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// `"abc"` or `W/"abc"` -> abc.
std::string unquote(std::string v) {
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

int64_t fileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? int64_t(st.st_size) : -1;
}

class Sha256 {
 public:
  Sha256() { sha256_init(&ctx_); }
  void add(const void* p, size_t n) { sha256_update(&ctx_, n, static_cast<const uint8_t*>(p)); }
  std::string hex() {
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx_, sizeof d, d);
    return toHex(d, sizeof d);
  }

 private:
  sha256_ctx ctx_;
};

// Feeds a file's bytes to `sink`; throws naming the file.
template <typename Sink>
void readWhole(const std::string& path, Sink&& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path + ": " + std::strerror(errno));
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), std::streamsize(buf.size()));
    if (in.gcount() > 0) sink(buf.data(), size_t(in.gcount()));
  }
  if (in.bad()) throw Error("cannot read " + path);
}

// The git object id of a file (SHA-1 of "blob SIZE\0" + bytes): the model
// hub's ETag for files kept in git rather than LFS (config.json).
std::string gitBlobSha1(const std::string& path) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  const std::string head = "blob " + std::to_string(fileSize(path)) + std::string(1, '\0');
  sha1_update(&ctx, head.size(), reinterpret_cast<const uint8_t*>(head.data()));
  readWhole(path, [&](const char* p, size_t n) { sha1_update(&ctx, n, reinterpret_cast<const uint8_t*>(p)); });
  uint8_t d[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, sizeof d, d);
  return toHex(d, sizeof d);
}

// DEST.part.meta: which URL the partial file came from and the validator
// (ETag or Last-Modified) a resume sends in If-Range.
struct PartMeta {
  std::string url, validator;
};

PartMeta readMeta(const std::string& path) {
  PartMeta m;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string key = line.substr(0, tab), value = line.substr(tab + 1);
    if (key == "url") m.url = value;
    if (key == "validator") m.validator = value;
  }
  return m;
}

void writeMeta(const std::string& path, const PartMeta& m) {
  std::ofstream out(path, std::ios::trunc);
  out << "url\t" << m.url << "\nvalidator\t" << m.validator << "\n";
}

// Everything one curl transfer learns and decides.
struct Transfer {
  const DownloadRequest* request = nullptr;
  const DownloadProgress* progress = nullptr;
  const std::atomic<bool>* stop = nullptr;
  std::string partPath, metaPath;
  int fd = -1;
  int64_t kept = 0;     // bytes of the part file before this response's body
  int64_t written = 0;  // bytes of this response's body written
  Sha256 hash;
  // Headers: linked* come from any response of the redirect chain (the hub's
  // 302 carries them), the rest from the last one.
  long status = 0;
  std::string etag, lastModified, contentRange, linkedEtag;
  int64_t contentLength = -1, linkedSize = -1, total = -1;
  bool bodyStarted = false;
  std::string expectedSha256, verifiedBy;
  bool gitBlob = false;
  // A reason to stop the transfer from inside a callback.
  bool failed = false;
  DownloadError::Kind failKind = DownloadError::Kind::Network;
  std::string failMessage;

  void fail(DownloadError::Kind kind, const std::string& message) {
    failed = true;
    failKind = kind;
    failMessage = message;
  }
};

size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    const size_t sp = line.find(' ');
    t->status = sp == std::string::npos ? 0 : std::strtol(line.c_str() + sp + 1, nullptr, 10);
    t->etag.clear();
    t->lastModified.clear();
    t->contentRange.clear();
    t->contentLength = -1;
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  const std::string name = lower(trim(line.substr(0, colon))), value = trim(line.substr(colon + 1));
  if (name == "etag") t->etag = value;
  else if (name == "last-modified") t->lastModified = value;
  else if (name == "content-range") t->contentRange = value;
  else if (name == "content-length") t->contentLength = std::strtoll(value.c_str(), nullptr, 10);
  else if (name == "x-linked-etag") t->linkedEtag = lower(unquote(value));
  else if (name == "x-linked-size") t->linkedSize = std::strtoll(value.c_str(), nullptr, 10);
  return size * count;
}

// Decides, at the first byte of the final response's body, whether and where
// the body goes. False: stop the transfer (t->failed says why).
bool startBody(Transfer* t) {
  const DownloadRequest& r = *t->request;
  if (t->status >= 400) {
    t->fail(DownloadError::Kind::Http, "could not download " + r.url + ": the server answered HTTP " +
                                           std::to_string(t->status) +
                                           (t->status == 404 ? " (not found)" : t->status == 403 ? " (forbidden)" : ""));
    return false;
  }
  if (t->status == 206) {
    // "bytes START-END/TOTAL": it must continue exactly where the part ends.
    long long start = -1, end = -1, total = -1;
    if (std::sscanf(t->contentRange.c_str(), "bytes %lld-%lld/%lld", &start, &end, &total) < 2 || start != t->kept) {
      t->fail(DownloadError::Kind::Http, "could not download " + r.url + ": the server sent a range (" +
                                             t->contentRange + ") that does not continue the " +
                                             std::to_string(t->kept) + " bytes already here");
      return false;
    }
    t->total = total;
  } else {
    // A full answer (the server ignored the range, or the file changed since
    // the part was written): start over.
    if (t->kept > 0) {
      if (::ftruncate(t->fd, 0) != 0 || ::lseek(t->fd, 0, SEEK_SET) != 0) {
        t->fail(DownloadError::Kind::Local, "cannot truncate " + t->partPath + ": " + std::strerror(errno));
        return false;
      }
      t->kept = 0;
      t->hash = Sha256();
    }
    t->total = t->contentLength;
  }
  if (t->total < 0) t->total = t->linkedSize;
  if (r.expectedSize >= 0 && t->total >= 0 && t->total != r.expectedSize) {
    t->fail(DownloadError::Kind::Digest, "could not download " + r.url + ": the server's file has " +
                                             std::to_string(t->total) + " bytes, the release lists " +
                                             std::to_string(r.expectedSize));
    return false;
  }
  // Which digest the finished file must have.
  const std::string mine = lower(r.expectedSha256);
  const bool serverSha = isHex(t->linkedEtag, 64);
  if (!mine.empty() && serverSha && mine != t->linkedEtag) {
    t->fail(DownloadError::Kind::Digest, "refusing " + r.url + ": the release lists SHA-256 " + mine +
                                             " but the server announces " + t->linkedEtag);
    return false;
  }
  if (!mine.empty()) {
    t->expectedSha256 = mine;
    t->verifiedBy = "manifest";
  } else if (serverSha) {
    t->expectedSha256 = t->linkedEtag;
    t->verifiedBy = "server X-Linked-Etag";
  } else if (isHex(lower(unquote(t->etag)), 40) && t->etag.rfind("W/", 0) != 0) {
    t->gitBlob = true;
    t->verifiedBy = "server ETag (git blob SHA-1)";
  } else if (r.allowUnverified) {
    t->verifiedBy = "not verified";
  } else {
    t->fail(DownloadError::Kind::NoDigest, "refusing " + r.url +
                                               ": neither the release manifest nor the server gives its "
                                               "SHA-256, so the download could not be verified");
    return false;
  }
  // A strong validator lets the next attempt resume this body.
  PartMeta meta{r.url, {}};
  if (!t->etag.empty() && t->etag.rfind("W/", 0) != 0) meta.validator = t->etag;
  else if (!t->lastModified.empty()) meta.validator = t->lastModified;
  writeMeta(t->metaPath, meta);
  t->bodyStarted = true;
  return true;
}

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  // 416: the part already reaches past the server's file; decided after the transfer.
  if (t->status == 416 && t->kept > 0) return n;
  if (!t->bodyStarted) {
    if (!startBody(t)) return 0;
    // Where this attempt starts (the bytes kept from an earlier one).
    if (t->progress && *t->progress) (*t->progress)(t->kept, t->total);
  }
  for (size_t off = 0; off < n;) {
    const ssize_t w = ::write(t->fd, data + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      t->fail(DownloadError::Kind::Local, "cannot write " + t->partPath + ": " + std::strerror(errno));
      return 0;
    }
    off += size_t(w);
  }
  t->hash.add(data, n);
  t->written += int64_t(n);
  return n;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->stop && t->stop->load()) return 1;
  if (t->progress && *t->progress && t->bodyStarted) (*t->progress)(t->kept + t->written, t->total);
  return 0;
}

void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

DownloadResult attempt(const DownloadRequest& r, const DownloadProgress& progress, const std::atomic<bool>* stop,
                       bool mayRetry) {
  Transfer t;
  t.request = &r;
  t.progress = &progress;
  t.stop = stop;
  t.partPath = r.dest + ".part";
  t.metaPath = r.dest + ".part.meta";
  const PartMeta old = readMeta(t.metaPath);
  const int64_t partSize = fileSize(t.partPath);
  const bool resume = partSize > 0 && old.url == r.url && !old.validator.empty();
  t.fd = ::open(t.partPath.c_str(), O_WRONLY | O_CREAT | (resume ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0644);
  if (t.fd < 0)
    throw DownloadError(DownloadError::Kind::Local, r.url, "cannot write " + t.partPath + ": " + std::strerror(errno));
  FdCloser closer{t.fd};
  if (resume) {
    readWhole(t.partPath, [&](const char* p, size_t n) { t.hash.add(p, n); });
    t.kept = partSize;
  }
  const int64_t resumedFrom = t.kept;

  globalInit();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw DownloadError(DownloadError::Kind::Local, r.url, "libcurl could not start a transfer");
  char errbuf[CURL_ERROR_SIZE] = "";
  const net::Timeouts limits = net::timeouts();
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "gpnmsa/" GPNMSA_VERSION);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, long(limits.connectSeconds));
  // A transfer slower than 1 byte/s for the stall timeout is given up.
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, long(limits.stallSeconds));
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(nullptr, curl_slist_free_all);
  const std::string range = std::to_string(t.kept) + "-";
  if (resume) {
    curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
    headers.reset(curl_slist_append(nullptr, ("If-Range: " + old.validator).c_str()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  }
  const CURLcode rc = curl_easy_perform(c);

  const bool nothingKept = t.kept + t.written == 0;
  if (t.failed) {
    if (nothingKept || t.failKind == DownloadError::Kind::Digest || t.failKind == DownloadError::Kind::NoDigest) {
      ::unlink(t.partPath.c_str());
      ::unlink(t.metaPath.c_str());
    }
    throw DownloadError(t.failKind, r.url, t.failMessage);
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    throw DownloadError(DownloadError::Kind::Cancelled, r.url,
                        "download of " + r.url + " cancelled; " + std::to_string(t.kept + t.written) +
                            " bytes kept in " + t.partPath + " for the next attempt");
  if (rc != CURLE_OK) {
    if (nothingKept) {  // nothing to resume from
      ::unlink(t.partPath.c_str());
      ::unlink(t.metaPath.c_str());
    }
    throw DownloadError(DownloadError::Kind::Network, r.url,
                        "could not download " + r.url + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
  }
  if (t.status == 416 && mayRetry) {
    // The range asked for lies past the server's file: the part is stale.
    ::unlink(t.partPath.c_str());
    ::unlink(t.metaPath.c_str());
    return attempt(r, progress, stop, false);
  }
  if (!t.bodyStarted && !startBody(&t)) {  // an empty body never reaches onBody
    throw DownloadError(t.failKind, r.url, t.failMessage);
  }
  const int64_t have = t.kept + t.written;
  if (t.total >= 0 && have != t.total)
    throw DownloadError(DownloadError::Kind::Network, r.url,
                        "could not download " + r.url + ": the transfer ended after " + std::to_string(have) +
                            " of " + std::to_string(t.total) + " bytes");
  if (::fsync(t.fd) != 0)
    throw DownloadError(DownloadError::Kind::Local, r.url, "cannot write " + t.partPath + ": " + std::strerror(errno));

  DownloadResult result;
  result.bytes = have;
  result.resumedFrom = t.total >= 0 && t.kept == resumedFrom ? resumedFrom : 0;
  result.sha256 = t.hash.hex();
  result.verifiedBy = t.verifiedBy;
  std::string expected = t.expectedSha256, actual = result.sha256, what = "SHA-256";
  if (t.gitBlob) {
    expected = lower(unquote(t.etag));
    actual = gitBlobSha1(t.partPath);
    what = "git blob SHA-1";
  }
  if (!expected.empty() && expected != actual) {
    ::unlink(t.partPath.c_str());
    ::unlink(t.metaPath.c_str());
    throw DownloadError(DownloadError::Kind::Digest, r.url,
                        "refusing " + r.url + ": its " + what + " is " + actual + ", expected " + expected +
                            " (" + t.verifiedBy + "); the download was discarded");
  }
  if (std::rename(t.partPath.c_str(), r.dest.c_str()) != 0)
    throw DownloadError(DownloadError::Kind::Local, r.url,
                        "cannot rename " + t.partPath + " to " + r.dest + ": " + std::strerror(errno));
  ::unlink(t.metaPath.c_str());
  return result;
}

}  // namespace

DownloadResult downloadFile(const DownloadRequest& request, const DownloadProgress& progress,
                            const std::atomic<bool>* stop) {
  return attempt(request, progress, stop, true);
}

std::string sha256OfFile(const std::string& path) {
  Sha256 h;
  readWhole(path, [&](const char* p, size_t n) { h.add(p, n); });
  return h.hex();
}

}  // namespace gpnmsa
