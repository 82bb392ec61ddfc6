using System.Net;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Accounts;

public sealed class AuthRateLimitTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Register_and_login_are_limited_per_address()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Asobi:Auth:RegisterPerMinute"] = "2",
            ["Asobi:Auth:LoginPerMinute"] = "3",
        });
        var player = await node.Api.RegisterAsync();
        await node.Api.RegisterAsync();
        var (status, body) = await node.Api.PostAsync("auth/register", new { username = "third" + Guid.NewGuid().ToString("N")[..6], password = AsobiApiClient.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("rate_limited", AccountApiTests.Code(body));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await node.Api.PostAsync("auth/login", new { username = player.Username, password = AsobiApiClient.Password })).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await node.Api.PostAsync("auth/login", new { username = player.Username, password = AsobiApiClient.Password })).Status);
    }
}
