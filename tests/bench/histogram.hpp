#pragma once
// Latency histogram with log-linear buckets (64 per power of two: within 1.6% of the
// true value), fixed memory, cheap to record into: one per scenario run, merged
// across receivers. Values are nanoseconds.
#include <cstdint>
#include <vector>

namespace kl::bench {

class Histogram {
public:
    Histogram();
    void record(std::int64_t ns);
    void merge(const Histogram& other);
    std::uint64_t count() const { return count_; }
    std::int64_t max() const { return max_; }
    double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0; }
    // The value at quantile q (0 < q <= 1): the upper end of the bucket holding it,
    // never above max().
    std::int64_t quantile(double q) const;

private:
    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
    std::int64_t max_ = 0;
    long double sum_ = 0;
};

}  // namespace kl::bench
