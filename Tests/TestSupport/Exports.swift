// The seeded generator the tests use is the library's own (Distributions.SplitMix64).
@_exported import struct Distributions.SplitMix64
