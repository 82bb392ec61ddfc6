using Npgsql;

namespace Asobi.Data;

/// <summary>A migration file failed; the process must not start on a half-migrated schema.</summary>
public sealed class MigrationFailedException : Exception
{
    public MigrationFailedException(string fileName, PostgresException inner)
        : base($"Migration {fileName} failed: {inner.SqlState} {inner.MessageText}" +
               (inner.Position > 0 ? $" (at character {inner.Position})" : string.Empty), inner)
        => FileName = fileName;

    public string FileName { get; }
}
