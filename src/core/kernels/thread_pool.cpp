// thread_pool.cpp: the pool of thread_pool.hpp.
//
// One job at a time (RunKernelItems is called from one thread: the caller of the kernels). A job is published
// under the mutex with a new generation number; pool threads that see it join (also under the mutex), take
// items from the atomic `next_` until none are left, and leave. The caller takes items too, waits until every
// item is done, closes the job (no thread may join after that) and waits until the joined threads have left,
// so no thread can touch a finished job's context. Between jobs a pool thread spins briefly (a forward is
// usually followed by a backward within microseconds), then sleeps on the condition variable.
#include "core/kernels/thread_pool.hpp"

#include <algorithm>

#ifndef BNLAB_THREADS
#define BNLAB_THREADS 0
#endif

#if BNLAB_THREADS
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace bn {

#if BNLAB_THREADS

namespace {

inline void Pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

class Pool {
 public:
  Pool() { Resize(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))); }
  ~Pool() { Resize(1); }

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  void Resize(int threads) {
    threads = std::clamp(threads, 1, 64);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    stop_ = false;
    for (int k = 1; k < threads; ++k) workers_.emplace_back([this] { Work(); });
  }

  void Run(int count, void (*task)(void*, int), void* context) {
    if (count <= 0) return;
    if (workers_.empty() || count == 1) {
      for (int item = 0; item < count; ++item) task(context, item);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = task;
      context_ = context;
      count_ = count;
      next_.store(0, std::memory_order_relaxed);
      done_.store(0, std::memory_order_relaxed);
      open_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    Take(task, context, count);
    // Wait for the items other threads are running.
    for (int spin = 0; done_.load(std::memory_order_acquire) < count; ++spin) {
      if (spin < 4000) Pause(); else std::this_thread::yield();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = false;
    }
    for (int spin = 0; joined_.load(std::memory_order_acquire) > 0; ++spin) {
      if (spin < 4000) Pause(); else std::this_thread::yield();
    }
  }

 private:
  void Take(void (*task)(void*, int), void* context, int count) {
    for (;;) {
      const int item = next_.fetch_add(1, std::memory_order_relaxed);
      if (item >= count) return;
      task(context, item);
      done_.fetch_add(1, std::memory_order_release);
    }
  }

  void Work() {
    uint64_t seen = generation_.load(std::memory_order_acquire);
    for (;;) {
      // spin about 50 µs for the next job, then sleep until one comes
      for (int spin = 0; spin < 2000 && generation_.load(std::memory_order_acquire) == seen; ++spin) Pause();
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_.load(std::memory_order_relaxed) != seen; });
      if (stop_) return;
      seen = generation_.load(std::memory_order_relaxed);
      if (!open_) continue;  // finished before this thread woke
      void (*task)(void*, int) = task_;
      void* context = context_;
      const int count = count_;
      joined_.fetch_add(1, std::memory_order_relaxed);
      lock.unlock();
      Take(task, context, count);
      joined_.fetch_sub(1, std::memory_order_release);
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false, open_ = false;               // guarded by mutex_
  void (*task_)(void*, int) = nullptr;             // guarded by mutex_
  void* context_ = nullptr;                        // guarded by mutex_
  int count_ = 0;                                  // guarded by mutex_
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> next_{0}, done_{0}, joined_{0};
};

Pool& ThePool() {
  static Pool pool;  // made on first use, threads joined at exit
  return pool;
}

}  // namespace

int KernelThreads() { return ThePool().threads(); }
void SetKernelThreads(int threads) {
  if (threads != ThePool().threads()) ThePool().Resize(threads);
}
bool KernelThreadsBuilt() { return true; }
void RunKernelItems(int count, void (*task)(void*, int), void* context) { ThePool().Run(count, task, context); }

#else  // no threads: everything on the caller

int KernelThreads() { return 1; }
void SetKernelThreads(int) {}
bool KernelThreadsBuilt() { return false; }
void RunKernelItems(int count, void (*task)(void*, int), void* context) {
  for (int item = 0; item < count; ++item) task(context, item);
}

#endif

}  // namespace bn
