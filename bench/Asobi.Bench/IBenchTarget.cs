namespace Asobi.Bench;

/// <summary>A system under test: started fresh by the bench, measured through its server processes' /proc entries.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string System { get; }

    int MaxNodes { get; }

    IReadOnlyList<int> ServerPids { get; }

    Task StartAsync(int nodes, CancellationToken ct);

    Task StopAsync();

    /// <summary>A load process's job; <paramref name="room"/> is the scenario's room type or chat channel.</summary>
    ClientJob Job(string mode, int sockets, string room, string? localAddress);

    ChildProcess StartClient(ClientJob job, string name);
}
