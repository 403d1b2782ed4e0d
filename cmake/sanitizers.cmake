# GPNMSA_SANITIZE=<list>: build the project's own targets (core, app, ui,
# tests, benchmarks) with -fsanitize=<list>, e.g. "address,undefined" or
# "thread". Third-party libraries (libtorch, Qt, OpenBLAS, htslib) stay
# uninstrumented; their known reports are suppressed in tests/sanitizers/*.supp
# and CTest hands every test the matching *SAN_OPTIONS (gpnmsa_sanitizer_test_env).
# CI uses clang-14 (README "### Sanitizers"); gcc works for local runs too.
set(GPNMSA_SANITIZE "" CACHE STRING
  "Comma-separated -fsanitize= list for the project's own code (empty: none), e.g. address,undefined or thread")

if(GPNMSA_SANITIZE)
  # Directory-scoped, before add_subdirectory: every target of ours gets it,
  # imported third-party targets are not compiled here.
  add_compile_options(-fsanitize=${GPNMSA_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${GPNMSA_SANITIZE})
  if(GPNMSA_SANITIZE MATCHES "undefined")
    # A UBSan finding aborts the program, so the test that triggered it fails
    # (by default UBSan prints and carries on, and the test would still pass).
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()

set(GPNMSA_SANITIZER_SUPP_DIR "${CMAKE_CURRENT_LIST_DIR}/../tests/sanitizers")
get_filename_component(GPNMSA_SANITIZER_SUPP_DIR "${GPNMSA_SANITIZER_SUPP_DIR}" ABSOLUTE)

# gpnmsa_sanitizer_test_env(): appends the sanitizers' run-time options to every
# test defined so far in the calling directory. The environment is inherited,
# so the `gpnmsa` processes a test spawns get the same options.
function(gpnmsa_sanitizer_test_env)
  if(NOT GPNMSA_SANITIZE)
    return()
  endif()
  set(_d "${GPNMSA_SANITIZER_SUPP_DIR}")
  set(_env
    # detect_leaks: LSan is on by default with ASan on Linux; said here so it is plain.
    # allocator_may_return_null: a failed allocation throws std::bad_alloc as it does
    # uninstrumented (test_model_errors caps the address space on purpose).
    "ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
    "LSAN_OPTIONS=suppressions=${_d}/lsan.supp:print_suppressions=0"
    "UBSAN_OPTIONS=suppressions=${_d}/ubsan.supp:print_stacktrace=1:halt_on_error=1"
    "TSAN_OPTIONS=suppressions=${_d}/tsan.supp:halt_on_error=0:second_deadlock_stack=1:exitcode=66")
  get_property(_tests DIRECTORY PROPERTY TESTS)
  foreach(_t IN LISTS _tests)
    set_property(TEST ${_t} APPEND PROPERTY ENVIRONMENT ${_env})
    # Our code runs 2-5x slower instrumented (libtorch's kernels do not), and
    # test_cli ran past its 900 s on the loaded shared machine: three times the
    # usual limit, still a bound on a hang.
    get_test_property(${_t} TIMEOUT _timeout)
    if(_timeout)
      math(EXPR _timeout "${_timeout} * 3")
      set_tests_properties(${_t} PROPERTIES TIMEOUT ${_timeout})
    endif()
  endforeach()
endfunction()
