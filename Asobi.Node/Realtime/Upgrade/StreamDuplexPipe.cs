using System.IO.Pipelines;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>A reader and a writer over the stream of a connection upgraded through the HTTP stack.</summary>
internal sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
