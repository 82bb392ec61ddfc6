namespace Asobi.Node.Social.Fanout;

/// <summary>
/// Ids of the notifications and broadcasts this node pushed recently (sent from here or received from the bus), so
/// that the catch-up after a bus outage and the live path together push each one once. Bounded: beyond
/// <see cref="Capacity"/> the oldest ids are forgotten (a catch-up reaching further back could then repeat one).
/// </summary>
public sealed class DeliveredNotifications() : RecentIds<Guid>(Capacity)
{
    public const int Capacity = 100_000;

    /// <summary>The <c>id</c> of a serialized notification.new frame: the payload's first property.</summary>
    public static bool TryReadId(ReadOnlySpan<char> frame, out Guid id)
    {
        const string Key = "\"payload\":{\"id\":\"";
        id = Guid.Empty;
        var at = frame.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var rest = frame[(at + Key.Length)..];
        var end = rest.IndexOf('"');
        return end > 0 && Guid.TryParseExact(rest[..end], "D", out id);
    }
}
