// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa import-store --tar`: a published alignment tar.gz -> a zip the
// program reads in place (core/store/tar_import.cpp).
#include <iostream>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/error.h"
#include "gpnmsa/store_import.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {
namespace {

struct ImportStoreArgs {
  std::string tar, output;
  bool quiet = false;
};

int runImportStore(const ImportStoreArgs& a) {
  TarImportOptions o;
  o.tarPath = a.tar;
  o.output = a.output;
  ProgressReporter progress("reading " + a.tar, "bytes", !a.quiet);
  o.progress = [&](int64_t done, int64_t total) { progress.update(done, total); };
  o.stop = &g_interrupted;
  TarImportResult r;
  try {
    r = importTarStore(o);
  } catch (const Error&) {
    if (reportInterrupted("no zip written")) return kExitInterrupted;
    throw;
  }
  progress.finish();
  if (!a.quiet) {
    std::cerr << "wrote " << a.output << ": " << r.entries << " files (" << r.arrays << " arrays, store folder '"
              << (r.root.empty() ? "./" : r.root) << "'), " << r.dataBytes << " bytes of data, zip " << r.zipBytes
              << " bytes\n";
  }
  return kExitOk;
}

}  // namespace

Runner addImportStoreCommand(CLI::App& app) {
  auto args = std::make_shared<ImportStoreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import-store", "turn a published alignment archive (tar.gz of a Zarr store) into a zip read in place");
  cmd->footer(
      "The archive is read as a stream: nothing is extracted; each file becomes a stored (not\n"
      "recompressed) zip entry under the same name. While it runs, the zip is written to a hidden\n"
      "temporary file beside the output (renamed at the end), with an unlinked scratch file for its\n"
      "central directory (about 60 bytes per file; gone even after a crash). The zip is about as\n"
      "large as the archive's files together. Give the zip to --msa; its index sidecar is made on\n"
      "first use.");
  cmd->add_option("--tar", args->tar, "the archive (e.g. 99.zarr.tar.gz)")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "output zip (replaced atomically)")->required();
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  return [args]() { return runImportStore(*args); };
}

}  // namespace gpnmsa::cli
