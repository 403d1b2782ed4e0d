# The Debian package (README "## Install"): `cmake --build build --target package`
# or `cpack -G DEB --config build/CPackConfig.cmake` writes build/gpnmsa_<version>_amd64.deb.
# Besides the two programs and the demo bundle it installs, all made from one
# version (the project's) and, where they describe the programs, generated from
# the built programs themselves so that they cannot fall behind:
#   desktop entry + MIME types, AppStream metainfo (version and date from here),
#   icons (PNG sizes rendered from the SVG with rsvg-convert), man pages
#   (help2man from --help, with a section per gpnmsa subcommand), bash completion
#   (from gpnmsa's --help), copyright and changelog.
# packaging/check-deb.sh builds, validates, installs and runs the package (CI leg 1b);
# packaging/lintian.md explains what lintian still says.
# SPDX-License-Identifier: GPL-3.0-or-later

set(GPNMSA_DEB_EXTRA_DEPENDS "libopenblas0-pthread" CACHE STRING
    "Depends added to what dpkg-shlibdeps finds. OpenBLAS: libtorch calls the system BLAS, and \
the reference BLAS it would otherwise get is about 20x slower")
set(GPNMSA_DEB_MAINTAINER "GPN-MSA Studio maintainers <maintainers@users.noreply.h-seed-2626df21.example>"
    CACHE STRING "Maintainer field of the Debian package and its changelog")
# No public web home yet (packaging/README.md): the homepage is GPN-MSA's own
# (the model, the paper, the released data), the screenshot URL a visible
# placeholder. Set both when the project is published.
set(GPNMSA_HOMEPAGE "https://github.com/songlab-cal/gpn" CACHE STRING "Homepage of the package and AppStream url")
set(GPNMSA_SCREENSHOT_URL "https://example.org/gpnmsa-studio/screenshot.png" CACHE STRING
    "AppStream screenshot (docs/screenshot.png once published)")
set(GPNMSA_APPSTREAM_ID "org.example.gpnmsa_studio")
# The release of PROJECT_VERSION; both forms of the one date.
set(GPNMSA_RELEASE_DATE "2026-11-30")
set(GPNMSA_RELEASE_DATE_RFC2822 "Mon, 30 Nov 2026 12:00:00 +0000")

set(pkg_src ${CMAKE_SOURCE_DIR}/packaging)
set(pkg_out ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${pkg_out})
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(pkg_outputs "")

# copyright (DEP-5) and the changelog, compressed as Debian Policy wants (gzip -9n: no timestamp).
configure_file(${pkg_src}/deb/changelog.in ${pkg_out}/changelog @ONLY)
add_custom_command(OUTPUT ${pkg_out}/changelog.gz
  COMMAND gzip -9n -f -k ${pkg_out}/changelog
  DEPENDS ${pkg_out}/changelog VERBATIM)
