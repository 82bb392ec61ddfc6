namespace Asobi.Node.Realtime;

/// <summary>One inbound message type. The dispatcher finds it by <see cref="Type"/> and handles errors, auth and metrics.</summary>
public interface IMessageHandler
{
    string Type { get; }

    /// <summary>False only for messages allowed before <c>session.connect</c> succeeds.</summary>
    bool RequiresAuthentication => true;

    ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken);
}
