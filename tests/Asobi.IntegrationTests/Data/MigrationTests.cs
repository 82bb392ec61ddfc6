using System.Diagnostics;
using Asobi.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Asobi.IntegrationTests.Data;

public sealed class MigrationTests
{
    private static readonly MigrationRunner Runner = new(NullLogger<MigrationRunner>.Instance);

    [Fact]
    public async Task An_empty_database_gets_every_migration_once_and_a_rerun_changes_nothing()
    {
        var cs = await (await TestPostgres.SharedAsync()).CreateDatabaseAsync();
        var all = Migration.Embedded();
        Assert.NotEmpty(all);

        var first = await Runner.ApplyAsync(cs, all, default);
        Assert.Equal(all.Select(m => m.Name), first);
        var second = await Runner.ApplyAsync(cs, all, default);
        Assert.Empty(second);
        Assert.Equal(all.Select(m => m.Version), await AppliedAsync(cs));
    }

    [Fact]
    public async Task Three_processes_migrating_at_once_apply_each_file_exactly_once()
    {
        var cs = await (await TestPostgres.SharedAsync()).CreateDatabaseAsync();
        var nodeDll = Path.Combine(AppContext.BaseDirectory, "Asobi.Node.dll");
        var processes = Enumerable.Range(0, 3).Select(_ =>
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(nodeDll);
            psi.ArgumentList.Add(MigrateCommand.Verb);
            psi.Environment["ConnectionStrings__asobi"] = cs;
            return Process.Start(psi)!;
        }).ToList();

        foreach (var p in processes)
        {
            var output = p.StandardOutput.ReadToEndAsync();
            var errors = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await p.WaitForExitAsync(cts.Token);
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {await errors}{await output}");
            p.Dispose();
        }

        Assert.Equal(Migration.Embedded().Select(m => m.Version), await AppliedAsync(cs));
    }

    [Fact]
    public async Task A_failing_migration_names_its_file_and_leaves_nothing_half_done()
    {
        var cs = await (await TestPostgres.SharedAsync()).CreateDatabaseAsync();
        Migration[] migrations =
        [
            new(1, "0001_ok.sql", "CREATE TABLE ok_table (id int)"),
            new(2, "0002_broken.sql", "CREATE TABLE half_table (id int); SELECT * FROM no_such_table"),
        ];

        var ex = await Assert.ThrowsAsync<MigrationFailedException>(() => Runner.ApplyAsync(cs, migrations, default));
        Assert.Equal("0002_broken.sql", ex.FileName);
        Assert.Contains("0002_broken.sql", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", ex.Message, StringComparison.Ordinal);
        Assert.Equal([1], await AppliedAsync(cs));

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select to_regclass('half_table') is null", conn);
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_migrate_command_fails_clearly_without_a_database()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Asobi.Node.dll"));
        psi.ArgumentList.Add(MigrateCommand.Verb);
        psi.Environment.Remove("ConnectionStrings__asobi");
        using var p = Process.Start(psi)!;
        var errors = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("ConnectionStrings:asobi", errors, StringComparison.Ordinal);
    }

    private static async Task<List<int>> AppliedAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select version from schema_migrations order by version", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