list(APPEND pkg_outputs ${pkg_out}/changelog.gz)
install(FILES ${pkg_src}/deb/copyright ${pkg_out}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Generated from the built programs: not in builds whose programs are not run
# as is (sanitizers report leaks at exit; fuzzing instrumentation).
set(pkg_run_programs ON)
if(GPNMSA_SANITIZE OR GPNMSA_FUZZ OR CMAKE_CROSSCOMPILING)
  set(pkg_run_programs OFF)
endif()

find_program(GPNMSA_HELP2MAN help2man)
find_program(GPNMSA_RSVG_CONVERT rsvg-convert)
find_package(Python3 COMPONENTS Interpreter)

# Runs a built program by its bare name (its folder first on PATH), so that
# "Usage: gpnmsa ..." in the man page names the command, not the build folder.
function(gpnmsa_man_page target name include)
  if(NOT GPNMSA_HELP2MAN)
    message(STATUS "help2man not found: no man page for ${target} (packaging/setup.sh installs it)")
    return()
  endif()
  set(page ${pkg_out}/${target}.1)
  set(include_arg "")
  set(deps ${target})
  if(include)
    set(include_arg --include=${include})
    list(APPEND deps ${include})
  endif()
  add_custom_command(OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E env "PATH=$<TARGET_FILE_DIR:${target}>:$ENV{PATH}" LC_ALL=C.UTF-8
            ${GPNMSA_HELP2MAN} --no-info --section=1 --version-string=${PROJECT_VERSION}
            "--name=${name}" ${include_arg} --output=${page} ${target}
    COMMAND gzip -9n -f ${page}
    DEPENDS ${deps} VERBATIM)
  set(pkg_outputs ${pkg_outputs} ${page}.gz PARENT_SCOPE)
  install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()

if(pkg_run_programs AND Python3_FOUND)
  # Bash completion and the man page's subcommand section, from gpnmsa's own --help.
  set(GPNMSA_BASH_COMPLETION ${pkg_out}/gpnmsa.bash-completion)
  add_custom_command(OUTPUT ${GPNMSA_BASH_COMPLETION}
    COMMAND ${Python3_EXECUTABLE} ${pkg_src}/cli_help.py completion $<TARGET_FILE:gpnmsa> ${GPNMSA_BASH_COMPLETION}
    DEPENDS gpnmsa ${pkg_src}/cli_help.py VERBATIM)
  list(APPEND pkg_outputs ${GPNMSA_BASH_COMPLETION})
  install(FILES ${GPNMSA_BASH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME gpnmsa)
  add_custom_command(OUTPUT ${pkg_out}/gpnmsa-subcommands.h2m
    COMMAND ${Python3_EXECUTABLE} ${pkg_src}/cli_help.py man-include $<TARGET_FILE:gpnmsa> ${pkg_out}/gpnmsa-subcommands.h2m
    DEPENDS gpnmsa ${pkg_src}/cli_help.py VERBATIM)
  gpnmsa_man_page(gpnmsa "score human genetic variants with GPN-MSA" ${pkg_out}/gpnmsa-subcommands.h2m)
  if(TARGET gpnmsa-studio)
    gpnmsa_man_page(gpnmsa-studio "score human genetic variants with GPN-MSA and review them" "")
  endif()
  if(GPNMSA_BUILD_TESTS)
    # The completion offers exactly the subcommands and options --help lists.
    add_test(NAME bash_completion
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/test_bash_completion.py
                     $<TARGET_FILE:gpnmsa> ${GPNMSA_BASH_COMPLETION})
  endif()
endif()

if(TARGET gpnmsa-studio)
  # Desktop entry, MIME types of the files it opens, AppStream metainfo, icons.
  configure_file(${pkg_src}/desktop/gpnmsa-studio.metainfo.xml.in
                 ${pkg_out}/${GPNMSA_APPSTREAM_ID}.metainfo.xml @ONLY)
  install(FILES ${pkg_src}/desktop/gpnmsa-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${pkg_src}/desktop/gpnmsa-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
          RENAME gpnmsa.xml)
  install(FILES ${pkg_out}/${GPNMSA_APPSTREAM_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  set(icon_svg ${pkg_src}/icons/gpnmsa-studio.svg)
  install(FILES ${icon_svg} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  if(GPNMSA_RSVG_CONVERT)
    foreach(size 16 32 48 64 128 256)
      set(png ${pkg_out}/icons/${size}x${size}/gpnmsa-studio.png)
      add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${pkg_out}/icons/${size}x${size}
        COMMAND ${GPNMSA_RSVG_CONVERT} --width=${size} --height=${size} --output=${png} ${icon_svg}
        DEPENDS ${icon_svg} VERBATIM)
      list(APPEND pkg_outputs ${png})
      install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
  else()
    message(STATUS "rsvg-convert not found: no PNG icons (packaging/setup.sh installs librsvg2-bin)")
  endif()
endif()
# Everything the package installs: `cmake --build B --target gpnmsa_packaging_files`
# before cpack builds no more than that (check-deb.sh).
add_custom_target(gpnmsa_packaging_files ALL DEPENDS ${pkg_outputs})
add_dependencies(gpnmsa_packaging_files gpnmsa)
if(TARGET gpnmsa-studio)
  add_dependencies(gpnmsa_packaging_files gpnmsa-studio)
endif()

# CPack: one binary package, gpnmsa_<version>_<arch>.deb, installing under /usr.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "gpnmsa")
set(CPACK_PACKAGE_VENDOR "GPN-MSA Studio maintainers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "score human genetic variants with the GPN-MSA DNA language model")
# CPack writes the summary as the synopsis and this as the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "GPN-MSA Studio predicts how damaging a human single-nucleotide variant is with
GPN-MSA, a DNA language model trained on an alignment of 89 vertebrate genomes
(Benegas et al., Nature Biotechnology 2025).
.
This package holds the command-line program gpnmsa (scoring of VCF, BCF, TSV
and CSV files, logits, annotation with published scores, evaluation, training)
and the desktop application gpnmsa-studio (variant table, sequence logos,
region browser, reports and figures), with a small demo model and simulated
alignment so that both show results at once.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}")  # the .deb lands in the build folder, wherever cpack runs
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${GPNMSA_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${GPNMSA_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${GPNMSA_DEB_EXTRA_DEPENDS}")  # shlibdeps' list is appended
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Stripped: the RelWithDebInfo binaries carry ~all of their size in debug
# information; it stays in the build folder (packaging/lintian.md).
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
