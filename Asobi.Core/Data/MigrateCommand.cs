using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Asobi.Data;

/// <summary>
/// <c>&lt;process&gt; migrate</c>: applies pending migrations and exits (0 on success, 1 with the failing file named).
/// Useful before a rolling deploy; processes also migrate on start.
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var runner = new MigrationRunner(loggers.CreateLogger<MigrationRunner>());
        try
        {
            await runner.ApplyAsync(DatabaseConfiguration.DirectConnectionString(configuration), Migration.Embedded(), CancellationToken.None);
            return 0;
        }
        catch (Exception ex) when (ex is MigrationFailedException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
