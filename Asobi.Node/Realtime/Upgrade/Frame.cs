using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>WebSocket frame opcodes (RFC 6455 §5.2); every other value is reserved and fails the connection.</summary>
public enum Opcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>What the bytes received so far say about the next frame header.</summary>
public enum FrameParse
{
    Complete,
    NeedMore,

    /// <summary>A header no client may send: the connection fails with 1002.</summary>
    Invalid,
}

/// <summary>
/// A client frame's header. <c>MaskKey</c> is the four mask bytes read little-endian, so byte <c>i</c> of the payload
/// is XORed with byte <c>i % 4</c> of it; <c>HeaderLength</c> counts the mask.
/// </summary>
public readonly record struct FrameHeader(bool Fin, Opcode Opcode, long PayloadLength, int MaskKey, int HeaderLength)
{
    public bool IsControl => ((byte)Opcode & 0x8) != 0;
}

/// <summary>
/// Reads client frame headers and writes server frame headers (RFC 6455 §5). Server side only: client frames must be
/// masked, server frames never are, and no extension is negotiated, so every reserved bit must be clear.
/// </summary>
public static class Frame
{
    /// <summary>Longest header a client can send: 2 bytes, an 8-byte length, a 4-byte mask.</summary>
    public const int MaxClientHeader = 14;

    /// <summary>Longest header a server writes: 2 bytes and an 8-byte length.</summary>
    public const int MaxServerHeader = 10;

    /// <summary>Control frames carry at most this much (RFC 6455 §5.5).</summary>
    public const int MaxControlPayload = 125;

    /// <summary>Parses the header at the start of <paramref name="bytes"/> (at most <see cref="MaxClientHeader"/> are looked at).</summary>
    public static FrameParse TryParse(ReadOnlySpan<byte> bytes, out FrameHeader header, out string? error)
    {
        header = default;
        error = null;
        if (bytes.Length < 2)
        {
            return FrameParse.NeedMore;
        }

        var first = bytes[0];
        var second = bytes[1];
        var fin = (first & 0x80) != 0;
        var opcode = (Opcode)(first & 0x0F);
        if ((first & 0x70) != 0)
        {
            error = "reserved bits set without an extension";
            return FrameParse.Invalid;
        }

        if (opcode is not (Opcode.Continuation or Opcode.Text or Opcode.Binary or Opcode.Close or Opcode.Ping or Opcode.Pong))
        {
            error = $"reserved opcode {(int)opcode}";
            return FrameParse.Invalid;
        }

        if ((second & 0x80) == 0)
        {
            error = "client frames must be masked";
            return FrameParse.Invalid;
        }

        var length7 = second & 0x7F;
        var lengthBytes = length7 switch { 126 => 2, 127 => 8, _ => 0 };
        var headerLength = 2 + lengthBytes + 4;
        var isControl = ((byte)opcode & 0x8) != 0;
        if (isControl && (!fin || length7 > MaxControlPayload))
        {
            error = fin ? "control frame longer than 125 bytes" : "fragmented control frame";
            return FrameParse.Invalid;
        }

        if (bytes.Length < headerLength)
        {
            return FrameParse.NeedMore;
        }

        long length = lengthBytes switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
            8 => (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]),
            _ => length7,
        };
        if (length < 0)
        {
            error = "payload length with the most significant bit set";
            return FrameParse.Invalid;
        }

        var mask = BinaryPrimitives.ReadInt32LittleEndian(bytes[(2 + lengthBytes)..]);
        header = new FrameHeader(fin, opcode, length, mask, headerLength);
        return FrameParse.Complete;
    }

    /// <summary>Writes an unmasked server frame header for <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, Opcode opcode, bool fin, long payloadLength)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (byte)opcode);
        if (payloadLength <= 125)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>
    /// XORs <paramref name="data"/> with the mask, starting <paramref name="offset"/> bytes into the frame's payload;
    /// returns the offset after it. Eight bytes at a time: a heartbeat's payload is a few dozen bytes, a chat frame a
    /// few hundred.
    /// </summary>
    public static int Unmask(Span<byte> data, int maskKey, int offset)
    {
        var rotated = BitOperations.RotateRight((uint)maskKey, 8 * (offset & 3));
        var i = 0;
        if (BitConverter.IsLittleEndian && data.Length >= 8)
        {
            var wide = rotated | ((ulong)rotated << 32);
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            for (var w = 0; w < words.Length; w++)
            {
                words[w] ^= wide;
            }

            i = words.Length * 8;
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= (byte)(rotated >> (8 * (i & 3)));
        }

        return (offset + data.Length) & 3;
    }
}
