#pragma once
// Which of the writer's queues a job waits in (storage/writer.hpp).

namespace kl::storage {

// Background work (erasing a session or a person, in many short jobs) runs alone in a
// batch, only when no foreground job is waiting (or after a few foreground batches, so
// that it still finishes under load): a request then waits for at most one background
// job, never for a batch of them.
enum class WriteLane { foreground, background };

}  // namespace kl::storage
