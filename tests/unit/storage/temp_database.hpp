#pragma once
// A database file in a fresh temporary folder, removed after the test.
#include <filesystem>
#include <string>

#include <unistd.h>

namespace kl::test {

class TempDatabase {
public:
    TempDatabase() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kl-test-XXXXXX").string();
        dir_ = mkdtemp(pattern.data());
        path_ = (dir_ / "kennislab.db").string();
    }
    ~TempDatabase() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    const std::string& path() const { return path_; }
    std::filesystem::path dir() const { return dir_; }

private:
    std::filesystem::path dir_;
    std::string path_;
};

}  // namespace kl::test
