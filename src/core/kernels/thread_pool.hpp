// thread_pool.hpp: the kernels' small persistent thread pool. Threads are made once (SetKernelThreads), never
// per call; a call hands out work items 0..count−1 one at a time (an atomic counter) to the pool's threads
// and the calling thread, and returns when every item is done. Which thread runs an item changes from call to
// call, so callers make each item's result independent of who runs it (the BN kernels: one item = a fixed
// group of features or channels, each reduction inside one item): results are the same for any thread count.
//
// Built without threads (BNLAB_THREADS=0, the WebAssembly page: Emscripten without -pthread), every item runs
// on the calling thread and the thread count stays 1.
#pragma once

#include <type_traits>

namespace bn {

// Threads used by the kernels, the caller included (≥ 1). Default: the processor count (1 without threads).
int KernelThreads();
// Sets the thread count (clamped to 1..64; stays 1 in a build without threads); starts or stops pool threads.
// Not to be called while a kernel runs.
void SetKernelThreads(int threads);
// True when the build has threads (BNLAB_THREADS).
bool KernelThreadsBuilt();

// Runs task(context, item) for item = 0..count−1 on the pool's threads and the caller; returns when all are done.
// Items are dealt in contiguous shares, one per thread, each run in increasing order, or with `backwards` in
// decreasing order (a thread then meets first what it touched last in the same shares before: a sweep that
// follows another over the same rows finds their last part still in the cache).
void RunKernelItems(int count, void (*task)(void* context, int item), void* context, bool backwards = false);

// The same with any callable: RunKernelItems(count, [&](int item) { ... }).
template <typename F>
void RunKernelItems(int count, F&& f, bool backwards = false) {
  using G = std::remove_reference_t<F>;
  RunKernelItems(count, [](void* context, int item) { (*static_cast<G*>(context))(item); },
                 const_cast<void*>(static_cast<const void*>(&f)), backwards);
}

}  // namespace bn
