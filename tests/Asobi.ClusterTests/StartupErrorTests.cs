namespace Asobi.ClusterTests;

/// <summary>Configuration mistakes stop the AppHost before anything starts, with a message that says what to do.</summary>
public sealed class StartupErrorTests
{
    [Theory]
    [InlineData("Postgres:BinDir=/nonexistent", "apt-get install postgresql")]
    [InlineData("Postgres:BinDir=/nonexistent", "Postgres:Mode")]
    [InlineData("Postgres:Mode=elsewhere", "use local, container or external")]
    [InlineData("Nodes:Count=0", "Nodes:Count must be at least 1")]
    public async Task A_bad_setting_fails_startup_with_a_clear_message(string setting, string expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Asobi_AppHost>(
                ["Postgres:Mode=local", "Parameters:pg-password=unused", setting], cts.Token);
            await using var app = await builder.BuildAsync(cts.Token);
        });

        Assert.Contains(expected, Messages(e), StringComparison.Ordinal);
    }

    private static string Messages(Exception e) =>
        e.InnerException is null ? e.Message : e.Message + " | " + Messages(e.InnerException);
}
