#ifndef C_INTEGER_LIST_H
#define C_INTEGER_LIST_H

#include <stddef.h>
#include <stdint.h>

/// Whether `lb_scan_comma_integers` can run on this CPU (x86-64 with AVX2 and BMI1).
int lb_integer_list_scanner_available(void);

/// Reads the run of plain integers followed by commas that starts at `bytes[position]`: each is
/// 1 to 7 ASCII digits without a leading zero, then ','. Stops at the start of the first number
/// that is not of that shape (the last one before ']', one with a sign, whitespace, eight or more
/// digits, a leading zero, ...), within 64 bytes of `length` and within 8 bytes of the start, so the caller's own parser reads
/// what is left. Writes the values to `out` (room for every comma-terminated number before the
/// next ']' is the caller's duty), stores the position after the last comma consumed in
/// `*stopped_at` and returns how many values were written. Returns 0 (and `position`) when the
/// scanner is not available.
size_t lb_scan_comma_integers(const uint8_t *bytes, size_t length, size_t position,
                              int64_t *out, size_t *stopped_at);

#endif
