#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace kl::bench {

namespace {

constexpr int sub_bits = 6;
constexpr std::uint64_t sub_count = 1u << sub_bits;
constexpr std::size_t bucket_count = sub_count + (64 - sub_bits) * sub_count;

std::size_t index_of(std::uint64_t v) {
    if (v < sub_count) return v;
    int k = 63 - std::countl_zero(v);  // v is in [2^k, 2^(k+1))
    auto sub = (v >> (k - sub_bits)) & (sub_count - 1);
    return sub_count + static_cast<std::size_t>(k - sub_bits) * sub_count + sub;
}

// The largest value that falls into bucket i.
std::uint64_t upper_of(std::size_t i) {
    if (i < sub_count) return i;
    auto k = static_cast<int>((i - sub_count) / sub_count) + sub_bits;
    auto sub = (i - sub_count) % sub_count;
    auto width = std::uint64_t{1} << (k - sub_bits);
    return (std::uint64_t{1} << k) + sub * width + width - 1;
}

}  // namespace

Histogram::Histogram() : buckets_(bucket_count, 0) {}

void Histogram::record(std::int64_t ns) {
    auto v = static_cast<std::uint64_t>(std::max<std::int64_t>(ns, 0));
    ++buckets_[index_of(v)];
    ++count_;
    max_ = std::max(max_, static_cast<std::int64_t>(v));
    sum_ += static_cast<long double>(v);
}

void Histogram::merge(const Histogram& other) {
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

std::int64_t Histogram::quantile(double q) const {
    if (count_ == 0) return 0;
    auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min<std::int64_t>(static_cast<std::int64_t>(upper_of(i)), max_);
    }
    return max_;
}

}  // namespace kl::bench
