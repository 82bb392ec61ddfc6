
namespace Asobi.IntegrationTests.Support;

/// <summary>A fresh database on the shared test server, per test class.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public TestPostgres Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestPostgres.SharedAsync();
        ConnectionString = await Server.CreateDatabaseAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>One node on its own database, shared by a test class.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public NodeHost Node { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = await TestPostgres.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync();
        Node = await NodeHost.StartAsync(ConnectionString);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
