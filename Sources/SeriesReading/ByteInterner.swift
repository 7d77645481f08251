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

    /// FNV-1a, 64 bit: the stable hash `--shard` assigns metrics by.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        hashAndPrefix(bytes, start, end).0
    }

    /// FNV-1a of `bytes[start..<end]` and its first eight bytes as a word, in one pass.
    @inline(__always)
    private static func hashAndPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (UInt64, UInt64) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var prefix: UInt64 = 0
        var index = start
        while index < end {
            let byte = UInt64(bytes[index])
            hash = (hash ^ byte) &* 0x0000_0100_0000_01B3
            if index - start < 8 { prefix |= byte << UInt64(8 * (index - start)) }
            index += 1
        }
        return (hash, prefix)
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
