namespace Asobi.IntegrationTests.Support;

/// <summary>Base for tests that need two real nodes on one database (a fresh pair per test).</summary>
public abstract class TwoNodeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    protected NodeHost A { get; private set; } = null!;

    protected NodeHost B { get; private set; } = null!;

    protected string ConnectionString => db.ConnectionString;

    /// <summary>Settings both nodes start with; none by default.</summary>
    protected virtual IDictionary<string, string?>? NodeSettings => null;

    public virtual async Task InitializeAsync()
    {
        A = await NodeHost.StartAsync(db.ConnectionString, NodeSettings);
        B = await NodeHost.StartAsync(db.ConnectionString, NodeSettings);
    }

    public virtual async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
