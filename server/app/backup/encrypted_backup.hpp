#pragma once
// kennislab backup --encrypt-to RECIPIENT (or --encrypt-to-file FILE): an online backup
// (storage/backup.hpp) encrypted with age (Debian's `age`, run as a child process
// without a shell), so that the copy can leave the machine without the data in it
// being readable. The plaintext copy is made in the data folder (which belongs on an
// encrypted disk), readable by the owner only, and is overwritten with zeros and
// removed whatever happens; the ciphertext is written to a temporary file beside the
// target and renamed over it once complete (a target is never half written).
#include <string>

namespace kl::app {

struct AgeRecipients {
    std::string recipient;        // an age public key (age1…) or an SSH public key, for `age -r`
    std::string recipients_file;  // a file of them, for `age -R`
};

// Writes the encrypted backup of the database at database_path to target. Throws
// std::runtime_error with a clear message (age's own included, e.g. a malformed
// recipient) and leaves no file behind on failure.
void encrypted_backup(const std::string& database_path, const std::string& target, const AgeRecipients& recipients);

}  // namespace kl::app
