namespace Asobi.Node.Realtime.Handlers;

/// <summary><c>session.heartbeat {}</c> → <c>session.heartbeat {ts}</c> (server Unix ms).</summary>
public sealed class SessionHeartbeatHandler(TimeProvider time) : IMessageHandler
{
    public string Type => "session.heartbeat";

    public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        context.Reply("session.heartbeat", new Heartbeat(time.GetUtcNow().ToUnixTimeMilliseconds()));
        return ValueTask.CompletedTask;
    }

    private sealed record Heartbeat(long Ts);
}
