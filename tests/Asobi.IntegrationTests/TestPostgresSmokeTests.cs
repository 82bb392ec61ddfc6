using Npgsql;

namespace Asobi.IntegrationTests;

public sealed class TestPostgresSmokeTests
{
    [Fact]
    public async Task A_private_server_answers_and_survives_a_restart()
    {
        await using var pg = await TestPostgres.StartNewAsync();
        var cs = await pg.CreateDatabaseAsync();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select 41 + 1", conn);
            Assert.Equal(42, (int)(await cmd.ExecuteScalarAsync())!);
        }

        await pg.StopAsync();
        await pg.StartAsync();
        await using (var conn = new NpgsqlConnection(cs + ";Pooling=false"))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select current_database()", conn);
            Assert.StartsWith("test_", (string)(await cmd.ExecuteScalarAsync())!);
        }
    }
}
