using Asobi.IntegrationTests.Support;
using Asobi.Node.Social.Chat;
using Npgsql;

namespace Asobi.IntegrationTests.Social;

/// <summary>chat_messages on real PostgreSQL: day partitions created ahead, old ones dropped past the retention.</summary>
public sealed class ChatStoreTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Partitions_are_created_ahead_and_those_past_the_retention_are_dropped_with_their_messages()
    {
        var store = fixture.Node.Service<ChatStore>();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-400);
        await store.MaintainAsync(longAgo, 2, TimeSpan.FromDays(36500), default);
        var channel = "global:retention" + Guid.NewGuid().ToString("N")[..6];
        await store.InsertAsync(channel, Guid.NewGuid(), "old", longAgo, default);
        var oldPartition = $"chat_messages_p{longAgo:yyyyMMdd}";
        Assert.Contains(oldPartition, await store.PartitionsAsync(default));

        var now = DateTimeOffset.UtcNow;
        var dropped = await store.MaintainAsync(now, 3, TimeSpan.FromDays(30), default);
        var partitions = await store.PartitionsAsync(default);
        Assert.True(dropped >= 3, $"dropped {dropped}");
        Assert.DoesNotContain(oldPartition, partitions);
        for (var d = 0; d <= 3; d++)
        {
            Assert.Contains($"chat_messages_p{now.AddDays(d):yyyyMMdd}", partitions);
        }

        Assert.Empty(await store.HistoryAsync(channel, null, 10, default));
    }

    [Fact]
    public async Task A_message_for_a_day_without_a_partition_creates_it_instead_of_failing()
    {
        var store = fixture.Node.Service<ChatStore>();
        var future = DateTimeOffset.UtcNow.AddDays(90);
        var channel = "global:future" + Guid.NewGuid().ToString("N")[..6];
        var id = await store.InsertAsync(channel, Guid.NewGuid(), "later", future, default);
        var stored = Assert.Single(await store.HistoryAsync(channel, null, 10, default));
        Assert.Equal(id, stored.Id);
        Assert.Contains($"chat_messages_p{future:yyyyMMdd}", await store.PartitionsAsync(default));
    }

    [Fact]
    public async Task A_batch_is_stored_in_one_round_trip_with_ids_rising_in_input_order()
    {
        var store = fixture.Node.Service<ChatStore>();
        var channel = "global:batch" + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow;
        var batch = Enumerable.Range(0, 50).Select(i => new PendingMessage(channel, Guid.NewGuid(), $"m{i}", now, _ => { })).ToList();
        var ids = await store.InsertManyAsync(batch, default);
        Assert.Equal(50, ids.Count);
        Assert.Equal(ids.Order(), ids);
        var history = await store.HistoryAsync(channel, null, 100, default);
        Assert.Equal(Enumerable.Range(0, 50).Reverse().Select(i => $"m{i}"), history.Select(m => m.Content));
        Assert.Equal(ids.Reverse(), history.Select(m => m.Id));
    }

    [Fact]
    public async Task The_table_is_partitioned_by_sent_at()
    {
        await using var conn = new NpgsqlConnection(fixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_get_partkeydef('chat_messages'::regclass)", conn);
        Assert.Equal("RANGE (sent_at)", (string?)await cmd.ExecuteScalarAsync());
    }
}
