// thread_pool.cpp: the pool of thread_pool.hpp.
//
// One job at a time (RunKernelItems is called from one thread: the caller of the kernels). A job is published
// under the mutex with a new generation number; pool threads that see it join (also under the mutex), take
// items until none are left, and leave. Items are dealt in contiguous shares, share p to thread p (the caller
// is 0): each thread first runs its own share (so the same thread meets the same rows or features in the forward
// and the backward, and finds them in its cache), in increasing or (backwards) decreasing order, then takes items
// left in the other shares (a thread that
// woke late, or was descheduled by other work on the machine, holds nobody up). The caller takes items too, waits until every
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
    for (int k = 1; k < threads; ++k) workers_.emplace_back([this, k] { Work(k); });
  }

  void Run(int count, void (*task)(void*, int), void* context, bool backwards) {
    if (count <= 0) return;
    if (workers_.empty() || count == 1) {
      for (int k = 0; k < count; ++k) task(context, backwards ? count - 1 - k : k);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = task;
      context_ = context;
      shares_ = std::min(count, threads());
      backwards_ = backwards;
      for (int p = 0; p < shares_; ++p) {
        cursor_[p].store(0, std::memory_order_relaxed);
        start_[p] = static_cast<int>(static_cast<long>(count) * p / shares_);
        end_[p] = static_cast<int>(static_cast<long>(count) * (p + 1) / shares_);
      }
      done_.store(0, std::memory_order_relaxed);
      open_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    Take(0, task, context, shares_, backwards);
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
  // Thread `self` runs the items left in its share, then in the others'.
  void Take(int self, void (*task)(void*, int), void* context, int shares, bool backwards) {
    for (int k = 0; k < shares; ++k) {
      const int p = (self + k) % shares;
      for (;;) {
        const int taken = cursor_[p].fetch_add(1, std::memory_order_relaxed);
        if (taken >= end_[p] - start_[p]) break;
        task(context, backwards ? end_[p] - 1 - taken : start_[p] + taken);
        done_.fetch_add(1, std::memory_order_release);
      }
    }
  }

  void Work(int self) {
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
      const int shares = shares_;
      const bool backwards = backwards_;
      joined_.fetch_add(1, std::memory_order_relaxed);
      lock.unlock();
      Take(self % shares, task, context, shares, backwards);  // more threads than items: helps with another's share
      joined_.fetch_sub(1, std::memory_order_release);
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false, open_ = false;               // guarded by mutex_
  void (*task_)(void*, int) = nullptr;             // guarded by mutex_
  void* context_ = nullptr;                        // guarded by mutex_
  int shares_ = 0;                                 // guarded by mutex_
  bool backwards_ = false;                         // guarded by mutex_
  int start_[64] = {}, end_[64] = {};              // share p: items [start_[p], end_[p]), written under mutex_
  std::atomic<int> cursor_[64];                    // share p: items taken so far
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> done_{0}, joined_{0};
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
void RunKernelItems(int count, void (*task)(void*, int), void* context, bool backwards) {
  ThePool().Run(count, task, context, backwards);
}

#else  // no threads: everything on the caller

int KernelThreads() { return 1; }
void SetKernelThreads(int) {}
bool KernelThreadsBuilt() { return false; }
void RunKernelItems(int count, void (*task)(void*, int), void* context, bool backwards) {
  for (int k = 0; k < count; ++k) task(context, backwards ? count - 1 - k : k);
}

#endif

}  // namespace bn
