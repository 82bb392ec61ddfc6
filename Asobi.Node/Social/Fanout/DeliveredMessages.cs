namespace Asobi.Node.Social.Fanout;

/// <summary>
/// Ids of the chat and DM messages this node delivered recently, so that the catch-up after a bus outage and the
/// live path together deliver each message once. Bounded: beyond <see cref="Capacity"/> the oldest ids are
/// forgotten (a catch-up reaching further back could then repeat a message).
/// </summary>
public sealed class DeliveredMessages() : RecentIds<long>(Capacity)
{
    public const int Capacity = 200_000;

    /// <summary>The <c>message_id</c> of a serialized chat.message or dm.message frame (the first one, before any content).</summary>
    public static bool TryReadId(ReadOnlySpan<char> frame, out long id)
    {
        const string Key = "\"message_id\":\"";
        id = 0;
        var at = frame.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var rest = frame[(at + Key.Length)..];
        var end = rest.IndexOf('"');
        return end > 0 && long.TryParse(rest[..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);
    }
}
