namespace Asobi.IntegrationTests.Support;

/// <summary>Base for tests that need two real nodes on one database (a fresh pair per test).</summary>
public abstract class TwoNodeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    protected NodeHost A { get; private set; } = null!;

    protected NodeHost B { get; private set; } = null!;

    protected string ConnectionString => db.ConnectionString;

    public virtual async Task InitializeAsync()
    {
        A = await NodeHost.StartAsync(db.ConnectionString);
        B = await NodeHost.StartAsync(db.ConnectionString);
    }

    public virtual async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
