namespace Asobi.Node.Social.Notifications;

/// <summary>Notifications (<c>Asobi:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Asobi:Notifications";

    /// <summary>
    /// How far back a node re-reads notifications and broadcasts after its bus listener reconnects (it starts from
    /// when it last saw the bus connected, but never further back than this). Older ones are only listed by REST.
    /// </summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromMinutes(10);
}
