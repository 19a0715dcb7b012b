// Result format 2 writes each request's chunk deltas as one string of base-64 digits: three
// digits (18 bits, most significant first) per delta below 2^18 µs, or '~' and eleven digits for
// a larger one. Against format 1's decimal arrays that is half the text, 13–15 % smaller gzipped
// and inflated in about 40 % less time, and it decodes here without a branch per digit.
#include "CIntegerList.h"

#include <pthread.h>
#include <string.h>

#define BAD 0x01000000u  // above any 18-bit value: marks a byte that is not a digit

// kDigit[k][c]: the value of digit c shifted to place k of a three-digit group (12, 6, 0 bits);
// BAD for a byte outside the alphabet.
static uint32_t kDigit[3][256];
static pthread_once_t kDigitOnce = PTHREAD_ONCE_INIT;

static void buildTable(void) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int k = 0; k < 3; k++)
        for (int c = 0; c < 256; c++) kDigit[k][c] = BAD;
    for (uint32_t v = 0; v < 64; v++) {
        uint8_t c = (uint8_t)alphabet[v];
        kDigit[0][c] = v << 12;
        kDigit[1][c] = v << 6;
        kDigit[2][c] = v;
    }
}

long lb_decode_chunk_text(const uint8_t *text, size_t length, int64_t start, int64_t *out, size_t capacity,
                          int *error_kind, size_t *error_at) {
    pthread_once(&kDigitOnce, buildTable);
    int64_t t = start;
    size_t i = 0, n = 0;
    while (i < length) {
        uint64_t v;
        if (text[i] != '~') {
            if (length - i < 3) {
                *error_kind = LB_CHUNK_TEXT_TRUNCATED;
                *error_at = n;
                return -1;
            }
            uint32_t group = kDigit[0][text[i]] | kDigit[1][text[i + 1]] | kDigit[2][text[i + 2]];
            if (group & BAD) {
                size_t k = (kDigit[2][text[i]] & BAD) ? 0 : (kDigit[2][text[i + 1]] & BAD) ? 1 : 2;
                *error_kind = LB_CHUNK_TEXT_CHARACTER;
                *error_at = i + k;
                return -1;
            }
            v = group;
            i += 3;
        } else {
            if (length - i < 12) {
                *error_kind = LB_CHUNK_TEXT_TRUNCATED;
                *error_at = n;
                return -1;
            }
            v = 0;
            for (size_t k = 1; k <= 11; k++) {
                uint32_t d = kDigit[2][text[i + k]];
                if (d & BAD) {
                    *error_kind = LB_CHUNK_TEXT_CHARACTER;
                    *error_at = i + k;
                    return -1;
                }
                if (k == 1 && d > 15) {  // eleven digits hold 66 bits; the top two must be zero
                    *error_kind = LB_CHUNK_TEXT_TOO_LARGE;
                    *error_at = n;
                    return -1;
                }
                v = (v << 6) | d;
            }
            if (v < (1u << 18)) {  // one list, one text: short deltas are never escaped
                *error_kind = LB_CHUNK_TEXT_NOT_CANONICAL;
                *error_at = n;
                return -1;
            }
            if (v > (uint64_t)INT64_MAX) {
                *error_kind = LB_CHUNK_TEXT_NEGATIVE;
                *error_at = n;
                return -1;
            }
            i += 12;
        }
        if (t > INT64_MAX - (int64_t)v) {
            *error_kind = LB_CHUNK_TEXT_OVERFLOW;
            *error_at = n;
            return -1;
        }
        if (n == capacity) {
            *error_kind = LB_CHUNK_TEXT_CAPACITY;
            *error_at = n;
            return -1;
        }
        t += (int64_t)v;
        out[n++] = t;
    }
    return (long)n;
}
