using Asobi.Data;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// SQL of <c>chat_messages</c> (partitioned by day) and its partition maintenance. History reads go to the read
/// replica when one is configured (<c>ConnectionStrings:asobi-read</c>): a message may show there a moment later.
/// </summary>
public sealed class ChatStore(NpgsqlDataSource db, [FromKeyedServices(DatabaseConfiguration.ReadReplicaKey)] NpgsqlDataSource reads)
{
    private const string InsertSql = """
        INSERT INTO chat_messages (channel_id, sender_id, content, sent_at) VALUES ($1, $2, $3, $4)
        RETURNING id
        """;
    // Ids are drawn in input order (unnest yields rows in order) and returned in that order.
    private const string InsertManySql = """
        WITH input AS MATERIALIZED (
            SELECT nextval('chat_message_ids') AS id, channel_id, sender_id, content, sent_at, ord
            FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS t(channel_id, sender_id, content, sent_at, ord)),
        ins AS (INSERT INTO chat_messages (id, channel_id, sender_id, content, sent_at)
                SELECT id, channel_id, sender_id, content, sent_at FROM input)
        SELECT id FROM input ORDER BY ord
        """;
    private const string HistorySql = """
        SELECT id, channel_id, sender_id, content, sent_at FROM chat_messages
        WHERE channel_id = $1 AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3
        """;
    // Channel messages of the given channels and DMs to or from the given players, stored since $1 (BRIN on sent_at).
    private const string RecentSql = """
        SELECT id, channel_id, sender_id, content, sent_at FROM chat_messages
        WHERE sent_at > $1
          AND (channel_id = ANY($2)
               OR (channel_id LIKE 'dm:%' AND (split_part(channel_id, ':', 2) = ANY($3) OR split_part(channel_id, ':', 3) = ANY($3))))
        ORDER BY id LIMIT $4
        """;
    private const string MaintainSql = "SELECT asobi_chat_maintain($1, $2, $3)";
    private const string PartitionsSql = """
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'chat_messages'::regclass ORDER BY c.relname
        """;
    private const string NoPartitionState = "23514";

    /// <summary>Stores a message; creates the partition of its day first if the maintenance has not yet.</summary>
    public async Task<long> InsertAsync(string channelId, Guid senderId, string content, DateTimeOffset sentAt, CancellationToken ct)
    {
        try
        {
            return await InsertOnceAsync(channelId, senderId, content, sentAt, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == NoPartitionState)
        {
            await MaintainAsync(sentAt, 1, TimeSpan.FromDays(36500), ct);
            return await InsertOnceAsync(channelId, senderId, content, sentAt, ct);
        }
    }

    /// <summary>Stores many messages in one round trip; their ids in the same order.</summary>
    public async Task<IReadOnlyList<long>> InsertManyAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        try
        {
            return await InsertManyOnceAsync(messages, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == NoPartitionState)
        {
            foreach (var day in messages.Select(m => m.SentAt.UtcDateTime.Date).Distinct())
            {
                await MaintainAsync(new DateTimeOffset(day, TimeSpan.Zero), 1, TimeSpan.FromDays(36500), ct);
            }

            return await InsertManyOnceAsync(messages, ct);
        }
    }

    /// <summary>Newest first, ids below <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<ChatMessage>> HistoryAsync(string channelId, long? before, int limit, CancellationToken ct)
    {
        await using var cmd = reads.CreateCommand(HistorySql);
        cmd.Parameters.Add(new() { Value = channelId });
        cmd.Parameters.Add(new() { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var messages = new List<ChatMessage>();
        while (await reader.ReadAsync(ct))
        {
            messages.Add(new ChatMessage(reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return messages;
    }

    /// <summary>Messages stored after <paramref name="since"/> in these channels or in DMs of these players, oldest first.</summary>
    public async Task<IReadOnlyList<ChatMessage>> RecentAsync(
        DateTimeOffset since, IReadOnlyCollection<string> channels, IReadOnlyCollection<Guid> players, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RecentSql);
        cmd.Parameters.Add(new() { Value = since });
        cmd.Parameters.Add(new() { Value = channels.ToArray() });
        cmd.Parameters.Add(new() { Value = players.Select(p => p.ToString("D")).ToArray() });
        cmd.Parameters.Add(new() { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var messages = new List<ChatMessage>();
        while (await reader.ReadAsync(ct))
        {
            messages.Add(new ChatMessage(reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return messages;
    }

    /// <summary>Creates day partitions from <paramref name="at"/>'s day on and drops those past the retention; returns how many were dropped.</summary>
    public async Task<int> MaintainAsync(DateTimeOffset at, int daysAhead, TimeSpan retention, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MaintainSql);
        cmd.Parameters.Add(new() { Value = at });
        cmd.Parameters.Add(new() { Value = daysAhead });
        cmd.Parameters.Add(new() { Value = retention });
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<string>> PartitionsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(PartitionsSql);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var names = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<IReadOnlyList<long>> InsertManyOnceAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertManySql);
        cmd.Parameters.Add(new() { Value = messages.Select(m => m.ChannelId).ToArray() });
        cmd.Parameters.Add(new() { Value = messages.Select(m => m.SenderId).ToArray() });
        cmd.Parameters.Add(new() { Value = messages.Select(m => m.Content).ToArray() });
        cmd.Parameters.Add(new() { Value = messages.Select(m => m.SentAt).ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<long>(messages.Count);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private async Task<long> InsertOnceAsync(string channelId, Guid senderId, string content, DateTimeOffset sentAt, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertSql);
        cmd.Parameters.Add(new() { Value = channelId });
        cmd.Parameters.Add(new() { Value = senderId });
        cmd.Parameters.Add(new() { Value = content });
        cmd.Parameters.Add(new() { Value = sentAt });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
