namespace Asobi.Node.Leaderboards;

/// <summary>
/// An order-statistic treap over (score, reached-at, player) with a player → node index: upsert, remove, rank,
/// select-by-rank all in expected O(log n). Nodes live in parallel arrays (no per-entry objects) so a board of a
/// million entries is a handful of arrays for the GC. Not thread-safe: <see cref="LeaderboardCache"/> guards it.
/// </summary>
public sealed class RankIndex
{
    private const int Nil = 0;

    private readonly bool descending;
    private readonly Dictionary<Guid, int> byPlayer;
    private readonly Stack<int> free = new();
    private ulong rngState;
    private int root = Nil;
    private int used = 1; // slot 0 is the nil sentinel (size 0)

    private long[] sortKey;
    private long[] reachedAt;
    private Guid[] player;
    private long[] version;
    private int[] left;
    private int[] right;
    private int[] size;
    private uint[] priority;

    public RankIndex(bool descending, int capacity = 16, ulong seed = 0x9E3779B97F4A7C15)
    {
        this.descending = descending;
        capacity = Math.Max(capacity + 1, 2);
        byPlayer = new Dictionary<Guid, int>(capacity);
        rngState = seed == 0 ? 1 : seed;
        sortKey = new long[capacity];
        reachedAt = new long[capacity];
        player = new Guid[capacity];
        version = new long[capacity];
        left = new int[capacity];
        right = new int[capacity];
        size = new int[capacity];
        priority = new uint[capacity];
    }

    public int Count => size[root];

    public bool Descending => descending;

    /// <summary>
    /// Places <paramref name="playerId"/> at <paramref name="score"/>. Ignored (false) when the index already holds a
    /// version at least as new: bus events from several nodes may arrive out of order, the newest write wins.
    /// </summary>
    public bool Upsert(Guid playerId, long score, long reachedAtMicros, long entryVersion)
    {
        if (byPlayer.TryGetValue(playerId, out var existing))
        {
            if (version[existing] >= entryVersion)
            {
                return false;
            }

            root = Delete(root, existing);
            Fill(existing, playerId, score, reachedAtMicros, entryVersion);
            root = Insert(root, existing);
            return true;
        }

        var n = Allocate();
        Fill(n, playerId, score, reachedAtMicros, entryVersion);
        root = Insert(root, n);
        byPlayer[playerId] = n;
        return true;
    }

    /// <summary>
    /// Fills an empty index from unordered entries in O(n log n) with one sort and a balanced build, much faster than
    /// n inserts (no random memory walks). Priorities fall in bands by depth, so the heap order holds and later
    /// inserts keep the treap's guarantees.
    /// </summary>
    public void Load(RankedEntry[] entries)
    {
        if (Count != 0)
        {
            throw new InvalidOperationException("Load needs an empty index.");
        }

        var rows = new Row[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            rows[i] = new Row(descending ? ~e.Score : e.Score, e.ReachedAtMicros, e.PlayerId, e.Version);
        }

        Array.Sort(rows, default(RowOrder));
        EnsureCapacity(rows.Length + 1);
        var depth = 0;
        for (var n = rows.Length; n > 0; n >>= 1)
        {
            depth++;
        }

        var band = uint.MaxValue / (uint)(depth + 2);
        root = Build(rows, 0, rows.Length, 0, band, depth);
        if (byPlayer.Count != rows.Length)
        {
            Clear();
            throw new ArgumentException("A player appears twice.", nameof(entries));
        }
    }

    private int Build(Row[] rows, int from, int to, int depth, uint band, int maxDepth)
    {
        if (from >= to)
        {
            return Nil;
        }

        var mid = from + ((to - from) / 2);
        var n = used++;
        var r = rows[mid];
        sortKey[n] = r.Sort;
        reachedAt[n] = r.At;
        player[n] = r.Player;
        version[n] = r.Version;
        byPlayer[r.Player] = n;
        priority[n] = (band * (uint)(maxDepth + 1 - depth)) + (NextPriority() % band);
        left[n] = Build(rows, from, mid, depth + 1, band, maxDepth);
        right[n] = Build(rows, mid + 1, to, depth + 1, band, maxDepth);
        size[n] = to - from;
        return n;
    }

    public bool Remove(Guid playerId)
    {
        if (!byPlayer.Remove(playerId, out var n))
        {
            return false;
        }

        root = Delete(root, n);
        free.Push(n);
        return true;
    }

    public void Clear()
    {
        byPlayer.Clear();
        free.Clear();
        root = Nil;
        used = 1;
    }

    public bool TryGet(Guid playerId, out RankedEntry entry)
    {
        if (!byPlayer.TryGetValue(playerId, out var n))
        {
            entry = default;
            return false;
        }

        entry = Entry(n, RankOf(n));
        return true;
    }

    /// <summary>1-based rank, or 0 when the player has no entry.</summary>
    public long RankOf(Guid playerId) => byPlayer.TryGetValue(playerId, out var n) ? RankOf(n) : 0;

    /// <summary>Entries with ranks <paramref name="firstRank"/> .. firstRank + limit − 1 (1-based), in rank order.</summary>
    public List<RankedEntry> Range(long firstRank, int limit)
    {
        var result = new List<RankedEntry>(Math.Max(0, Math.Min(limit, Count)));
        if (firstRank < 1 || limit <= 0 || firstRank > Count)
        {
            return result;
        }

        // Descend to the first node keeping the path on a stack, then walk in order: O(log n + limit).
        var stack = new Stack<int>();
        var t = root;
        var k = (int)firstRank;
        while (t != Nil)
        {
            var leftSize = size[left[t]];
            if (k <= leftSize)
            {
                stack.Push(t);
                t = left[t];
            }
            else if (k == leftSize + 1)
            {
                stack.Push(t);
                break;
            }
            else
            {
                k -= leftSize + 1;
                t = right[t];
            }
        }

        var rank = firstRank;
        while (stack.Count > 0 && result.Count < limit)
        {
            var n = stack.Pop();
            result.Add(Entry(n, rank++));
            for (var c = right[n]; c != Nil; c = left[c])
            {
                stack.Push(c);
            }
        }

        return result;
    }

