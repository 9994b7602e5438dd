#include "protocol/paging.hpp"

#include "protocol/fields.hpp"

namespace kl::protocol {

PageParams page_params(const nlohmann::json& params, int default_limit, int max_limit) {
    PageParams page{std::nullopt, default_limit};
    if (auto id = optional_id(params, "before")) page.before = id_value(*id);
    if (auto limit = optional_int(params, "limit", 1, max_limit)) page.limit = static_cast<int>(*limit);
    return page;
}

}  // namespace kl::protocol
