using System.Globalization;
using System.Runtime.InteropServices;
using Asobi.Bus;
using Asobi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Asobi.Bench.Bus;

/// <summary>
/// Runs the sending node in this process and the receiving node in another, trial after trial, with the
/// configurations interleaved so that drift (other load, caches, the server's state) spreads over all of them.
/// </summary>
internal static class Coordinator
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        TestPostgres? server = null;
        var connectionString = arguments.Connection;
        if (connectionString is null)
        {
            Progress("starting a private PostgreSQL server");
            server = await TestPostgres.StartNewAsync();
            connectionString = await server.CreateDatabaseAsync("bench");
        }

        try
        {
            await BenchBus.ApplyBusMigrationAsync(connectionString);
            var serverVersion = await ScalarAsync(connectionString, "SHOW server_version");
            using var receiver = await ReceiverProcess.StartAsync(connectionString);
            Progress($"receiver running as process {receiver.Id}; warming up");
            await RunTrialAsync(connectionString, receiver, new TrialConfig(true, 5_000), 0, TimeSpan.FromSeconds(2));

            var configs = new List<TrialConfig>();
            foreach (var batching in new[] { true, false })
            {
                configs.AddRange(arguments.Rates.Select(rate => new TrialConfig(batching, rate)));
            }

            var results = new List<TrialResult>();
            for (var trial = 1; trial <= arguments.Trials; trial++)
            {
                // Rotate the order each round so no configuration always runs first or last.
                var order = configs.Skip(trial - 1).Concat(configs.Take(trial - 1)).ToList();
                foreach (var config in order)
                {
                    var result = await RunTrialAsync(connectionString, receiver, config, trial, arguments.Duration);
                    Progress(string.Create(CultureInfo.InvariantCulture,
                        $"trial {trial} {config}: {result.Received.Count:N0} of {result.Accepted:N0} received in {(result.Received.LastAt - result.StartedAt) / 1e6:F2} s = {result.DeliveredPerSecond:N0}/s, p50 {result.Received.P50 / 1000.0:F2} ms, p99 {result.Received.P99 / 1000.0:F2} ms, {result.EventsPerPayload:F1} events/NOTIFY, lost {result.Lost}, rejected {result.Rejected}"));
                    results.Add(result);
                }
            }

            Console.WriteLine(Report.Environment(serverVersion, arguments, server is not null));
            Console.WriteLine(Report.Table(results, configs));
            return 0;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<TrialResult> RunTrialAsync(
        string connectionString, ReceiverProcess receiver, TrialConfig config, int trial, TimeSpan duration)
    {
        var topic = $"bench.{trial}.{(config.Batching ? "on" : "off")}.{config.RateLabel.Replace("/s", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal)}";
        await receiver.BeginAsync(topic);
        using var host = await BenchBus.StartAsync(connectionString, $"bench-sender-{Guid.NewGuid():N}"[..24], config.Batching);
        using var batches = new BatchSizeMeter(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var bus = host.Services.GetRequiredService<IClusterBus>();

        var startedAt = UnixMicros.Now();
        var (accepted, rejected) = config.Rate is { } rate
            ? await Publisher.PacedAsync(bus, topic, rate, duration)
            : await Publisher.SaturateAsync(bus, topic, duration);
        var received = await receiver.EndAsync(accepted);
        await host.StopAsync();
        if (received.OutOfOrder > 0)
        {
            Progress($"WARNING: {received.OutOfOrder} events out of order");
        }

        return new TrialResult(config, trial, accepted, rejected, received, startedAt, batches.MeanEventsPerPayload);
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Machine facts printed with the table.</summary>
    internal static string Machine() =>
        $"{Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
