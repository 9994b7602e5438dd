#pragma once
// A read buffer for Beast's websocket::stream::async_read that costs an idle
// connection little while it waits for its next message.
//
// Why: Beast's read prepares its dynamic buffer before any byte has arrived, with room
// for a whole TCP frame (websocket::stream::tcp_frame_size, 1536 bytes), and keeps it
// for as long as the read is pending: for an idle connection, for ever. This adaptor
// says its room is first_piece bytes while it holds nothing, so the pending read holds
// that much; from the first byte of a message on it offers the flat buffer's full size,
// so a larger message grows the buffer as before (Beast reads it in more pieces; the
// bytes are already in memory, no system call is added).
//
// The adaptor refers to a flat buffer owned by the caller; Beast keeps a reference to
// the adaptor during the read, so both live in the connection. A DynamicBuffer (v1).
#include <boost/beast/core/flat_buffer.hpp>

#include <cstddef>

namespace kl::net {

class SmallFirstBuffer {
public:
    using const_buffers_type = boost::beast::flat_buffer::const_buffers_type;
    using mutable_buffers_type = boost::beast::flat_buffer::mutable_buffers_type;

    SmallFirstBuffer(boost::beast::flat_buffer& buffer, std::size_t first_piece)
        : buffer_(&buffer), first_piece_(first_piece) {}

    std::size_t size() const noexcept { return buffer_->size(); }
    std::size_t max_size() const noexcept {
        return buffer_->size() == 0 && first_piece_ < buffer_->max_size() ? first_piece_ : buffer_->max_size();
    }
    std::size_t capacity() const noexcept { return buffer_->capacity(); }
    const_buffers_type data() const noexcept { return buffer_->data(); }
    const_buffers_type cdata() const noexcept { return buffer_->cdata(); }
    mutable_buffers_type data() noexcept { return buffer_->data(); }
    mutable_buffers_type prepare(std::size_t n) { return buffer_->prepare(n); }
    void commit(std::size_t n) noexcept { buffer_->commit(n); }
    void consume(std::size_t n) noexcept { buffer_->consume(n); }

private:
    boost::beast::flat_buffer* buffer_;
    std::size_t first_piece_;
};

}  // namespace kl::net
