// SPDX-License-Identifier: GPL-3.0-or-later
#include "pickle_check.h"

#include <cstdint>
#include <cstring>

#include "gpnmsa/error.h"

namespace gpnmsa {

namespace {
uint64_t readLittle(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
}  // namespace

void checkPickleOpcodes(const std::vector<char>& pickle, const std::string& what) {
  const auto* data = reinterpret_cast<const unsigned char*>(pickle.data());
  const size_t size = pickle.size();
  size_t at = 0;
  auto fail = [&](const std::string& why) {
    throw Error(what + ": corrupt pickle at byte " + std::to_string(at) + ": " + why);
  };
  // Argument of `bytes` bytes after the opcode; returns it.
  auto fixed = [&](int bytes) -> uint64_t {
    if (size - at - 1 < size_t(bytes)) fail("truncated argument");
    const uint64_t v = readLittle(data + at + 1, bytes);
    at += 1 + size_t(bytes);
    return v;
  };
  // A length of `bytes` bytes, then that many bytes.
  auto counted = [&](int bytes) {
    const size_t start = at;
    const uint64_t n = fixed(bytes);
    if (n > size - at) {
      at = start;
      fail("a length of " + std::to_string(n) + " bytes runs past the end");
    }
    at += size_t(n);
  };
  auto line = [&]() {
    const void* nl = std::memchr(data + at + 1, '\n', size - at - 1);
    if (!nl) fail("unterminated text argument");
    at = size_t(static_cast<const unsigned char*>(nl) - data) + 1;
  };
  auto memoId = [&](uint64_t id) {
    if (id >= size) fail("memo index " + std::to_string(id) + " is beyond anything this pickle can hold");
  };
  while (at < size) {
    const unsigned char op = data[at];
    switch (op) {
      case '.': return;  // STOP
      case '(': case '0': case '1': case '2': case 'N': case 'R': case 'a': case 'b': case 'd':
      case '}': case 'e': case 'l': case ']': case 'o': case 's': case 'u': case 't': case ')':
      case 0x85: case 0x86: case 0x87: case 0x88: case 0x89: case 0x81: case 0x92: case 0x93:
      case 0x94: case 0x8f: case 0x90: case 0x91: case 'Q': case 0x97: case 0x98:
        ++at;
        break;
      case 'K': case 'h': case 0x80: case 0x82: fixed(1); break;
      case 'q': memoId(fixed(1)); break;
      case 'M': case 0x83: fixed(2); break;
      case 'J': case 'j': case 0x84: fixed(4); break;
      case 'r': memoId(fixed(4)); break;
      case 'G': fixed(8); break;
      case 0x95: {  // FRAME: a length of what follows
        const uint64_t n = fixed(8);
        if (n > size - at) fail("a frame of " + std::to_string(n) + " bytes runs past the end");
        break;
      }
      case 'U': case 'C': case 0x8c: case 0x8a: counted(1); break;
      case 'T': case 'B': case 'X': case 0x8b: counted(4); break;
      case 0x8d: case 0x8e: case 0x96: counted(8); break;
      case 'I': case 'L': case 'F': case 'S': case 'V': case 'P': case 'g': line(); break;
      case 'p': {
        const size_t start = at + 1;
        line();
        memoId(std::strtoull(std::string(reinterpret_cast<const char*>(data + start), at - 1 - start).c_str(), nullptr, 10));
        break;
      }
      case 'c': case 'i': line(); --at; line(); break;  // module\n name\n
      default: fail("unknown opcode " + std::to_string(op));
    }
  }
  fail("no STOP opcode");
}

}  // namespace gpnmsa
