/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/* The fuzz tests' random numbers: xorshift64 from a fixed seed, the same run each time. */
#ifndef SCT_TEST_XORSHIFT_H
#define SCT_TEST_XORSHIFT_H

#include <stdint.h>

static inline uint64_t xorshift64(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif /* SCT_TEST_XORSHIFT_H */
