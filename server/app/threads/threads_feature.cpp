#include "server/app/threads/threads_feature.hpp"

#include "server/app/threads/moderation_verbs.hpp"
#include "server/app/threads/post_verbs.hpp"
#include "server/app/threads/thread_verbs.hpp"

namespace kl::app {

void register_threads(Features& features) {
    auto& verbs = features.verbs;
    auto& threads = features.keep<ThreadVerbs>(features.services, features.hub);
    verbs.add("thread.create", threads, &ThreadVerbs::create);
    verbs.add("thread.posts", threads, &ThreadVerbs::posts);
    verbs.add("thread.read", threads, &ThreadVerbs::read);
    verbs.add("thread.lock", threads, &ThreadVerbs::lock);
    verbs.add("thread.unlock", threads, &ThreadVerbs::unlock);
    verbs.add("thread.pin", threads, &ThreadVerbs::pin);
    verbs.add("thread.unpin", threads, &ThreadVerbs::unpin);
    verbs.add("thread.resolve", threads, &ThreadVerbs::resolve);
    verbs.add("thread.slow_mode", threads, &ThreadVerbs::slow_mode);
    verbs.add("thread.retitle", threads, &ThreadVerbs::retitle);
    verbs.add("typing", threads, &ThreadVerbs::typing);

    auto& posts = features.keep<PostVerbs>(features.services, features.hub);
    verbs.add("post.create", posts, &PostVerbs::create);
    verbs.add("post.edit", posts, &PostVerbs::edit);
    verbs.add("post.delete", posts, &PostVerbs::remove);
    verbs.add("post.flag", posts, &PostVerbs::flag);
    verbs.add("post.history", posts, &PostVerbs::history);

    auto& moderation = features.keep<ModerationVerbs>(features.services, features.hub);
    verbs.add("mod.queue", moderation, &ModerationVerbs::queue);
    verbs.add("mod.approve", moderation, &ModerationVerbs::approve);
    verbs.add("mod.reject", moderation, &ModerationVerbs::reject);
    verbs.add("mod.hide", moderation, &ModerationVerbs::hide);
    verbs.add("mod.restore", moderation, &ModerationVerbs::restore);
    verbs.add("mod.redact", moderation, &ModerationVerbs::redact);
    verbs.add("mod.dismiss_flag", moderation, &ModerationVerbs::dismiss_flag);
}

}  // namespace kl::app
