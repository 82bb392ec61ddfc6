using Asobi.Node.Realtime.Upgrade;

namespace Asobi.UnitTests.Realtime;

public sealed class FrameTests
{
    private static readonly byte[] Mask = [0x37, 0xFA, 0x21, 0x3D];

    [Fact]
    public void The_masked_hello_from_the_rfc_parses_and_unmasks()
    {
        // RFC 6455 §5.7: a single-frame masked text message containing "Hello".
        byte[] frame = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58];
        Assert.Equal(FrameParse.Complete, Frame.TryParse(frame, out var header, out _));
        Assert.True(header.Fin);
        Assert.Equal(Opcode.Text, header.Opcode);
        Assert.Equal(5, header.PayloadLength);
        Assert.Equal(6, header.HeaderLength);
        var payload = frame[6..];
        Frame.Unmask(payload, header.MaskKey, 0);
        Assert.Equal("Hello"u8.ToArray(), payload);
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(125, 6)]
    [InlineData(126, 8)]
    [InlineData(65_535, 8)]
    [InlineData(65_536, 14)]
    [InlineData(5_000_000_000, 14)]
    public void Every_length_encoding_parses(long length, int headerLength)
    {
        var frame = ClientHeader(Opcode.Binary, fin: true, length);
        Assert.Equal(FrameParse.Complete, Frame.TryParse(frame, out var header, out _));
        Assert.Equal(length, header.PayloadLength);
        Assert.Equal(headerLength, header.HeaderLength);
    }

    [Fact]
    public void A_header_cut_anywhere_asks_for_more()
    {
        var frame = ClientHeader(Opcode.Text, fin: false, 70_000);
        for (var cut = 0; cut < frame.Length; cut++)
        {
            Assert.Equal(FrameParse.NeedMore, Frame.TryParse(frame.AsSpan(0, cut), out _, out _));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xC1, 0x80, 0, 0, 0, 0 }, "reserved bits")]
    [InlineData(new byte[] { 0x83, 0x80, 0, 0, 0, 0 }, "reserved opcode 3")]
    [InlineData(new byte[] { 0x8B, 0x80, 0, 0, 0, 0 }, "reserved opcode 11")]
    [InlineData(new byte[] { 0x81, 0x05 }, "masked")]
    [InlineData(new byte[] { 0x09, 0x80, 0, 0, 0, 0 }, "fragmented control")]
    [InlineData(new byte[] { 0x89, 0xFE, 0, 126, 0, 0, 0, 0 }, "longer than 125")]
    [InlineData(new byte[] { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, "most significant bit")]
    public void Headers_no_client_may_send_are_invalid(byte[] frame, string reason)
    {
        Assert.Equal(FrameParse.Invalid, Frame.TryParse(frame, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, new byte[] { 0x81, 0x00 })]
    [InlineData(125, new byte[] { 0x81, 125 })]
    [InlineData(126, new byte[] { 0x81, 126, 0, 126 })]
    [InlineData(65_535, new byte[] { 0x81, 126, 0xFF, 0xFF })]
    [InlineData(65_536, new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Server_headers_are_unmasked_with_the_shortest_length(long length, byte[] expected)
    {
        var header = new byte[Frame.MaxServerHeader];
        var written = Frame.WriteHeader(header, Opcode.Text, fin: true, length);
        Assert.Equal(expected, header[..written]);
    }

    [Fact]
    public void A_fragment_header_leaves_fin_clear()
    {
        var header = new byte[Frame.MaxServerHeader];
        Frame.WriteHeader(header, Opcode.Continuation, fin: false, 3);
        Assert.Equal(0x00, header[0]);
        Frame.WriteHeader(header, Opcode.Close, fin: true, 2);
        Assert.Equal(0x88, header[0]);
    }

    [Fact]
    public void Unmasking_in_pieces_of_any_size_matches_byte_by_byte()
    {
        var random = new Random(6455);
        var payload = new byte[300];
        random.NextBytes(payload);
        var key = BitConverter.ToInt32(Mask);
        var expected = payload.Select((b, i) => (byte)(b ^ Mask[i % 4])).ToArray();
        for (var piece = 1; piece <= 20; piece++)
        {
            var data = (byte[])payload.Clone();
            var offset = 0;
            for (var start = 0; start < data.Length; start += piece)
            {
                offset = Frame.Unmask(data.AsSpan(start, Math.Min(piece, data.Length - start)), key, offset);
            }

            Assert.Equal(expected, data);
        }
    }

    /// <summary>A masked client frame header (mask <see cref="Mask"/>) for a payload of <paramref name="length"/> bytes.</summary>
    internal static byte[] ClientHeader(Opcode opcode, bool fin, long length)
    {
        var bytes = new List<byte> { (byte)((fin ? 0x80 : 0) | (byte)opcode) };
        if (length <= 125)
        {
            bytes.Add((byte)(0x80 | length));
        }
        else if (length <= ushort.MaxValue)
        {
            bytes.AddRange([0x80 | 126, (byte)(length >> 8), (byte)length]);
        }
        else
        {
            bytes.Add(0x80 | 127);
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                bytes.Add((byte)(length >> shift));
            }
        }

        bytes.AddRange(Mask);
        return [.. bytes];
    }

    /// <summary>A whole masked client frame.</summary>
    internal static byte[] ClientFrame(Opcode opcode, ReadOnlySpan<byte> payload, bool fin = true)
    {
        var header = ClientHeader(opcode, fin, payload.Length);
        var masked = payload.ToArray();
        Frame.Unmask(masked, BitConverter.ToInt32(Mask), 0);
        return [.. header, .. masked];
    }
}
