#pragma once
// A ZIP archive of a few named files, made with zlib's minizip (Debian libminizip-dev)
// in a temporary file in dir (the data folder: the bytes are personal data and belong
// on the same, encrypted, disk), read back and removed. Throws std::runtime_error.
#include <string>
#include <utility>
#include <vector>

namespace kl::app {

std::string make_zip(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace kl::app
