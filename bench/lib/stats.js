'use strict';
// Order statistics for the samples a scenario collects and for the runs of one figure.

/** Nearest-rank percentile (p in 0..100) of an array of numbers. */
function percentile(values, p) {
    if (values.length === 0) {
        return NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median with the mean of the two middle values for an even count. */
function median(values) {
    if (values.length === 0) {
        return NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function mean(values) {
    return values.length === 0 ? NaN : values.reduce((total, value) => total + value, 0) / values.length;
}

/** Rounds to `digits` decimal places. */
function round(value, digits = 0) {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}

module.exports = {percentile, median, mean, round};
