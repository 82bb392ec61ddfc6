using System.IO.Pipelines;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>A connection's two pipes as one <see cref="Stream"/>, which is what <see cref="System.Net.WebSockets.WebSocket"/> runs on.</summary>
internal sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
{
    private readonly Stream input = pipe.Input.AsStream(leaveOpen: true);
    private readonly Stream output = pipe.Output.AsStream(leaveOpen: true);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        input.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        input.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        output.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        output.WriteAsync(buffer, offset, count, cancellationToken);

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    // The WebSocket only uses the asynchronous members; blocking a pool thread on a socket is never wanted.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    /// <summary>An aborted WebSocket disposes its stream: wake whatever is waiting on the connection.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            pipe.Input.CancelPendingRead();
            pipe.Output.CancelPendingFlush();
        }

        base.Dispose(disposing);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
