using System.Net;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Social;

/// <summary>Friend requests, answers and blocks; notifications persisted for offline players and pushed live, across nodes.</summary>
public sealed class FriendsAndNotificationsTests(DatabaseFixture db) : TwoNodeTests(db)
{
    [Fact]
    public async Task A_request_is_pending_until_the_recipient_accepts_and_only_the_recipient_can_accept()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        var (status, created) = await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal("outgoing", created.GetProperty("direction").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await A.Api.PostAsync("friends", new { friend_id = alice.Id }, bob.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.PutAsync($"friends/{bob.Id}", new { status = "accepted" }, alice.AccessToken)).Status);

        var (_, incoming) = await B.Api.GetAsync("friends?status=pending", bob.AccessToken);
        var entry = Assert.Single(incoming.GetProperty("friends").EnumerateArray());
        Assert.Equal(alice.Id, entry.GetProperty("friend_id").GetGuid());
        Assert.Equal("incoming", entry.GetProperty("direction").GetString());

        var (accepted, body) = await B.Api.PutAsync($"friends/{alice.Id}", new { status = "accepted" }, bob.AccessToken);
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var (_, list) = await A.Api.GetAsync("friends", alice.AccessToken);
        var friend = Assert.Single(list.GetProperty("friends").EnumerateArray());
        Assert.Equal("accepted", friend.GetProperty("status").GetString());
        Assert.False(friend.GetProperty("presence").GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Bad_friend_requests_are_refused_with_clear_errors()
    {
        var alice = await A.Api.RegisterAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await A.Api.PostAsync("friends", new { friend_id = alice.Id }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.PostAsync("friends", new { friend_id = Guid.NewGuid() }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await A.Api.PostAsync("friends", new { }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await A.Api.PutAsync($"friends/{Guid.NewGuid()}", new { status = "best" }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await A.Api.GetAsync("friends?status=weird", alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.DeleteAsync($"friends/{Guid.NewGuid()}", alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await A.Api.GetAsync("friends")).Status);
    }

    [Fact]
    public async Task A_block_hides_the_pair_from_the_blocked_player_stops_requests_and_only_the_blocker_lifts_it()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        Assert.Equal(HttpStatusCode.Created, (await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
        var (status, blocked) = await A.Api.PutAsync($"friends/{alice.Id}", new { status = "blocked" }, bob.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("blocked", blocked.GetProperty("status").GetString());

        Assert.Empty((await A.Api.GetAsync("friends", alice.AccessToken)).Body.GetProperty("friends").EnumerateArray());
        Assert.Single((await A.Api.GetAsync("friends?status=blocked", bob.AccessToken)).Body.GetProperty("friends").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await A.Api.DeleteAsync($"friends/{bob.Id}", alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await A.Api.DeleteAsync($"friends/{alice.Id}", bob.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Created, (await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
    }

    [Fact]
    public async Task A_friend_request_to_an_offline_player_is_listed_when_they_come_back()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        Assert.Equal(HttpStatusCode.Created, (await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);

        var (status, body) = await B.Api.GetAsync("notifications?read=false", bob.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var n = Assert.Single(body.GetProperty("notifications").EnumerateArray());
        Assert.Equal("friend_request", n.GetProperty("type").GetString());
        Assert.Equal(alice.Id, n.GetProperty("content").GetProperty("from_player_id").GetGuid());
        Assert.False(n.GetProperty("read").GetBoolean());
        var id = n.GetProperty("id").GetString();

        var (readStatus, read) = await B.Api.PutAsync($"notifications/{id}/read", new { }, bob.AccessToken);
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.True(read.GetProperty("read").GetBoolean());
        Assert.Empty((await B.Api.GetAsync("notifications?read=false", bob.AccessToken)).Body.GetProperty("notifications").EnumerateArray());
        Assert.Single((await B.Api.GetAsync("notifications?read=true", bob.AccessToken)).Body.GetProperty("notifications").EnumerateArray());

        // Someone else's notification is not theirs to touch.
        Assert.Equal(HttpStatusCode.NotFound, (await B.Api.PutAsync($"notifications/{id}/read", new { }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await B.Api.DeleteAsync($"notifications/{id}", alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await B.Api.DeleteAsync($"notifications/{id}", bob.AccessToken)).Status);
        Assert.Empty((await B.Api.GetAsync("notifications", bob.AccessToken)).Body.GetProperty("notifications").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await B.Api.DeleteAsync($"notifications/{id}", bob.AccessToken)).Status);
    }

    [Fact]
    public async Task A_notification_for_an_online_player_arrives_live_on_the_node_that_holds_the_socket()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        Assert.Equal(HttpStatusCode.Created, (await A.Api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
        var pushed = (await bobOnB.ReceiveTypeAsync("notification.new")).GetProperty("payload");
        Assert.Equal("friend_request", pushed.GetProperty("type").GetString());
        var listed = (await B.Api.GetAsync("notifications", bob.AccessToken)).Body.GetProperty("notifications")[0];
        Assert.Equal(listed.GetProperty("id").GetString(), pushed.GetProperty("id").GetString());

        // Accepting notifies the requester.
        await using var aliceOnA = await SocialKit.ConnectAsync(A, alice);
        Assert.Equal(HttpStatusCode.OK, (await B.Api.PutAsync($"friends/{alice.Id}", new { status = "accepted" }, bob.AccessToken)).Status);
        Assert.Equal("friend_accepted", (await aliceOnA.ReceiveTypeAsync("notification.new")).GetProperty("payload").GetProperty("type").GetString());
    }
}
