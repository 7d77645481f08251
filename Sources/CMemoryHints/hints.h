#ifndef TARGETFORECAST_CMEMORYHINTS_H
#define TARGETFORECAST_CMEMORYHINTS_H

// Cache prefetch hints for loops whose next addresses are known a few iterations ahead but
// would each miss the cache (a hash table or a matrix written in file order). A hint never
// faults and never changes a result; Swift has no intrinsic for it.

/// Asks for the cache line at `address` to be loaded for reading.
static inline void tf_prefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Asks for the cache line at `address` to be loaded for writing.
static inline void tf_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
