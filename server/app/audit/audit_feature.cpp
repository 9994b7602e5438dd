#include "server/app/audit/audit_feature.hpp"

#include "server/app/audit/audit_verbs.hpp"

namespace kl::app {

void register_audit(Features& features) {
    auto& audit = features.keep<AuditVerbs>(features.services);
    features.verbs.add("audit.list", audit, &AuditVerbs::list);
}

}  // namespace kl::app
