using System.Net;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Social;

/// <summary>Groups over REST and their room channel, with two nodes on one database.</summary>
public sealed class GroupTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private async Task<Guid> CreateAsync(Player owner, bool open = true, int max = 10)
    {
        var (status, body) = await A.Api.PostAsync("groups", new { name = "g" + Guid.NewGuid().ToString("N")[..10], open, max_members = max }, owner.AccessToken);
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("group_id").GetGuid();
    }

    private async Task<HttpStatusCode> JoinAsync(Guid group, Player p) => (await A.Api.PostAsync($"groups/{group}/join", new { }, p.AccessToken)).Status;

    private async Task<Dictionary<Guid, string>> MembersAsync(Guid group, Player p)
    {
        var (_, body) = await B.Api.GetAsync($"groups/{group}/members", p.AccessToken);
        return body.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("player_id").GetGuid(), m => m.GetProperty("role").GetString()!);
    }

    [Fact]
    public async Task An_open_group_accepts_joins_until_it_is_full()
    {
        var (owner, one, two) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        var group = await CreateAsync(owner, max: 2);
        Assert.Equal(HttpStatusCode.OK, await JoinAsync(group, one));
        Assert.Equal(HttpStatusCode.OK, await JoinAsync(group, one));
        Assert.Equal(HttpStatusCode.Conflict, await JoinAsync(group, two));
        var members = await MembersAsync(group, two);
        Assert.Equal("owner", members[owner.Id]);
        Assert.Equal("member", members[one.Id]);
        var (_, view) = await B.Api.GetAsync($"groups/{group}", two.AccessToken);
        Assert.Equal(2, view.GetProperty("member_count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, await JoinAsync(Guid.NewGuid(), two));
    }

    [Fact]
    public async Task A_closed_group_needs_an_invitation_which_notifies_the_player()
    {
        var (owner, guest) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        var group = await CreateAsync(owner, open: false);
        Assert.Equal(HttpStatusCode.Forbidden, await JoinAsync(group, guest));
        Assert.Equal(HttpStatusCode.Forbidden, (await A.Api.PostAsync($"groups/{group}/invite", new { player_id = owner.Id }, guest.AccessToken)).Status);

        await using var guestOnB = await SocialKit.ConnectAsync(B, guest);
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PostAsync($"groups/{group}/invite", new { player_id = guest.Id }, owner.AccessToken)).Status);
        var pushed = (await guestOnB.ReceiveTypeAsync("notification.new")).GetProperty("payload");
        Assert.Equal("group_invite", pushed.GetProperty("type").GetString());
        Assert.Equal(group, pushed.GetProperty("content").GetProperty("group_id").GetGuid());
        Assert.DoesNotContain(guest.Id, (await MembersAsync(group, owner)).Keys);

        Assert.Equal(HttpStatusCode.OK, await JoinAsync(group, guest));
        Assert.Equal("member", (await MembersAsync(group, owner))[guest.Id]);
        Assert.Equal(HttpStatusCode.Conflict, (await A.Api.PostAsync($"groups/{group}/invite", new { player_id = guest.Id }, owner.AccessToken)).Status);
    }

    [Fact]
    public async Task Roles_follow_the_rank_rules_for_promotion_and_kicks()
    {
        var (owner, admin, mod, m1, m2) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        var group = await CreateAsync(owner);
        foreach (var p in new[] { admin, mod, m1, m2 })
        {
            Assert.Equal(HttpStatusCode.OK, await JoinAsync(group, p));
        }

        async Task<HttpStatusCode> RoleAsync(Player actor, Player target, string role) =>
            (await A.Api.PutAsync($"groups/{group}/members/{target.Id}/role", new { role }, actor.AccessToken)).Status;
        async Task<HttpStatusCode> KickAsync(Player actor, Player target) =>
            (await A.Api.DeleteAsync($"groups/{group}/members/{target.Id}", actor.AccessToken)).Status;

        Assert.Equal(HttpStatusCode.OK, await RoleAsync(owner, admin, "admin"));
        Assert.Equal(HttpStatusCode.OK, await RoleAsync(admin, mod, "moderator"));
        Assert.Equal(HttpStatusCode.Forbidden, await RoleAsync(owner, m1, "owner"));
        Assert.Equal(HttpStatusCode.Forbidden, await RoleAsync(mod, m1, "moderator"));
        Assert.Equal(HttpStatusCode.Forbidden, await RoleAsync(admin, owner, "member"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await RoleAsync(owner, m1, "king"));

        Assert.Equal(HttpStatusCode.Forbidden, await KickAsync(m1, m2));
        Assert.Equal(HttpStatusCode.Forbidden, await KickAsync(mod, admin));
        Assert.Equal(HttpStatusCode.OK, await KickAsync(mod, m1));
        Assert.Equal(HttpStatusCode.NotFound, await KickAsync(mod, m1));
        Assert.Equal(HttpStatusCode.OK, await KickAsync(admin, mod));

        var members = await MembersAsync(group, owner);
        Assert.Equal(["owner", "admin", "member"], members.Values.ToList());

        Assert.Equal(HttpStatusCode.Forbidden, (await A.Api.PutAsync($"groups/{group}", new { description = "x" }, m2.AccessToken)).Status);
        var (edited, body) = await A.Api.PutAsync($"groups/{group}", new { description = "ours", open = false }, admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, edited);
        Assert.False(body.GetProperty("open").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await A.Api.PutAsync($"groups/{group}", new { max_members = 2 }, admin.AccessToken)).Status);
    }

    [Fact]
    public async Task The_owner_stays_while_others_remain_and_bad_input_is_refused()
    {
        var (owner, member) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        var group = await CreateAsync(owner);
        await JoinAsync(group, member);
        Assert.Equal(HttpStatusCode.Conflict, (await A.Api.PostAsync($"groups/{group}/leave", new { }, owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PostAsync($"groups/{group}/leave", new { }, member.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.PostAsync($"groups/{group}/leave", new { }, member.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PostAsync($"groups/{group}/leave", new { }, owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await A.Api.GetAsync($"groups/{group}", owner.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await A.Api.PostAsync("groups", new { name = "" }, owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await A.Api.PostAsync("groups", new { name = "x", max_members = 0 }, owner.AccessToken)).Status);
        var name = "dup" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await A.Api.PostAsync("groups", new { name }, owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await A.Api.PostAsync("groups", new { name = name.ToUpperInvariant() }, owner.AccessToken)).Status);
    }

    [Fact]
    public async Task The_room_channel_is_for_members_and_a_kicked_member_is_removed_from_it_on_every_node()
    {
        var (owner, member) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        var group = await CreateAsync(owner);
        var room = $"room:{group}";
        await using var ownerOnA = await SocialKit.ConnectAsync(A, owner);
        await using var memberOnB = await SocialKit.ConnectAsync(B, member);
        Assert.Equal("chat.forbidden", (await memberOnB.RequestAsync("chat.join", new { channel_id = room })).ErrorCode());

        Assert.Equal(HttpStatusCode.OK, await JoinAsync(group, member));
        await ownerOnA.JoinAsync(room);
        await memberOnB.JoinAsync(room);
        await ownerOnA.RequestAsync("chat.send", new { channel_id = room, content = "welcome" });
        Assert.Equal("welcome", (await memberOnB.ReceiveTypeAsync("chat.message")).GetProperty("payload").GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.OK, (await B.Api.GetAsync($"chat/{room}/history", member.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.OK, (await A.Api.DeleteAsync($"groups/{group}/members/{member.Id}", owner.AccessToken)).Status);
        await Eventually.TrueAsync(async () =>
        {
            var reply = await memberOnB.RequestAsync("chat.send", new { channel_id = room, content = "still here?" });
            return reply.Type() == "error" && reply.ErrorCode() == "chat.not_joined";
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await B.Api.GetAsync($"chat/{room}/history", member.AccessToken)).Status);
    }
}
