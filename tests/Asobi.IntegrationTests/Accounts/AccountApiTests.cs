using System.Net;
using System.Text.Json;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Accounts;

public sealed class AccountApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private AsobiApiClient Api => fixture.Node.Api;

    [Fact]
    public async Task Register_returns_tokens_that_open_a_profile()
    {
        var player = await Api.RegisterAsync();
        var (status, body) = await Api.GetAsync($"players/{player.Id}", player.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(player.Username, body.GetProperty("username").GetString());
        Assert.Equal(player.Username, body.GetProperty("display_name").GetString());
    }

    [Fact]
    public async Task Duplicate_username_is_a_conflict_whatever_the_case()
    {
        var name = "dup" + Guid.NewGuid().ToString("N")[..8];
        await Api.RegisterAsync(name);
        var (status, body) = await Api.PostAsync("auth/register", new { username = name.ToUpperInvariant(), password = AsobiApiClient.Password });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("auth.username_taken", Code(body));
    }

    [Fact]
    public async Task Bad_username_and_password_are_rejected_field_by_field()
    {
        var (status, body) = await Api.PostAsync("auth/register", new { username = "a b", password = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("validation_failed", Code(body));
        var details = body.GetProperty("error").GetProperty("details");
        Assert.True(details.TryGetProperty("username", out _));
        Assert.True(details.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Node.Http.PostAsync("/api/v1/auth/register", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", Code(doc.RootElement));
    }

    [Fact]
    public async Task Login_with_a_wrong_password_or_unknown_user_says_the_same()
    {
        var player = await Api.RegisterAsync();
        var wrong = await Api.PostAsync("auth/login", new { username = player.Username, password = "not-the-password" });
        var unknown = await Api.PostAsync("auth/login", new { username = "nobody" + Guid.NewGuid().ToString("N")[..8], password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(wrong.Body.ToString(), unknown.Body.ToString());

        var ok = await Api.PostAsync("auth/login", new { username = player.Username, password = AsobiApiClient.Password });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(player.Id, ok.Body.GetProperty("player_id").GetGuid());
    }

    [Fact]
    public async Task Refresh_rotates_and_reuse_revokes_the_whole_family()
    {
        var player = await Api.RegisterAsync();
        var first = await Api.PostAsync("auth/refresh", new { refresh_token = player.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var newer = first.Body.GetProperty("refresh_token").GetString();
        var newAccess = first.Body.GetProperty("access_token").GetString();
        Assert.NotEqual(player.RefreshToken, newer);

        var replay = await Api.PostAsync("auth/refresh", new { refresh_token = player.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.Equal("auth.invalid_refresh_token", Code(replay.Body));

        // The replay revoked the session: its newest tokens are dead too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.PostAsync("auth/refresh", new { refresh_token = newer })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync($"players/{player.Id}", newAccess)).Status);
    }

    [Fact]
    public async Task Logout_kills_the_access_token()
    {
        var player = await Api.RegisterAsync();
        var (status, _) = await Api.PostAsync("auth/logout", new { }, player.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var after = await Api.GetAsync($"players/{player.Id}", player.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("unauthenticated", Code(after.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.PostAsync("auth/refresh", new { refresh_token = player.RefreshToken })).Status);
    }

    [Fact]
    public async Task Logout_with_someone_elses_refresh_token_is_forbidden()
    {
        var a = await Api.RegisterAsync();
        var b = await Api.RegisterAsync();
        var (status, _) = await Api.PostAsync("auth/logout", new { refresh_token = b.RefreshToken }, a.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync($"players/{b.Id}", b.AccessToken)).Status);
    }

    [Fact]
    public async Task Guest_login_creates_then_resumes_the_same_player()
    {
        var device = new { device_id = "dev-" + Guid.NewGuid().ToString("N"), device_secret = "a-long-device-secret-123" };
        var first = await Api.PostAsync("auth/guest", device);
        var again = await Api.PostAsync("auth/guest", device);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.GetProperty("player_id").GetGuid(), again.Body.GetProperty("player_id").GetGuid());

        var wrong = await Api.PostAsync("auth/guest", new { device.device_id, device_secret = "another-long-secret-456" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        var invalid = await Api.PostAsync("auth/guest", new { device_id = "", device_secret = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
    }

    [Fact]
    public async Task Profiles_need_a_token_and_only_their_owner_may_change_them()
    {
        var a = await Api.RegisterAsync();
        var b = await Api.RegisterAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync($"players/{a.Id}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync($"players/{a.Id}", "not-a-token")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PutAsync($"players/{a.Id}", new { display_name = "x" }, b.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"players/{Guid.NewGuid()}", a.AccessToken)).Status);

        var (status, body) = await Api.PutAsync($"players/{a.Id}", new { display_name = "Ace", metadata = new { level = 3 } }, a.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Ace", body.GetProperty("display_name").GetString());
        Assert.Equal(3, body.GetProperty("metadata").GetProperty("level").GetInt32());

        var bad = await Api.PutAsync($"players/{a.Id}", new { display_name = new string('x', 65), metadata = 5 }, a.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
    }

    internal static string? Code(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString();
}
