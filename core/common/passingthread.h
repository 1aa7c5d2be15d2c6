#pragma once

#include <future>
#include <utility>

namespace photocat::core {

/**
 * Runs @p fn on a new thread, waits for that thread to end and returns what @p fn returned
 * (or rethrows what it threw).
 *
 * For long-lived threads that start LibTorch work: LibTorch's CPU kernels run on an OpenMP
 * team of the calling thread, kept for as long as that thread lives, and libgomp lets waiting
 * workers spin only while the process has no more OpenMP threads than cores. A team left idle
 * on one thread (the main thread that loaded a model, the desktop's training thread after a
 * run) makes every parallel region elsewhere wake its workers from sleep. Measured on 2 cores
 * (photocat-bench idle-team): a resnet-small training step on 128 28x28 images took 91-101 ms
 * alone and 109-121 ms with one idle team left in the process, a resnet18 forward pass at 224
 * 14.5-17.7 ms against 19.0-23.5.
 * The thread has been joined when this returns; its team's workers, told to end, follow it
 * within moments.
 */
template <typename Fn> auto onPassingThread(Fn &&fn)
{
    return std::async(std::launch::async, std::forward<Fn>(fn)).get();
}

} // namespace photocat::core
