namespace Asobi.Node.Social.Fanout;

/// <summary>
/// The last <c>capacity</c> ids marked, first in first out: what the live path and a catch-up after a bus outage
/// share so that each item reaches a node's sockets once. Beyond the capacity the oldest ids are forgotten (a
/// catch-up reaching further back could then repeat one).
/// </summary>
public class RecentIds<T>(int capacity) where T : notnull
{
    private readonly Lock gate = new();
    private readonly HashSet<T> ids = [];
    private readonly Queue<T> order = new();

    /// <summary>Whether the id is among the last ones marked.</summary>
    public bool Contains(T id)
    {
        lock (gate)
        {
            return ids.Contains(id);
        }
    }

    /// <summary>Records the id; false when it was marked already.</summary>
    public bool TryMark(T id)
    {
        lock (gate)
        {
            if (!ids.Add(id))
            {
                return false;
            }

            order.Enqueue(id);
            if (order.Count > capacity)
            {
                ids.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
