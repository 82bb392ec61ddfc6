using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Asobi.Node;
using Asobi.Node.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Realtime;

public sealed class MessageDispatcherTests : IAsyncDisposable
{
    private readonly LocalSockets sockets = new([]);
    private readonly RecordingWebSocket ws = new();
    private readonly SocketSession socket;
    private readonly MessageDispatcher dispatcher;
    private readonly Task running;

    public MessageDispatcherTests()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var metrics = new NodeMetrics(meters, sockets);
        socket = new SocketSession(ws, new SocketOptions(), new FakeTimeProvider(), metrics, NullLogger.Instance);
        dispatcher = new MessageDispatcher([new EchoHandler(), new ThrowingHandler(), new OpenHandler()], metrics, NullLogger<MessageDispatcher>.Instance);
        running = socket.RunAsync(dispatcher);
    }

    [Fact]
    public async Task Unknown_types_and_calls_before_connect_are_answered_with_errors()
    {
        await dispatcher.DispatchAsync(socket, Frame("""{"type":"nope","cid":"1"}"""), default);
        Assert.Equal("error:unknown_type/1", Describe(await ws.NextAsync()));
        await dispatcher.DispatchAsync(socket, Frame("""{"type":"echo","cid":"2"}"""), default);
        Assert.Equal("error:unauthenticated/2", Describe(await ws.NextAsync()));
        await dispatcher.DispatchAsync(socket, Frame("""{"type":"open","cid":"3"}"""), default);
        Assert.Equal("open.ok/3", Describe(await ws.NextAsync()));
    }

    [Fact]
    public async Task A_throwing_handler_answers_internal_and_the_socket_keeps_serving()
    {
        sockets.Authenticate(socket, Guid.NewGuid(), Guid.NewGuid());
        await dispatcher.DispatchAsync(socket, Frame("""{"type":"boom","cid":"b"}"""), default);
        Assert.Equal("error:internal/b", Describe(await ws.NextAsync()));
        await dispatcher.DispatchAsync(socket, Frame("""{"type":"echo","cid":"e"}"""), default);
        Assert.Equal("echo.ok/e", Describe(await ws.NextAsync()));
    }

    [Fact]
    public async Task Envelope_errors_come_from_the_dispatcher_too()
    {
        await dispatcher.DispatchAsync(socket, Frame("{oops"), default);
        Assert.Equal("error:invalid_json/", Describe(await ws.NextAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        ws.Abort();
        await running;
        socket.Dispose();
    }

    private static ReadOnlyMemory<byte> Frame(string s) => Encoding.UTF8.GetBytes(s);

    private static string Describe(JsonDocument m)
    {
        var root = m.RootElement;
        var cid = root.TryGetProperty("cid", out var c) ? c.GetString() : "";
        return root.GetProperty("type").GetString() == "error"
            ? $"error:{root.GetProperty("payload").GetProperty("error").GetProperty("code").GetString()}/{cid}"
            : $"{root.GetProperty("type").GetString()}/{cid}";
    }

    private sealed class EchoHandler : IMessageHandler
    {
        public string Type => "echo";

        public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
        {
            context.Reply("echo.ok", new { });
            return ValueTask.CompletedTask;
        }
    }

    private sealed class OpenHandler : IMessageHandler
    {
        public string Type => "open";

        public bool RequiresAuthentication => false;

        public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
        {
            context.Reply("open.ok", new { });
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingHandler : IMessageHandler
    {
        public string Type => "boom";

        public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }
}
