using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Asobi.Node.Realtime.Upgrade;

namespace Asobi.UnitTests.Realtime;

/// <summary>A connection's two directions: the test writes the client's bytes and reads the server's.</summary>
internal sealed class PipeWire
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public PipeWire(PipeOptions? toClient = null)
    {
        ToClient = new Pipe(toClient ?? PipeOptions.Default);
        Socket = new PipeWebSocket(new DuplexPipe(ToServer.Reader, ToClient.Writer));
    }

    public Pipe ToServer { get; } = new();

    public Pipe ToClient { get; }

    public PipeWebSocket Socket { get; }

    public async Task ClientSendsAsync(byte[] bytes) => await ToServer.Writer.WriteAsync(bytes);

    /// <summary>Receives one whole message through the socket.</summary>
    public async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveMessageAsync()
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).AsTask().WaitAsync(Wait);
            received.AddRange(buffer[..result.Count]);
            if (result.EndOfMessage)
            {
                return (result.MessageType, [.. received]);
            }
        }
    }

    /// <summary>Reads the next frame the server wrote; server frames are never masked.</summary>
    public async Task<(byte First, byte[] Header, byte[] Payload)> ServerFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var read = await ToClient.Reader.ReadAsync(timeout.Token);
            var bytes = read.Buffer.ToArray();
            if (bytes.Length >= 2)
            {
                Assert.Equal(0, bytes[1] & 0x80);
                var length7 = bytes[1] & 0x7F;
                var headerLength = length7 switch { 126 => 4, 127 => 10, _ => 2 };
                if (bytes.Length >= headerLength)
                {
                    var length = length7 switch
                    {
                        126 => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2)),
                        127 => (int)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(2)),
                        _ => length7,
                    };
                    if (bytes.Length >= headerLength + length)
                    {
                        ToClient.Reader.AdvanceTo(read.Buffer.GetPosition(headerLength + length));
                        return (bytes[0], bytes[..headerLength], bytes[headerLength..(headerLength + length)]);
                    }
                }
            }

            ToClient.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>True when the server has written bytes not yet read here.</summary>
    public bool ServerWroteMore()
    {
        if (!ToClient.Reader.TryRead(out var read))
        {
            return false;
        }

        ToClient.Reader.AdvanceTo(read.Buffer.Start);
        return !read.Buffer.IsEmpty;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
