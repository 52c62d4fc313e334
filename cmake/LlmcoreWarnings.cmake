# SPDX-License-Identifier: BSD-3-Clause
# Warning and floating-point flags for llmcore's C++ targets.
function(llmcore_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wno-unknown-pragmas>
      # Not fast-math: IEEE results are unchanged. We never read errno or FP exception
      # flags, and dropping them lets selects, divisions and ceil vectorise.
      $<$<COMPILE_LANGUAGE:CXX>:-fno-math-errno -fno-trapping-math -ffp-contract=off>)
    if(LLMCORE_WERROR)
      target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
    endif()
    if(LLMCORE_NATIVE)
      target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
    endif()
  endif()
endfunction()
