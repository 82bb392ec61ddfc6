using System.Net;
using System.Text.Json;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Cluster;

/// <summary>The read-only cluster views take a player's token or the operator key, and refuse anything else clearly.</summary>
public sealed class ClusterViewAccessTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const string Key = "cluster-view-operator-key-0123456789abc";
    private static readonly string[] Views = ["cluster/nodes", "cluster/matchmaker"];

    [Fact]
    public async Task An_operator_reads_every_cluster_view_with_the_key_alone()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?> { ["Asobi:Operator:Key"] = Key });
        var player = await node.Api.RegisterAsync();

        foreach (var view in Views)
        {
            var (asOperator, operatorBody) = await GetAsync(node, view, Key);
            Assert.True(asOperator == HttpStatusCode.OK, $"{view}: {(int)asOperator} {operatorBody}");
            var (asPlayer, playerBody) = await node.Api.GetAsync(view, player.AccessToken);
            Assert.Equal(HttpStatusCode.OK, asPlayer);

            // Same view, whoever asks.
            Assert.Equal(Shape(playerBody), Shape(operatorBody));
        }
    }

    [Fact]
    public async Task A_wrong_key_is_refused_even_beside_a_valid_player_token()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?> { ["Asobi:Operator:Key"] = Key });
        var player = await node.Api.RegisterAsync();

        foreach (var view in Views)
        {
            var (wrong, wrongBody) = await GetAsync(node, view, Key + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong);
            Assert.Equal("operator.invalid_key", Code(wrongBody));

            var (both, bothBody) = await GetAsync(node, view, "not-the-key", player.AccessToken);
            Assert.Equal(HttpStatusCode.Unauthorized, both);
            Assert.Equal("operator.invalid_key", Code(bothBody));

            var (neither, _) = await GetAsync(node, view, key: null);
            Assert.Equal(HttpStatusCode.Unauthorized, neither);
        }
    }

    [Fact]
    public async Task A_key_sent_to_a_node_without_one_is_refused_as_disabled_and_players_still_get_in()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        var player = await node.Api.RegisterAsync();

        var (status, body) = await GetAsync(node, "cluster/nodes", Key);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("operator.disabled", Code(body));
        Assert.Equal(HttpStatusCode.OK, (await node.Api.GetAsync("cluster/nodes", player.AccessToken)).Status);
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(NodeHost node, string path, string? key, string? token = null) =>
        node.Api.OperatorAsync(HttpMethod.Get, path, key, token: token);

    private static string? Code(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString();

    private static string Shape(JsonElement body) => string.Join(',', body.EnumerateObject().Select(p => p.Name));
}