    /// <summary>The player's entry with up to <paramref name="range"/> neighbours on each side; empty when absent.</summary>
    public List<RankedEntry> Around(Guid playerId, int range)
    {
        var rank = RankOf(playerId);
        if (rank == 0)
        {
            return [];
        }

        var first = Math.Max(1, rank - range);
        return Range(first, (int)(rank - first) + range + 1);
    }

    private RankedEntry Entry(int n, long rank) => new(rank, player[n], descending ? ~sortKey[n] : sortKey[n], reachedAt[n], version[n]);

    private long RankOf(int n)
    {
        // Count nodes ordered before n by descending from the root with n's key.
        long before = 0;
        var t = root;
        while (t != Nil)
        {
            var c = Compare(n, t);
            if (c == 0)
            {
                return before + size[left[t]] + 1;
            }

            if (c < 0)
            {
                t = left[t];
            }
            else
            {
                before += size[left[t]] + 1;
                t = right[t];
            }
        }

        throw new InvalidOperationException("Indexed player missing from the tree.");
    }

    private void Fill(int n, Guid playerId, long score, long reachedAtMicros, long entryVersion)
    {
        // ~score reverses the order without overflow (unlike -score for long.MinValue).
        sortKey[n] = descending ? ~score : score;
        reachedAt[n] = reachedAtMicros;
        player[n] = playerId;
        version[n] = entryVersion;
        left[n] = Nil;
        right[n] = Nil;
        size[n] = 1;
        priority[n] = NextPriority();
    }

    private int Insert(int t, int n)
    {
        if (t == Nil)
        {
            return n;
        }

        if (priority[n] > priority[t])
        {
            Split(t, n, out var l, out var r);
            left[n] = l;
            right[n] = r;
            size[n] = size[l] + size[r] + 1;
            return n;
        }

        if (Compare(n, t) < 0)
        {
            left[t] = Insert(left[t], n);
        }
        else
        {
            right[t] = Insert(right[t], n);
        }

        size[t]++;
        return t;
    }

    private int Delete(int t, int n)
    {
        if (t == n)
        {
            return Merge(left[t], right[t]);
        }

        if (Compare(n, t) < 0)
        {
            left[t] = Delete(left[t], n);
        }
        else
        {
            right[t] = Delete(right[t], n);
        }

        size[t]--;
        return t;
    }

    /// <summary>Splits subtree <paramref name="t"/> into keys ordered before node <paramref name="n"/> and the rest.</summary>
    private void Split(int t, int n, out int l, out int r)
    {
        if (t == Nil)
        {
            l = r = Nil;
            return;
        }

        if (Compare(t, n) < 0)
        {
            Split(right[t], n, out var a, out r);
            right[t] = a;
            l = t;
        }
        else
        {
            Split(left[t], n, out l, out var b);
            left[t] = b;
            r = t;
        }

        size[t] = size[left[t]] + size[right[t]] + 1;
    }

    private int Merge(int a, int b)
    {
        if (a == Nil)
        {
            return b;
        }

        if (b == Nil)
        {
            return a;
        }

        if (priority[a] > priority[b])
        {
            right[a] = Merge(right[a], b);
            size[a] = size[left[a]] + size[right[a]] + 1;
            return a;
        }

        left[b] = Merge(a, left[b]);
        size[b] = size[left[b]] + size[right[b]] + 1;
        return b;
    }

    private int Compare(int a, int b)
    {
        var c = sortKey[a].CompareTo(sortKey[b]);
        if (c != 0)
        {
            return c;
        }

        c = reachedAt[a].CompareTo(reachedAt[b]);
        return c != 0 ? c : player[a].CompareTo(player[b]);
    }

    private int Allocate()
    {
        if (free.Count > 0)
        {
            return free.Pop();
        }

        if (used == sortKey.Length)
        {
            EnsureCapacity(sortKey.Length * 2);
        }

        return used++;
    }

    private void EnsureCapacity(int capacity)
    {
        if (capacity > sortKey.Length)
        {
            Array.Resize(ref sortKey, capacity);
            Array.Resize(ref reachedAt, capacity);
            Array.Resize(ref player, capacity);
            Array.Resize(ref version, capacity);
            Array.Resize(ref left, capacity);
            Array.Resize(ref right, capacity);
            Array.Resize(ref size, capacity);
            Array.Resize(ref priority, capacity);
        }
    }

    private uint NextPriority()
    {
        // xorshift64*: deterministic for a seed, cheap, good enough for treap balance.
        rngState ^= rngState >> 12;
        rngState ^= rngState << 25;
        rngState ^= rngState >> 27;
        return (uint)((rngState * 0x2545F4914F6CDD1DUL) >> 32);
    }

    private readonly record struct Row(long Sort, long At, Guid Player, long Version);

    private readonly struct RowOrder : IComparer<Row>
    {
        public int Compare(Row a, Row b)
        {
            var c = a.Sort.CompareTo(b.Sort);
            if (c != 0)
            {
                return c;
            }

            c = a.At.CompareTo(b.At);
            return c != 0 ? c : a.Player.CompareTo(b.Player);
        }
    }
}
