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

/// Why `lb_decode_chunk_text` failed.
#define LB_CHUNK_TEXT_TRUNCATED 1      // the text ends inside a delta (error_at: the delta's index)
#define LB_CHUNK_TEXT_CHARACTER 2      // a byte that is not a base-64 digit (error_at: its offset)
#define LB_CHUNK_TEXT_NOT_CANONICAL 3  // an escaped delta below 2^18 (error_at: its index)
#define LB_CHUNK_TEXT_TOO_LARGE 4      // an escaped value beyond 64 bits (error_at: its index)
#define LB_CHUNK_TEXT_NEGATIVE 5       // an escaped value above Int64.max: a negative delta's bit pattern
#define LB_CHUNK_TEXT_OVERFLOW 6       // the running sum overflows Int64 (error_at: the delta's index)
#define LB_CHUNK_TEXT_CAPACITY 7       // more deltas than `capacity` (never with room for length / 3)

/// Decodes a format-2 `chunks` string (`ChunkDeltaText` in ResultFormat): each delta is three
/// base-64 digits ("A"–"Z", "a"–"z", "0"–"9", "+", "/"; most significant first), or '~' and
/// eleven digits for a delta of 2^18 µs or more. Writes the running sums from `start` (the
/// absolute chunk times) to `out`, which has room for `capacity` values (`length / 3` always
/// suffices), and returns how many it wrote; on malformed text returns -1 and sets
/// `*error_kind` (an `LB_CHUNK_TEXT_` value) and `*error_at`.
long lb_decode_chunk_text(const uint8_t *text, size_t length, int64_t start, int64_t *out, size_t capacity,
                          int *error_kind, size_t *error_at);

#endif
