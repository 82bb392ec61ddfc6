using System.Net;

namespace Asobi.IntegrationTests.Storage;

public sealed class StorageNodeFixture : IAsyncLifetime
{
    public NodeHost Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await TestPostgres.SharedAsync();
        Node = await NodeHost.StartAsync(await server.CreateDatabaseAsync("sto"), new Dictionary<string, string?>
        {
            ["Asobi:Storage:MaxSaveBytes"] = "1024",
            ["Asobi:Storage:MaxObjectBytes"] = "512",
            ["Asobi:Storage:MaxSlotsPerPlayer"] = "3",
        });
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public sealed class StorageApiTests(StorageNodeFixture fixture) : IClassFixture<StorageNodeFixture>
{
    private AsobiApiClient Api => fixture.Node.Api;

    [Fact]
    public async Task A_save_is_written_only_at_the_version_last_read()
    {
        var p = await Api.RegisterAsync();
        var created = await Api.SendAsync(HttpMethod.Put, "saves/main", p.AccessToken, new { data = new { level = 1 }, version = 0 });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(1, created.Body.GetProperty("version").GetInt64());

        var updated = await Api.SendAsync(HttpMethod.Put, "saves/main", p.AccessToken, new { data = new { level = 2 }, version = 1 });
        Assert.Equal(2, updated.Body.GetProperty("version").GetInt64());

        var stale = await Api.SendAsync(HttpMethod.Put, "saves/main", p.AccessToken, new { data = new { level = 9 }, version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("storage.version_conflict", stale.Body.ErrorCode());
        Assert.Equal("2", stale.Body.GetProperty("error").GetProperty("details").GetProperty("current_version").GetString());

        var recreate = await Api.SendAsync(HttpMethod.Put, "saves/main", p.AccessToken, new { data = new { level = 9 }, version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, recreate.Status);
        var missing = await Api.SendAsync(HttpMethod.Put, "saves/other", p.AccessToken, new { data = new { level = 9 }, version = 4 });
        Assert.Equal("0", missing.Body.GetProperty("error").GetProperty("details").GetProperty("current_version").GetString());

        var read = await Api.SendAsync(HttpMethod.Get, "saves/main", p.AccessToken);
        Assert.Equal(2, read.Body.GetProperty("data").GetProperty("level").GetInt32());
        Assert.Equal(2, read.Body.GetProperty("version").GetInt64());
        var list = await Api.SendAsync(HttpMethod.Get, "saves", p.AccessToken);
        Assert.Equal("main", list.Body.GetProperty("saves")[0].GetProperty("slot").GetString());
    }

    [Fact]
    public async Task Concurrent_writers_at_the_same_version_have_exactly_one_winner()
    {
        var p = await Api.RegisterAsync();
        await Api.SendAsync(HttpMethod.Put, "saves/race", p.AccessToken, new { data = 0, version = 0 });
        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Api.SendAsync(HttpMethod.Put, "saves/race", p.AccessToken, new { data = i, version = 1 })));
        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(9, results.Count(r => r.Status == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Save_limits_give_clear_errors()
    {
        var p = await Api.RegisterAsync();
        var big = await Api.SendAsync(HttpMethod.Put, "saves/big", p.AccessToken, new { data = new string('x', 2000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.Status);
        Assert.Equal("storage.too_large", big.Body.ErrorCode());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.SendAsync(HttpMethod.Put, "saves/bad%20slot", p.AccessToken, new { data = 1 })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.SendAsync(HttpMethod.Put, "saves/a", p.AccessToken, new { version = 0 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendAsync(HttpMethod.Get, "saves/none", p.AccessToken)).Status);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Put, $"saves/s{i}", p.AccessToken, new { data = i })).Status);
        }

        var fourth = await Api.SendAsync(HttpMethod.Put, "saves/s3", p.AccessToken, new { data = 3 });
        Assert.Equal("storage.too_many_slots", fourth.Body.ErrorCode());
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Put, "saves/s0", p.AccessToken, new { data = 10 })).Status);
    }

    [Fact]
    public async Task Owner_only_objects_are_invisible_to_others_and_public_ones_readable()
    {
        var owner = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var collection = "c" + Guid.NewGuid().ToString("N")[..8];
        await Api.SendAsync(HttpMethod.Put, $"storage/{collection}/secret", owner.AccessToken, new { value = new { a = 1 } });
        await Api.SendAsync(HttpMethod.Put, $"storage/{collection}/shown", owner.AccessToken, new { value = new { a = 2 }, read = "public" });

        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Get, $"storage/{collection}/secret", owner.AccessToken)).Status);
        var hidden = await Api.SendAsync(HttpMethod.Get, $"storage/{collection}/secret", other.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal("storage.object_not_found", hidden.Body.ErrorCode());
        var shown = await Api.SendAsync(HttpMethod.Get, $"storage/{collection}/shown", other.AccessToken);
        Assert.Equal(2, shown.Body.GetProperty("value").GetProperty("a").GetInt32());
        Assert.Equal(owner.Id, shown.Body.GetProperty("owner_id").GetGuid());

        var listOther = await Api.SendAsync(HttpMethod.Get, $"storage/{collection}", other.AccessToken);
        Assert.Equal(["shown"], listOther.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("key").GetString()));
        var listOwner = await Api.SendAsync(HttpMethod.Get, $"storage/{collection}?limit=1", owner.AccessToken);
        Assert.Equal("secret", listOwner.Body.GetProperty("next_after").GetString());
    }

    [Fact]
    public async Task Only_the_owner_writes_unless_write_is_public_and_only_the_owner_deletes()
    {
        var owner = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var c = "w" + Guid.NewGuid().ToString("N")[..8];
        await Api.SendAsync(HttpMethod.Put, $"storage/{c}/mine", owner.AccessToken, new { value = 1, read = "public" });
        var denied = await Api.SendAsync(HttpMethod.Put, $"storage/{c}/mine", other.AccessToken, new { value = 2 });
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("storage.write_forbidden", denied.Body.ErrorCode());

        await Api.SendAsync(HttpMethod.Put, $"storage/{c}/board", owner.AccessToken, new { value = 1, read = "public", write = "public" });
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Put, $"storage/{c}/board", other.AccessToken, new { value = 2, version = 1 })).Status);
        var grab = await Api.SendAsync(HttpMethod.Put, $"storage/{c}/board", other.AccessToken, new { value = 3, write = "owner" });
        Assert.Equal(HttpStatusCode.Forbidden, grab.Status);
        var stale = await Api.SendAsync(HttpMethod.Put, $"storage/{c}/board", owner.AccessToken, new { value = 4, version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await Api.SendAsync(HttpMethod.Delete, $"storage/{c}/board", other.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Api.SendAsync(HttpMethod.Delete, $"storage/{c}/board?version=1", owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"storage/{c}/board?version=2", owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendAsync(HttpMethod.Get, $"storage/{c}/board", owner.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendAsync(HttpMethod.Delete, $"storage/{c}/board", owner.AccessToken)).Status);
    }

    [Fact]
    public async Task Object_limits_and_bad_permissions_give_clear_errors()
    {
        var p = await Api.RegisterAsync();
        var big = await Api.SendAsync(HttpMethod.Put, "storage/c/k", p.AccessToken, new { value = new string('x', 600) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.Status);
        var perm = await Api.SendAsync(HttpMethod.Put, "storage/c/k", p.AccessToken, new { value = 1, read = "everyone" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, perm.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.SendAsync(HttpMethod.Get, "storage/c?limit=1000", p.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.SendAsync(HttpMethod.Get, "storage/c/k", null)).Status);
    }
}
