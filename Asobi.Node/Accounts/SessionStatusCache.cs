using System.Collections.Concurrent;

namespace Asobi.Node.Accounts;

/// <summary>
/// Bounded cache of "is this auth session revoked?" so validating a token costs no database round trip each time.
/// A revocation (from the bus) always overwrites; a "live" answer read from the database never overwrites a
/// revocation that arrived while the read was in flight.
/// </summary>
public sealed class SessionStatusCache(TimeProvider time, TimeSpan ttl, int capacity)
{
    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    public bool TryGet(Guid sessionId, out bool revoked)
    {
        if (entries.TryGetValue(sessionId, out var e) && (e.Revoked || e.ExpiresAt > time.GetUtcNow()))
        {
            revoked = e.Revoked;
            return true;
        }

        revoked = false;
        return false;
    }

    public void SetLive(Guid sessionId)
    {
        MakeRoom();
        var fresh = new Entry(false, time.GetUtcNow() + ttl);
        entries.AddOrUpdate(sessionId, fresh, (_, old) => old.Revoked ? old : fresh);
    }

    public void SetRevoked(Guid sessionId)
    {
        MakeRoom();
        entries[sessionId] = new Entry(true, DateTimeOffset.MaxValue);
    }

    /// <summary>Forget everything (after a bus outage, revocations may have been missed).</summary>
    public void Clear() => entries.Clear();

    public int Count => entries.Count;

    // Crude but bounded: when full, drop everything and let the database answer again.
    private void MakeRoom()
    {
        if (entries.Count >= capacity)
        {
            entries.Clear();
        }
    }

    private readonly record struct Entry(bool Revoked, DateTimeOffset ExpiresAt);
}
