#include "storage/dense_order.hpp"

#include "storage/connection.hpp"

#include <algorithm>
#include <string>

namespace kl::storage {

namespace {

std::string sql(const OrderedList& list, const std::string& head, const std::string& tail) {
    return head + list.table + tail + " WHERE " + list.group_column + " = ?";
}

}  // namespace

std::int64_t list_size(Connection& connection, const OrderedList& list) {
    auto statement = connection.prepare(sql(list, "SELECT count(*) FROM ", "") + " AND position >= 0");
    statement.bind(1, list.group_id).step();
    return statement.int64(0);
}

std::int64_t make_room(Connection& connection, const OrderedList& list, std::optional<std::int64_t> wanted) {
    auto size = list_size(connection, list);
    auto position = std::clamp<std::int64_t>(wanted.value_or(size), 0, size);
    connection.prepare(sql(list, "UPDATE ", " SET position = position + 1") + " AND position >= ?")
        .bind(1, list.group_id)
        .bind(2, position)
        .run();
    return position;
}

void take_out(Connection& connection, const OrderedList& list, std::int64_t id, std::int64_t position) {
    connection.prepare(std::string("UPDATE ") + list.table + " SET position = -1 WHERE id = ?").bind(1, id).run();
    close_gap(connection, list, position);
}

void close_gap(Connection& connection, const OrderedList& list, std::int64_t position) {
    connection.prepare(sql(list, "UPDATE ", " SET position = position - 1") + " AND position > ?")
        .bind(1, list.group_id)
        .bind(2, position)
        .run();
}

}  // namespace kl::storage
