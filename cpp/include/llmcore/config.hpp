// SPDX-License-Identifier: BSD-3-Clause
/// @file config.hpp
/// @brief Portability macros for the device-safe model code (host C++ and CUDA).
#pragma once

// Model functions are compiled twice: once by the host compiler for the CPU driver and
// once by nvcc for the CUDA kernels. Nothing under include/llmcore may use exceptions,
// I/O, Python or the standard library's allocating containers.
#if defined(__CUDACC__)
#define LLMCORE_HD __host__ __device__
#define LLMCORE_INLINE __forceinline__
#else
#define LLMCORE_HD
#define LLMCORE_INLINE inline __attribute__((always_inline))
#endif

// Loop pragmas for code both compilers see. LLMCORE_UNROLL: unroll fully (GCC peels at most
// 16 iterations by itself; a scenario loop around an unrolled field loop then vectorises
// with one contiguous load/store per field). LLMCORE_ROLLED: keep a device loop rolled
// (design/cuda.md: unrolling the sampling loops made compiles 4x slower for no gain).
// nvcc's host pass (__CUDACC__ without __CUDA_ARCH__) accepts neither spelling quietly, and
// its host code is not hot: nothing there.
#if defined(__CUDA_ARCH__)
#define LLMCORE_UNROLL _Pragma("unroll")
#define LLMCORE_ROLLED _Pragma("unroll 1")
#elif defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define LLMCORE_UNROLL _Pragma("GCC unroll 64")
#define LLMCORE_ROLLED
#else
#define LLMCORE_UNROLL
#define LLMCORE_ROLLED
#endif

#if defined(__GNUC__) || defined(__clang__) || defined(__CUDACC__)
#define LLMCORE_RESTRICT __restrict__
#else
#define LLMCORE_RESTRICT
#endif

// Floating-point policy: no fast-math. The build adds -fno-math-errno and
// -fno-trapping-math (we never read errno or FP exception flags), which lets the
// compiler vectorise selects and divisions without changing any IEEE result.
