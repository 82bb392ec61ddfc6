using Asobi.Bus;
using Npgsql;

namespace Asobi.IntegrationTests.Bus;

/// <summary>A fresh database with the bus's table, made by running the shipped migration file itself.</summary>
internal static class BusDatabase
{
    public static async Task<string> CreateAsync(TestPostgres server)
    {
        var connectionString = await server.CreateDatabaseAsync("bus");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(MigrationText(), connection);
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string MigrationText()
    {
        var assembly = typeof(IClusterBus).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("0002_bus.sql", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
