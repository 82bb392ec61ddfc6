using Npgsql;

namespace Asobi.Node.Accounts;

/// <summary>SQL of <c>server_secrets</c>: values every node must share, created by whichever starts first.</summary>
public sealed class SecretStore(NpgsqlDataSource db)
{
    private const string InsertSql = "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
    private const string SelectSql = "SELECT value FROM server_secrets WHERE name = $1";

    public async Task<byte[]> GetOrCreateAsync(string name, byte[] candidate, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertSql) { Parameters = { new() { Value = name }, new() { Value = candidate } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SelectSql) { Parameters = { new() { Value = name } } });
        return (byte[])(await batch.ExecuteScalarAsync(ct))!;
    }
}
