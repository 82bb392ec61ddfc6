using System.Collections.Concurrent;

namespace Asobi.Node.Social.Presence;

/// <summary>
/// The newest presence version this node delivered per player. Announcements come from different nodes and from
/// catch-ups, in any order; only a version newer than the last delivered one reaches sockets, so an older "offline"
/// cannot overtake a newer "online".
/// </summary>
public sealed class PresenceVersions
{
    /// <summary>Beyond this many players the table is cleared (a stale event may then slip through once).</summary>
    internal const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<Guid, long> delivered = new();

    /// <summary>Records the version as delivered; false when the same or a newer one was delivered already.</summary>
    public bool TryMarkNewer(Guid player, long version)
    {
        if (delivered.Count > MaxTracked)
        {
            delivered.Clear();
        }

        while (true)
        {
            if (!delivered.TryGetValue(player, out var last))
            {
                if (delivered.TryAdd(player, version))
                {
                    return true;
                }

                continue;
            }

            if (last >= version)
            {
                return false;
            }

            if (delivered.TryUpdate(player, version, last))
            {
                return true;
            }
        }
    }
}
