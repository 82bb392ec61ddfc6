namespace Asobi.Node.Social.Fanout;

/// <summary>The pushes that carry a stored chat message (delivered once each, see <see cref="DeliveredMessages"/>).</summary>
public static class ChatKinds
{
    public const string Chat = "chat.message";
    public const string Dm = "dm.message";
}
