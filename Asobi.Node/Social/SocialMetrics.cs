using System.Diagnostics.Metrics;

namespace Asobi.Node.Social;

/// <summary>Instruments of chat, DMs, presence and notifications (meter <c>Asobi.Social</c>).</summary>
public sealed class SocialMetrics
{
    public const string MeterName = "Asobi.Social";

    private readonly Counter<long> sent;
    private readonly Counter<long> delivered;
    private readonly Counter<long> busDropped;
    private readonly Counter<long> presenceChanges;
    private readonly Counter<long> rateLimited;

    public SocialMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        sent = meter.CreateCounter<long>("asobi.social.messages.sent", "{message}", "Messages published, by kind");
        delivered = meter.CreateCounter<long>("asobi.social.messages.delivered", "{frame}", "Frames queued to this node's sockets, by kind");
        busDropped = meter.CreateCounter<long>("asobi.social.fanout.dropped", "{message}", "Messages not handed to the bus (queue full): other nodes miss them live");
        presenceChanges = meter.CreateCounter<long>("asobi.social.presence.changes", "{change}", "Presence changes announced, by kind");
        rateLimited = meter.CreateCounter<long>("asobi.social.chat.rate_limited", "{message}", "Chat and DM messages refused by the per-player send limit");
    }

    public void Sent(string kind) => sent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Delivered(string kind, int count)
    {
        if (count > 0)
        {
            delivered.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public void BusDropped() => busDropped.Add(1);

    public void RateLimited() => rateLimited.Add(1);

    public void PresenceChanged(string kind) => presenceChanges.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
