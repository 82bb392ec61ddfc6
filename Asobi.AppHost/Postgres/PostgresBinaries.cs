using Microsoft.Extensions.Configuration;

namespace Asobi.AppHost.Postgres;

/// <summary>Finds the PostgreSQL server binaries (initdb and postgres) that local mode runs.</summary>
internal static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>
    /// <c>Postgres:BinDir</c> (or the <c>PG_BIN</c> environment variable) when set, else the newest
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, else the first PATH entry that has both programs.
    /// </summary>
    /// <exception cref="DistributedApplicationException">No server binaries were found.</exception>
    public static string Find(IConfiguration configuration)
    {
        var configured = configuration["Postgres:BinDir"] ?? configuration["PG_BIN"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? Path.GetFullPath(configured)
                : throw NotFound($"Postgres:BinDir (or PG_BIN) is '{configured}', which has no initdb and postgres.");
        }

        var newest = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .Select(d => (Bin: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(x => x.Version >= 0 && HasServer(x.Bin))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Bin)
                .FirstOrDefault()
            : null;

        return newest
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasServer)
            ?? throw NotFound($"No initdb and postgres were found in {DebianRoot}/<version>/bin or on PATH.");
    }

    private static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"));

    private static DistributedApplicationException NotFound(string what) => new(
        $"PostgreSQL server binaries are needed for Postgres:Mode=local. {what} " +
        "Install them (Debian/Ubuntu: apt-get install postgresql) or set Postgres:BinDir to their folder; " +
        "or choose another mode: Postgres:Mode=container (needs Docker or Podman) or " +
        "Postgres:Mode=external with ConnectionStrings:asobi.");
}
