/// Maps byte strings (metric ids) to dense integer ids without allocating a `String` per row.
///
/// Open addressing with linear probing over a power-of-two table; names live in one byte arena.
/// A row whose metric equals the previous row's is recognised by the caller without a lookup,
/// so sorted files cost one hash per series, shuffled files one per row.
struct ByteInterner {
    private(set) var arena: [UInt8] = []
    /// Start offset and length of each name in `arena`, by id.
    private(set) var offsets: [Int] = []
    private(set) var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { offsets.count }

    /// FNV-1a, 64 bit.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var index = start
        while index < end {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        return hash
    }

    /// The id of `bytes[start..<end]`, adding it when new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let hash = Self.hash(bytes, start, end)
        let length = end - start
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = table[slot]
            if id < 0 { break }
            let i = Int(id)
            if hashes[i] == hash && Int(lengths[i]) == length && equal(i, bytes, start, end) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(offsets.count)
        offsets.append(arena.count)
        lengths.append(Int32(length))
        hashes.append(hash)
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        table[slot] = id
        if offsets.count * 2 > table.count { grow() }
        return id
    }

    @inline(__always)
    private func equal(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let offset = offsets[id]
        var k = 0
        while start + k < end {
            if arena[offset + k] != bytes[start + k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(id)
        }
    }

    /// Whether name `id` exists and is `bytes[start..<end]`.
    @inline(__always)
    func name(_ id: Int, equals bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        id < offsets.count && Int(lengths[id]) == end - start && equal(id, bytes, start, end)
    }

    /// The bytes of name `id`.
    func name(_ id: Int) -> ArraySlice<UInt8> {
        arena[offsets[id]..<(offsets[id] + Int(lengths[id]))]
    }
}
