// Chunk-delta arrays are the bulk of a result file: hundreds of millions of short integers in a
// year of runs. A scalar parser finds each number's end from the digits it has just read, one
// number after another; here 64 bytes are classified at once (digits, commas) and each number is
// converted from the comma positions, so consecutive numbers do not wait on each other.
#include "CIntegerList.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

int lb_integer_list_scanner_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
}

/// Bit i set where byte i of the 32 bytes is an ASCII digit; same for commas.
__attribute__((target("avx2")))
static inline void classify32(const uint8_t *p, uint32_t *digits, uint32_t *commas) {
    __m256i b = _mm256_loadu_si256((const __m256i *)p);
    __m256i d = _mm256_sub_epi8(b, _mm256_set1_epi8('0'));
    __m256i isDigit = _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
    __m256i isComma = _mm256_cmpeq_epi8(b, _mm256_set1_epi8(','));
    *digits = (uint32_t)_mm256_movemask_epi8(isDigit);
    *commas = (uint32_t)_mm256_movemask_epi8(isComma);
}

__attribute__((target("avx2,bmi")))
size_t lb_scan_comma_integers(const uint8_t *bytes, size_t length, size_t position,
                              int64_t *out, size_t *stopped_at) {
    size_t start = position;  // first byte of the number being read
    size_t count = 0;
    size_t block = position;
    while (block + 64 <= length) {
        uint32_t d0, c0, d1, c1;
        classify32(bytes + block, &d0, &c0);
        classify32(bytes + block + 32, &d1, &c1);
        uint64_t digits = (uint64_t)d0 | ((uint64_t)d1 << 32);
        uint64_t commas = (uint64_t)c0 | ((uint64_t)c1 << 32);
        uint64_t other = ~(digits | commas);
        if (other) commas &= _blsmsk_u64(other) >> 1;  // only commas before the first other byte
        while (commas) {
            size_t comma = block + (size_t)_tzcnt_u64(commas);
            commas = _blsr_u64(commas);
            size_t n = comma - start;
            if (n == 0 || n > 7 || comma < 8 || (n > 1 && bytes[start] == '0')) goto done;
            uint64_t word;
            memcpy(&word, bytes + comma - 8, 8);
            // The number's digits are the top n bytes (the last digit in the highest byte); clear
            // the bytes before them, keep each digit's value, then combine pairs, quadruples and
            // halves, as in EightDigits.swift.
            unsigned shift = (unsigned)(8 * (8 - n));
            uint64_t x = ((word >> shift) << shift) & 0x0F0F0F0F0F0F0F0FULL;
            x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFULL;
            x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFULL;
            x = (x * 10000 + (x >> 32)) & 0x00000000FFFFFFFFULL;
            out[count++] = (int64_t)x;
            start = comma + 1;
        }
        if (other) break;
        block += 64;
    }
done:
    *stopped_at = start;
    return count;
}

#else

int lb_integer_list_scanner_available(void) { return 0; }

size_t lb_scan_comma_integers(const uint8_t *bytes, size_t length, size_t position,
                              int64_t *out, size_t *stopped_at) {
    (void)bytes; (void)length; (void)out;
    *stopped_at = position;
    return 0;
}

#endif
