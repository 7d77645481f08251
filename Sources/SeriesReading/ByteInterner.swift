import CMemoryHints

/// Maps byte strings (metric ids) to dense integer ids without allocating a `String` per row.
///
/// Open addressing with linear probing over a power-of-two table; names live in one byte arena.
/// A row whose metric equals the previous row's is recognised by the caller without a lookup,
/// so sorted files cost one hash per series, shuffled files one per row. For those, a lookup
/// touches one place: the 16-byte slot holds the hash's high 24 bits, the name's length and id
/// beside the name's first eight bytes, so a name of up to eight bytes is matched in its slot
/// alone, and longer ones read the id's entry and the arena only when the slot matches.
/// (Ids, hashes, offsets and lengths in four arrays cost four cache misses a row: reading
/// 100,000 shuffled series × 240 months spent 40% of its time in lookups; with the prefix in the
/// id's entry, two misses, 60% of the read's time.)
struct ByteInterner {
    private(set) var arena: [UInt8] = []
    /// Where each id's name lives, by id.
    private var entries: [Entry] = []
    private var table: [Slot]
    private var mask: Int

    private struct Entry {
        var hash: UInt64
        var offset: Int
        var length: Int
    }

    private struct Slot {
        /// 0 when empty, else the hash's high 24 bits, the length (at most 255) and id + 1.
        var key: UInt64
        /// The name's first eight bytes, zero-padded, as a little-endian word.
        var prefix: UInt64
    }

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Slot](repeating: Slot(key: 0, prefix: 0), count: size)
        mask = size - 1
    }

    var count: Int { entries.count }

    /// FNV-1a, 64 bit: the stable hash `--shard` assigns metrics by (its value is part of the
    /// command's contract: a metric's shard must not change between versions).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in start..<end { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The table's hash of `bytes[start..<end]` and its first eight bytes as a little-endian word
    /// (zero-padded): what ``intern(_:_:_:hash:prefix:)`` needs, computed early by a caller that
    /// prefetches. Word by word: the length, then each eight bytes, through MurmurHash3's 64-bit
    /// finaliser (A. Appleby), whose every output bit depends on every input bit, so names that
    /// differ in one digit spread over the table. (FNV-1a byte by byte, a multiplication's
    /// latency per byte, was a quarter of a lookup's time on shuffled rows.) Internal to the
    /// table: ids follow first appearance whatever the hash.
    @inline(__always)
    static func hashAndPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (UInt64, UInt64) {
        let length = end - start
        var hash = mix(UInt64(truncatingIfNeeded: length) ^ 0x9E37_79B9_7F4A_7C15)
        var index = start
        var prefix: UInt64 = 0
        while index < end {
            let chunk = word(bytes, index, end)
            if index == start { prefix = chunk }
            hash = mix(hash ^ chunk)
            index += 8
        }
        return (hash, prefix)
    }

    /// The bytes `index..<min(index + 8, end)` as a little-endian word, zero-padded: one
    /// unaligned load when eight bytes are inside the buffer, else byte by byte.
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int) -> UInt64 {
        let count = min(8, end - index)
        if index + 8 <= bytes.count, let base = bytes.baseAddress {
            let whole = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            return count == 8 ? whole : whole & ((1 << UInt64(8 * count)) - 1)
        }
        var chunk: UInt64 = 0
        for k in 0..<count { chunk |= UInt64(bytes[index + k]) << UInt64(8 * k) }
        return chunk
    }

    /// MurmurHash3's 64-bit finaliser (fmix64).
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// A slot key's hash and length part.
    @inline(__always)
    private static func tag(_ hash: UInt64, length: Int) -> UInt64 {
        (hash >> 40) << 40 | UInt64(min(length, 255)) << 32
    }

    /// The id of `bytes[start..<end]`, adding it when new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let (hash, prefix) = Self.hashAndPrefix(bytes, start, end)
        return intern(bytes, start, end, hash: hash, prefix: prefix)
    }

    /// Asks the cache for the slot where a name of this hash is looked up first: a caller that
    /// knows the rows ahead calls it some rows before ``intern(_:_:_:hash:prefix:)``, so that the
    /// table's cache misses (one a row in a shuffled file, 77% of a lookup's time) overlap.
    @inline(__always)
    func prefetch(hash: UInt64) {
        table.withUnsafeBufferPointer { slots in
            if let first = slots.baseAddress { tf_prefetch_read(first + (Int(truncatingIfNeeded: hash) & mask)) }
        }
    }

    /// The id of `bytes[start..<end]`, whose ``hashAndPrefix(_:_:_:)`` is given, adding it when new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, hash: UInt64, prefix: UInt64) -> Int32 {
        let length = end - start
        let tag = Self.tag(hash, length: length)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let content = table[slot]
            if content.key == 0 { break }
            if content.key & 0xFFFF_FFFF_0000_0000 == tag && content.prefix == prefix {
                let id = Int(content.key & 0xFFFF_FFFF) - 1
                // Up to eight bytes, the prefix and the length are the whole name.
                if length <= 8 { return Int32(id) }
                let entry = entries[id]
                if entry.length == length && equal(entry.offset + 8, bytes, start + 8, end) { return Int32(id) }
            }
            slot = (slot + 1) & mask
        }
        let id = entries.count
        entries.append(Entry(hash: hash, offset: arena.count, length: length))
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        table[slot] = Slot(key: tag | UInt64(id + 1), prefix: prefix)
        if entries.count * 2 > table.count { grow() }
        return Int32(id)
    }

    /// Whether the arena from `offset` holds `bytes[start..<end]`.
    @inline(__always)
    private func equal(_ offset: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = 0
        while start + k < end {
            if arena[offset + k] != bytes[start + k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        let size = table.count * 2
        var grown = [Slot](repeating: Slot(key: 0, prefix: 0), count: size)
        mask = size - 1
        for slot in table where slot.key != 0 {
            let entry = entries[Int(slot.key & 0xFFFF_FFFF) - 1]
            var index = Int(truncatingIfNeeded: entry.hash) & mask
            while grown[index].key != 0 { index = (index + 1) & mask }
            grown[index] = slot
        }
        table = grown
    }

    /// Whether name `id` exists and is `bytes[start..<end]`.
    @inline(__always)
    func name(_ id: Int, equals bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        id < entries.count && entries[id].length == end - start && equal(entries[id].offset, bytes, start, end)
    }

    /// The bytes of name `id`.
    func name(_ id: Int) -> ArraySlice<UInt8> {
        arena[entries[id].offset..<(entries[id].offset + entries[id].length)]
    }
}
