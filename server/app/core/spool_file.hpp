#pragma once
// A nameless temporary file. For an export: the report is written into it inside one
// short read transaction, then read back at the pace of the download. A slow client
// then holds a file, never a read transaction (which would stop the WAL from being
// checkpointed for as long as the download lasts). For an upload: the body is spooled
// into it as it arrives, so a 25 MiB document never sits whole in memory, and an
// upload cut off halfway leaves nothing behind.
//
// The file has no name from the start (O_TMPFILE, or a name removed at once), so no
// other process and no listing of the data folder sees it, and it is gone with the
// object even if the server stops midway.
#include <cstddef>
#include <string>
#include <string_view>

namespace kl::app {

class SpoolFile {
public:
    // In directory (the data folder: the same disk as the database). Throws
    // std::runtime_error when no file can be made.
    explicit SpoolFile(const std::string& directory);
    ~SpoolFile();
    SpoolFile(const SpoolFile&) = delete;
    SpoolFile& operator=(const SpoolFile&) = delete;

    // Appends text (gathered in memory, written 64 KiB at a time); throws
    // std::runtime_error when the disk refuses.
    void write(std::string_view text);
    // Reads the next piece of at most max_bytes from the start on; empty at the end.
    std::string read(std::size_t max_bytes);
    // Reading starts from the beginning again.
    void rewind() { read_offset_ = 0; }
    // Bytes written so far.
    std::size_t size() const { return size_ + pending_.size(); }

private:
    void flush();

    int fd_ = -1;
    std::string pending_;  // written, not yet in the file
    std::size_t size_ = 0;
    std::size_t read_offset_ = 0;
};

}  // namespace kl::app
