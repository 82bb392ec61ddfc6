using System.Net;
using System.Text.Json;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Social;

/// <summary>Operator notifications: the operator key, targeted sends and broadcasts, across two nodes.</summary>
public sealed class OperatorNotificationTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private const string Key = "test-operator-key-0123456789abcdefghij";
    private static readonly Dictionary<string, string?> Settings = new() { ["Asobi:Operator:Key"] = Key };

    protected override IDictionary<string, string?>? NodeSettings => Settings;

    [Fact]
    public async Task Operator_routes_are_disabled_with_a_clear_error_when_no_key_is_configured()
    {
        await using var plain = await NodeHost.StartAsync(ConnectionString);
        var (status, body) = await SendAsync(plain, new { subject = "hello" }, Key);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("operator.disabled", Code(body));
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_refused_and_a_player_token_is_no_substitute()
    {
        var (missing, missingBody) = await SendAsync(A, new { subject = "hello" }, key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal("operator.key_required", Code(missingBody));

        var (wrong, wrongBody) = await SendAsync(A, new { subject = "hello" }, Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("operator.invalid_key", Code(wrongBody));

        var player = await A.Api.RegisterAsync();
        var (asPlayer, asPlayerBody) = await A.Api.PostAsync("operator/notifications", new { subject = "hello" }, player.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, asPlayer);
        Assert.Equal("operator.key_required", Code(asPlayerBody));

        // The key is checked before the body: a bad body with a bad key says nothing about the body.
        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/v1/operator/notifications") { Content = new StringContent("{nope") };
        garbage.Headers.Add("X-Asobi-Operator-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await A.Http.SendAsync(garbage)).StatusCode);
        Assert.Empty((await A.Api.GetAsync("notifications", player.AccessToken)).Body.GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task Invalid_requests_are_refused_naming_the_field_and_nothing_is_sent()
    {
        var player = await A.Api.RegisterAsync();
        var tooMany = Enumerable.Range(0, 1001).Select(_ => Guid.NewGuid()).ToArray();
        var big = new { text = new string('x', 16 * 1024) };
        var cases = new (object Body, string Field)[]
        {
            (new { subject = "" }, "subject"),
            (new { subject = "   " }, "subject"),
            (new { content = new { } }, "subject"),
            (new { subject = new string('s', 257) }, "subject"),
            (new { subject = "big", content = big }, "content"),
            (new { subject = "text", content = "not an object" }, "content"),
            (new { subject = "ids", player_ids = tooMany }, "player_ids"),
            (new { subject = "none", player_ids = Array.Empty<Guid>() }, "player_ids"),
            (new { subject = "code", code = "Not A Code!" }, "code"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, error) = await SendAsync(A, body, Key);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{field}: {(int)status} {error}");
            Assert.Equal("validation_failed", Code(error));
            Assert.True(error.GetProperty("error").GetProperty("details").TryGetProperty(field, out _), error.ToString());
        }

        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/operator/notifications")
        {
            Content = new StringContent("""{"subject":"x","player_ids":["not-a-uuid"]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        malformed.Headers.Add("X-Asobi-Operator-Key", Key);
        Assert.Equal(HttpStatusCode.BadRequest, (await A.Http.SendAsync(malformed)).StatusCode);

        Assert.Empty((await A.Api.GetAsync("notifications", player.AccessToken)).Body.GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task A_targeted_notification_arrives_live_on_the_other_node_and_waits_for_an_offline_player()
    {
        var (online, offline, bystander) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var onlineOnB = await SocialKit.ConnectAsync(B, online);
        await using var bystanderOnB = await SocialKit.ConnectAsync(B, bystander);
        var unknown = Guid.NewGuid();

        var (status, body) = await SendAsync(A, new
        {
            subject = "Season reward",
            content = new { gems = 50 },
            code = "season_reward",
            player_ids = new[] { online.Id, offline.Id, online.Id, unknown },
        }, Key);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(body.GetProperty("broadcast").GetBoolean());
        Assert.Equal(2, body.GetProperty("sent").GetInt32());
        Assert.Equal([unknown], body.GetProperty("unknown_player_ids").EnumerateArray().Select(e => e.GetGuid()));

        var pushed = (await onlineOnB.ReceiveTypeAsync("notification.new")).GetProperty("payload");
        Assert.Equal("season_reward", pushed.GetProperty("type").GetString());
        Assert.Equal("Season reward", pushed.GetProperty("subject").GetString());
        Assert.Equal(50, pushed.GetProperty("content").GetProperty("gems").GetInt32());

        var listed = Assert.Single((await B.Api.GetAsync("notifications", offline.AccessToken)).Body.GetProperty("notifications").EnumerateArray());
        Assert.Equal("season_reward", listed.GetProperty("type").GetString());
        Assert.False(listed.GetProperty("read").GetBoolean());

        // Someone not listed got nothing: the next frame the bystander sees is the answer to its own heartbeat.
        await bystanderOnB.SendAsync("session.heartbeat", new { });
        Assert.Equal("session.heartbeat", (await bystanderOnB.ReceiveAsync()).Type());
        Assert.Empty((await A.Api.GetAsync("notifications", bystander.AccessToken)).Body.GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task A_broadcast_reaches_sockets_on_both_nodes_is_listed_for_offline_players_and_is_read_and_deleted_per_player()
    {
        var (onA, onB, away) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var socketA = await SocialKit.ConnectAsync(A, onA);
        await using var socketB = await SocialKit.ConnectAsync(B, onB);

        var (status, body) = await SendAsync(A, new { subject = "Maintenance at 04:00 UTC", content = new { minutes = 30 } }, Key);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(body.GetProperty("broadcast").GetBoolean());
        var id = body.GetProperty("notification").GetProperty("id").GetGuid();
        Assert.Equal("operator", body.GetProperty("notification").GetProperty("type").GetString());

        foreach (var socket in new[] { socketA, socketB })
        {
            var pushed = (await socket.ReceiveTypeAsync("notification.new")).GetProperty("payload");
            Assert.Equal(id, pushed.GetProperty("id").GetGuid());
            Assert.Equal(30, pushed.GetProperty("content").GetProperty("minutes").GetInt32());
        }

        // The offline player finds it, unread; reading it is theirs alone.
        var listed = Assert.Single(await InboxAsync(B, away));
        Assert.Equal(id, listed.GetProperty("id").GetGuid());
        Assert.False(listed.GetProperty("read").GetBoolean());
        var (readStatus, read) = await B.Api.PutAsync($"notifications/{id}/read", new { }, away.AccessToken);
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.True(read.GetProperty("read").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await B.Api.PutAsync($"notifications/{id}/read", new { }, away.AccessToken)).Status);
        Assert.Single(await InboxAsync(A, away, "?read=true"));
        Assert.Empty(await InboxAsync(A, away, "?read=false"));
        Assert.False(Assert.Single(await InboxAsync(A, onA)).GetProperty("read").GetBoolean());

        // Deleting hides it from that player only, once.
        Assert.Equal(HttpStatusCode.NoContent, (await A.Api.DeleteAsync($"notifications/{id}", onA.AccessToken)).Status);
        Assert.Empty(await InboxAsync(A, onA));
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.DeleteAsync($"notifications/{id}", onA.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.PutAsync($"notifications/{id}/read", new { }, onA.AccessToken)).Status);
        Assert.Single(await InboxAsync(B, onB));
        Assert.Single(await InboxAsync(B, away));
    }

    [Fact]
    public async Task A_player_registered_after_a_broadcast_does_not_see_it_and_cannot_touch_it()
    {
        var (status, body) = await SendAsync(B, new { subject = "Before your time" }, Key);
        Assert.Equal(HttpStatusCode.Created, status);
        var id = body.GetProperty("notification").GetProperty("id").GetGuid();

        var late = await A.Api.RegisterAsync();
        Assert.Empty(await InboxAsync(A, late));
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.PutAsync($"notifications/{id}/read", new { }, late.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.DeleteAsync($"notifications/{id}", late.AccessToken)).Status);
    }

    [Fact]
    public async Task An_operator_lists_broadcasts_and_retracts_one_from_every_inbox_on_any_node()
    {
        var reader = await A.Api.RegisterAsync();
        var keeper = await B.Api.RegisterAsync();
        var (_, first) = await SendAsync(A, new { subject = "Maintenance at 02:00" }, Key);
        var (_, second) = await SendAsync(A, new { subject = "Double XP weekend" }, Key);
        var retracted = first.GetProperty("notification").GetProperty("id").GetGuid();
        var kept = second.GetProperty("notification").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PutAsync($"notifications/{retracted}/read", new { }, reader.AccessToken)).Status);

        var (listed, list) = await OperatorAsync(B, HttpMethod.Get, "operator/notifications/broadcasts?limit=100", Key);
        Assert.Equal(HttpStatusCode.OK, listed);
        var ids = list.GetProperty("broadcasts").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(kept) >= 0 && ids.IndexOf(kept) < ids.IndexOf(retracted), "newest first");
        var newest = (await OperatorAsync(B, HttpMethod.Get, "operator/notifications/broadcasts?limit=1", Key)).Body.GetProperty("broadcasts");
        Assert.Equal([kept], newest.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));

        // Retracted through the other node: gone for everyone, whatever they had done with it.
        Assert.Equal(HttpStatusCode.NoContent, (await OperatorAsync(B, HttpMethod.Delete, $"operator/notifications/broadcasts/{retracted}", Key)).Status);
        foreach (var (node, player) in new[] { (A, reader), (B, keeper) })
        {
            var inbox = (await InboxAsync(node, player)).Select(n => n.GetProperty("id").GetGuid()).ToList();
            Assert.DoesNotContain(retracted, inbox);
            Assert.Contains(kept, inbox);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.PutAsync($"notifications/{retracted}/read", new { }, keeper.AccessToken)).Status);
        var (again, againBody) = await OperatorAsync(A, HttpMethod.Delete, $"operator/notifications/broadcasts/{retracted}", Key);
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Equal("not_found", Code(againBody));
        Assert.DoesNotContain(retracted, (await OperatorAsync(A, HttpMethod.Get, "operator/notifications/broadcasts", Key)).Body
            .GetProperty("broadcasts").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Listing_and_retracting_broadcasts_need_the_operator_key()
    {
        var player = await A.Api.RegisterAsync();
        var (_, sent) = await SendAsync(A, new { subject = "Stays" }, Key);
        var id = sent.GetProperty("notification").GetProperty("id").GetGuid();

        var (list, listBody) = await OperatorAsync(A, HttpMethod.Get, "operator/notifications/broadcasts", key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, list);
        Assert.Equal("operator.key_required", Code(listBody));
        var (wrong, wrongBody) = await OperatorAsync(A, HttpMethod.Delete, $"operator/notifications/broadcasts/{id}", Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("operator.invalid_key", Code(wrongBody));
        Assert.Equal(HttpStatusCode.Unauthorized, (await A.Api.DeleteAsync($"operator/notifications/broadcasts/{id}", player.AccessToken)).Status);

        Assert.Contains(id, (await InboxAsync(A, player)).Select(n => n.GetProperty("id").GetGuid()));
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> OperatorAsync(NodeHost node, HttpMethod method, string path, string? key) =>
        node.Api.OperatorAsync(method, path, key);

    private static Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(NodeHost node, object body, string? key) =>
        node.Api.OperatorAsync(HttpMethod.Post, "operator/notifications", key, body);

    private static async Task<List<JsonElement>> InboxAsync(NodeHost node, Player player, string query = "")
    {
        var (status, body) = await node.Api.GetAsync("notifications" + query, player.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("notifications").EnumerateArray()];
    }

    private static string? Code(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString();
}
