#include "server/app/retention/retention_feature.hpp"

#include "server/app/retention/eraser_runner.hpp"
#include "server/app/retention/retention_verbs.hpp"

namespace kl::app {

void register_retention(Features& features) {
    auto& runner = features.keep<EraserRunner>(features.services, features.hub);
    features.every_second([&runner] { runner.tick(); });
    auto& verbs = features.keep<RetentionVerbs>(features.services, features.hub, runner);
    features.verbs.add("session.hold", verbs, &RetentionVerbs::hold);
    features.verbs.add("retention.list", verbs, &RetentionVerbs::list);
}

}  // namespace kl::app
