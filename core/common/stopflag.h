#pragma once

#include <atomic>

namespace photocat::core {

/**
 * The engine's one cancellation mechanism. The caller owns the flag (it must outlive the call)
 * and passes a pointer to a long call (import, training, linear probe, evaluation, label-issue
 * search, labeling pool); the call checks it between items or batches and returns early with a
 * "cancelled" result. Setting it is safe from any thread and from a signal handler. Null means
 * "never stop". Nothing in the engine hands out pointers to its internals for stopping it.
 */
using StopFlag = std::atomic<bool>;

inline bool stopRequested(const StopFlag *stop)
{
    return stop && stop->load(std::memory_order_relaxed);
}

} // namespace photocat::core
