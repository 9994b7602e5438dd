#pragma once
// The fuzz targets' one assertion: an invariant that fails is a bug, reported by
// aborting, which libFuzzer and replay_main.cpp both treat as a crash. Not assert():
// it must hold in every build type.
#include <cstdio>
#include <cstdlib>

#define KL_FUZZ_CHECK(condition)                                                              \
    do {                                                                                      \
        if (!(condition)) {                                                                   \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                     \
        }                                                                                     \
    } while (false)
